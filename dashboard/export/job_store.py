"""Export jobs on disk, so every server process sees every job: ``<exports>/<job>.json`` holds a job's
state and ``<exports>/<job>.<fmt>`` its file. Both are written atomically (a temporary file, then
`os.replace`), so a reader in another process sees the old state or the new one, never half of one.

Only the process running a job writes its state; it renews ``heartbeat`` every `HEARTBEAT_SECONDS`
while the job waits or runs. A job still waiting or running whose heartbeat is older than
`STALE_SECONDS` belonged to a process that died (a worker restart, a crash): it reads as ``lost``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from geodata.i18n import N_, SOURCE_LANGUAGE

HEARTBEAT_SECONDS = 2.0
STALE_SECONDS = 15.0
KEEP_SECONDS = 3_600  # finished jobs and their files are removed an hour after they finished
ACTIVE = ("queued", "running")
JOB_ID = re.compile(r"[0-9a-f]{12}")
WAITING = N_("waiting for a free export slot")  # a new job's stage, written as _(WAITING) when it starts


@dataclass
class JobRecord:
    """One export job as the job store keeps it: format, client, state and stage, timestamps, the process
    running it, the download's name, and the language its file and messages are written in (the page's).
    """

    job_id: str
    fmt: str
    client: str
    state: str = "queued"  # queued | running | done | failed
    stage: str = WAITING  # in words, in the job's language
    message: str | None = None
    created: float = field(default_factory=time.time)
    started: float | None = None
    heartbeat: float = field(default_factory=time.time)
    pid: int = field(default_factory=os.getpid)
    filename: str | None = None  # what the download is called: what the file holds (export_filename)
    language: str = SOURCE_LANGUAGE  # the page's language when the job started

    def is_lost(self, now: float | None = None) -> bool:
        """Whether the job still waits or runs but its heartbeat is older than `STALE_SECONDS` (its process
        died); ``now`` in seconds since the epoch, by default the current time.
        """
        return self.state in ACTIVE and (now or time.time()) - self.heartbeat > STALE_SECONDS


class JobStore:
    """Read and write job records and files in one folder (``DATA_DIR/exports`` by default)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def state_path(self, job_id: str) -> Path:
        """Where the job's state (its `JobRecord` as JSON) is kept."""
        return self.folder / f"{job_id}.json"

    def file_path(self, job_id: str, fmt: str) -> Path:
        """Where a finished job's file is kept."""
        return self.folder / f"{job_id}.{fmt}"

    def partial_path(self, job_id: str, fmt: str) -> Path:
        """Where a running export writes; renamed to `file_path` when complete."""
        return self.folder / f".{job_id}.partial.{fmt}"

    def write(self, record: JobRecord) -> None:
        """Save the record's state atomically (a temporary file, then `os.replace`)."""
        fd, tmp = tempfile.mkstemp(prefix=f".{record.job_id}.", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(asdict(record), handle)
            os.replace(tmp, self.state_path(record.job_id))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, job_id: str | None) -> JobRecord | None:
        """The job's record; None for text that is not a job id, or a state that is missing or unreadable."""
        if not isinstance(job_id, str) or not JOB_ID.fullmatch(job_id):
            return None
        try:
            data = json.loads(self.state_path(job_id).read_text(encoding="utf-8"))
            return JobRecord(**data)
        except (OSError, ValueError, TypeError):
            return None

    def records(self) -> list[JobRecord]:
        """Every job record in the folder that can be read."""
        found = []
        for path in self.folder.glob("*.json"):
            record = self.read(path.stem)
            if record is not None:
                found.append(record)
        return found

    def active_for(self, client: str) -> int:
        """How many of ``client``'s jobs are waiting or running (lost ones do not count)."""
        now = time.time()
        return sum(
            1 for r in self.records() if r.client == client and r.state in ACTIVE and not r.is_lost(now)
        )

    def active_total(self) -> int:
        """How many jobs of all clients are waiting or running (lost ones do not count)."""
        now = time.time()
        return sum(1 for r in self.records() if r.state in ACTIVE and not r.is_lost(now))

    def prune(self, keep_seconds: float = KEEP_SECONDS) -> None:
        """Remove finished or lost jobs older than ``keep_seconds``, and their files."""
        cutoff = time.time() - keep_seconds
        for record in self.records():
            if (record.state not in ACTIVE or record.is_lost()) and record.heartbeat < cutoff:
                self.file_path(record.job_id, record.fmt).unlink(missing_ok=True)
                self.partial_path(record.job_id, record.fmt).unlink(missing_ok=True)
                self.state_path(record.job_id).unlink(missing_ok=True)
