"""Exports started from the page run on a worker thread of the server; the page polls for progress.

Why not Dash's `background=True` with a DiskcacheManager: that runs each job in a forked process,
where kaleido's warm renderer (a thread of this process) does not exist — every export would pay
a cold Chromium start — and DuckDB connections are not fork-safe. A one-thread executor here keeps
one warm renderer per process and never blocks the page's callbacks.
"""

from __future__ import annotations

import tempfile
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from dashboard.export.command import export_with_services
from dashboard.services import Services

MAX_JOBS_KEPT = 20


@dataclass
class ExportJob:
    job_id: str
    fmt: str
    stage: str
    future: Future
    path: Path


class ExportJobs:
    """Start an export, ask how it is going, collect the file."""

    def __init__(self, live: Callable[[], Services]) -> None:
        self._live = live
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
        self._jobs: dict[str, ExportJob] = {}
        self._lock = threading.Lock()
        self._folder = Path(tempfile.mkdtemp(prefix="corridor-atlas-exports-"))

    def start(self, query: str, fmt: str, title: str | None) -> str:
        job_id = uuid.uuid4().hex[:12]
        path = self._folder / f"corridor-atlas-{job_id}.{fmt}"
        job = ExportJob(job_id, fmt, "queued", Future(), path)

        def run() -> Path:
            job.stage = f"building the {fmt.upper()} (queries and rendering)"
            result = export_with_services(self._live(), query, fmt, path, title=title or None)
            job.stage = "done"
            return result

        job.future = self._executor.submit(run)
        with self._lock:
            self._jobs[job_id] = job
            for old in list(self._jobs)[:-MAX_JOBS_KEPT]:
                self._jobs.pop(old).path.unlink(missing_ok=True)
        return job_id

    def status(self, job_id: str | None) -> tuple[str, Path | None, str | None]:
        """('running' | 'done' | 'failed' | 'unknown', file when done, message)."""
        job = self._jobs.get(job_id or "")
        if job is None:
            return "unknown", None, None
        if not job.future.done():
            return "running", None, job.stage
        error = job.future.exception()
        if error is not None:
            return "failed", None, f"Export failed: {error}"
        return "done", job.path, None
