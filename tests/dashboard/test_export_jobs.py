"""Export jobs across server processes: state on disk, lost jobs, time limits, per-client fairness."""

from __future__ import annotations

import json
import threading
import time

import pytest

from callbacks.export import poll_export, start_export
from dashboard.export import jobs as jobs_module
from dashboard.export.job_store import STALE_SECONDS, JobRecord, JobStore
from dashboard.export.jobs import ExportJobs, ExportRefused


def _wait(jobs: ExportJobs, job_id: str, seconds: float = 20) -> tuple:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = jobs.status(job_id)
        if status[0] != "running":
            return status
        time.sleep(0.02)
    raise AssertionError(f"{job_id} still running")


@pytest.fixture()
def fake_export(monkeypatch):
    """export_with_services replaced by one that writes the query and title (or blocks, or fails)."""
    gate = {"block": None, "fail": None}

    def export(_services, query, fmt, path, title=None, aspect="16:9", renderer=None):
        if gate["block"] is not None:
            gate["block"].wait(30)
        if gate["fail"]:
            raise ValueError(gate["fail"])
        path.write_text(f"{query}|{title}")
        return path

    monkeypatch.setattr(jobs_module, "export_with_services", export)
    return gate


def test_a_job_started_in_one_process_is_seen_and_collected_from_another(tmp_path, fake_export):
    worker_a = ExportJobs(lambda: None, folder=tmp_path)
    worker_b = ExportJobs(lambda: None, folder=tmp_path)  # another gunicorn worker: same data dir
    job_id = worker_a.start("goods=chpl", "csv", "T" * 500, client="c1")
    state, path, _ = _wait(worker_b, job_id)
    assert state == "done" and path.read_text() == "goods=chpl|" + "T" * 120
    download, disabled, status = poll_export(job_id, worker_b)
    assert download["filename"] == "corridor-atlas.csv" and disabled and status.startswith("Ready")
    record = json.loads((tmp_path / f"{job_id}.json").read_text())
    assert record["state"] == "done" and record["client"] == "c1"
    assert not list(tmp_path.glob(".*"))  # no temporary or partial file left behind


def test_a_job_whose_process_died_reads_as_lost_and_offers_a_retry(tmp_path):
    store = JobStore(tmp_path)
    stale = time.time() - STALE_SECONDS - 1
    store.write(JobRecord("0123456789ab", "pdf", "c1", state="running", heartbeat=stale))
    jobs = ExportJobs(lambda: None, folder=tmp_path)
    state, path, message = jobs.status("0123456789ab")
    assert state == "lost" and path is None and "try again" in message
    download, disabled, status = poll_export("0123456789ab", jobs)
    assert disabled is True and "press Export to try again" in status
    assert store.active_for("c1") == 0  # a lost job does not hold the client's quota


def test_a_done_job_whose_file_vanished_reads_as_lost(tmp_path):
    JobStore(tmp_path).write(JobRecord("0123456789ab", "pdf", "c1", state="done"))
    assert ExportJobs(lambda: None, folder=tmp_path).status("0123456789ab")[0] == "lost"


def test_unknown_or_hostile_job_ids(tmp_path):
    jobs = ExportJobs(lambda: None, folder=tmp_path)
    for job_id in (None, "", "../../etc/passwd", "0123456789ab", 12, {"a": 1}):
        assert jobs.status(job_id)[0] == "unknown"


def test_a_job_past_its_time_limit_fails_and_frees_the_slot(tmp_path, fake_export):
    fake_export["block"] = threading.Event()
    jobs = ExportJobs(lambda: None, folder=tmp_path, workers=1, timeout=0.3, per_client=5)
    slow = jobs.start("goods=slow", "csv", None, client="c1")
    state, _, message = _wait(jobs, slow)
    assert state == "failed" and "longer than 0.3 s" in message
    fake_export["block"].set()  # the runaway finishes later: its result must not revive the job
    fake_export["block"] = None
    quick = jobs.start("goods=quick", "csv", None, client="c2")
    assert _wait(jobs, quick)[0] == "done"
    time.sleep(0.2)
    assert jobs.status(slow)[0] == "failed" and not (tmp_path / f"{slow}.csv").exists()


def test_a_failing_export_reports_its_error(tmp_path, fake_export):
    fake_export["fail"] = "boom"
    jobs = ExportJobs(lambda: None, folder=tmp_path)
    assert _wait(jobs, jobs.start("goods=chpl", "pdf", None))[:3:2] == ("failed", "Export failed: boom")


def test_one_client_cannot_fill_the_queue(tmp_path, fake_export):
    fake_export["block"] = threading.Event()
    jobs = ExportJobs(lambda: None, folder=tmp_path, workers=1, timeout=30, per_client=2, capacity=3)
    jobs.start("goods=a", "csv", None, client="greedy")
    jobs.start("goods=b", "csv", None, client="greedy")
    with pytest.raises(ExportRefused, match="already have 2 exports"):
        jobs.start("goods=c", "csv", None, client="greedy")
    # the refusal shows on the page, the poll stays off
    assert start_export(1, "goods=c", "csv", None, jobs, client="greedy")[1:] == (
        True,
        "You already have 2 exports in progress: wait for one to finish.",
    )
    other = jobs.start("goods=d", "csv", None, client="polite")  # another user still gets in
    with pytest.raises(ExportRefused, match="busy"):
        jobs.start("goods=e", "csv", None, client="third")
    with pytest.raises(ExportRefused, match="format"):
        jobs.start("goods=e", "exe", None, client="fourth")
    fake_export["block"].set()
    assert _wait(jobs, other)[0] == "done"


def test_finished_jobs_are_pruned(tmp_path):
    store = JobStore(tmp_path)
    old = time.time() - 7_200
    store.write(JobRecord("0123456789ab", "csv", "c1", state="done", heartbeat=old))
    (tmp_path / "0123456789ab.csv").write_text("x")
    store.write(JobRecord("ba9876543210", "csv", "c1", state="done"))
    store.prune()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ba9876543210.json"]
