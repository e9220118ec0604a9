"""Exports started from the page run on worker threads of the server; the page polls for progress.

Why not Dash's `background=True` with a DiskcacheManager: that runs each job in a forked process,
where kaleido's warm renderer (a thread of this process) does not exist — every export would pay
a cold Chromium start — and DuckDB connections are not fork-safe. A small pool of threads here keeps
a warm renderer per process and never blocks the page's callbacks.

Several server processes (gunicorn workers) share the jobs through the data directory
(`JobStore`): the process that received "Export" runs the job and records its progress there; a
poll answered by any process reads it there; a job whose process died reads as lost, and the page
offers to export again. Bounds: `export_workers` jobs run at once per process, each for at most
`export_timeout` seconds, and one client (browser) has at most `export_queue_per_client` jobs
waiting or running, so one user cannot starve the others.
"""

from __future__ import annotations

import logging
import os
import queue
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from dashboard.export.command import export_filename_for, export_with_services
from dashboard.export.formats import FORMATS, PICTURE_SIZES
from dashboard.export.images import ImageRenderer
from dashboard.export.job_store import HEARTBEAT_SECONDS, WAITING, JobRecord, JobStore
from dashboard.services import Services
from dashboard.settings import env_int
from geodata.i18n import _, active_language, use_language

TITLE_MAX = 120
QUERY_MAX = 8_192

log = logging.getLogger(__name__)


class ExportRefused(Exception):
    """The export was not started; the message says why (shown on the page)."""


def exports_folder(live: Callable[[], Services]) -> Path:
    """``DATA_DIR/exports`` of the store the services read; a private temporary folder if the data
    directory is read-only (then jobs are seen only by this process: run one worker).
    """
    folder = Path(live().store.layout.root) / "exports"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
        return folder
    except OSError as error:
        log.warning("exports: %s is not writable (%s); using a temporary folder", folder, error)
        return Path(tempfile.mkdtemp(prefix="corridor-atlas-exports-"))


def download_name(services: Services, query: str, fmt: str) -> str | None:
    """The downloaded file's name (what it holds); None (a generic name) if the view cannot say."""
    try:
        return export_filename_for(services, query, fmt)
    except Exception:  # a name is a courtesy: never fail a finished export over it
        log.warning("export: no file name for %r", query[:200], exc_info=True)
        return None


class ExportJobs:
    """Start an export, ask how it is going, collect the file — from any server process."""

    def __init__(
        self,
        live: Callable[[], Services],
        renderer: ImageRenderer | None = None,
        folder: Path | None = None,
        workers: int | None = None,
        timeout: float | None = None,
        per_client: int | None = None,
        capacity: int | None = None,
    ) -> None:
        self._live = live
        self.renderer = renderer or ImageRenderer()  # started by the first picture, closed by `close`
        self._folder = folder
        self.workers = workers or env_int("EXPORT_WORKERS", 1)
        self.timeout = timeout or env_int("EXPORT_TIMEOUT", 120)
        self.per_client = per_client or env_int("EXPORT_QUEUE_PER_CLIENT", 2)
        # jobs waiting or running across all processes before the server says it is busy
        self.capacity = capacity or env_int("EXPORT_CAPACITY", 16)
        self._queue: queue.Queue[tuple[JobRecord, str, str | None]] = queue.Queue()
        self._owned: dict[str, JobRecord] = {}
        self._lock = threading.Lock()
        self._started_pid: int | None = None
        self._store: JobStore | None = None

    def close(self) -> None:
        """Stop the image renderer's Chromium (at the end of the process; a later export restarts it)."""
        self.renderer.close()

    def configure(self, workers: int, timeout: float, per_client: int) -> None:
        """Set the number of export threads, the seconds an export may run, the jobs a client may queue."""
        self.workers, self.timeout, self.per_client = workers, timeout, per_client

    @property
    def store(self) -> JobStore:
        """The job store, opened on first use in ``folder`` if one was given, else in `exports_folder`."""
        if self._store is None:
            self._store = JobStore(self._folder or exports_folder(self._live))
        return self._store

    # --- the page's side -----------------------------------------------------------------------

    def start(
        self, query: str, fmt: str, title: str | None, client: str = "local", aspect: str = "16:9"
    ) -> str:
        """Queue an export of the view ``query`` in ``fmt`` (starting this process's export threads if
        needed): the new job's id. Raises `ExportRefused` for an unknown format or picture shape, or when
        the client or the server already has too many exports waiting.
        """
        if fmt not in FORMATS:
            raise ExportRefused(_("Unknown export format {format}.").format(format=repr(str(fmt)[:20])))
        if aspect not in PICTURE_SIZES:
            raise ExportRefused(
                _("Unknown picture shape {shape}: choose 16:9 or 4:3.").format(shape=repr(str(aspect)[:20]))
            )
        store = self.store
        store.prune()
        if store.active_for(client) >= self.per_client:
            raise ExportRefused(
                _("You already have {count} exports in progress: wait for one to finish.").format(
                    count=self.per_client
                )
            )
        if store.active_total() >= self.capacity:
            raise ExportRefused(_("The server is busy with other exports: try again in a minute."))
        language = active_language()  # the page's: the worker threads have none of their own
        record = JobRecord(uuid.uuid4().hex[:12], fmt, client, stage=_(WAITING), language=language)
        title = (title.strip()[:TITLE_MAX] or None) if isinstance(title, str) else None
        self._ensure_threads()
        with self._lock:
            self._owned[record.job_id] = record
            store.write(record)
        self._queue.put((record, str(query)[:QUERY_MAX], title, aspect))
        return record.job_id

    def status(self, job_id: str | None) -> tuple[str, Path | None, str | None]:
        """('running' | 'done' | 'failed' | 'lost' | 'unknown', file when done, message)."""
        record = self.store.read(job_id)
        if record is None:
            return "unknown", None, None
        if record.is_lost():
            return "lost", None, _("This export was lost (the server restarted): press Export to try again.")
        if record.state in ("queued", "running"):
            return "running", None, record.stage
        if record.state == "failed":
            return "failed", None, record.message
        path = self.store.file_path(record.job_id, record.fmt)
        if not path.is_file():
            return "lost", None, _("The exported file is gone: press Export to make it again.")
        return "done", path, record.filename  # when done, the message is the download's file name

    # --- the server's side ---------------------------------------------------------------------

    def _ensure_threads(self) -> None:
        """Start the export threads and the heartbeat in this process (again after a fork)."""
        with self._lock:
            if self._started_pid == os.getpid():
                return
            self._started_pid = os.getpid()
            self._queue = queue.Queue()
            self._owned = {}
            for index in range(self.workers):
                threading.Thread(target=self._serve, name=f"export-{index}", daemon=True).start()
            threading.Thread(target=self._beat, name="export-heartbeat", daemon=True).start()

    def _update(self, record: JobRecord, **changes) -> None:
        with self._lock:
            if self._owned.get(record.job_id) is not record:
                return  # already finished (e.g. timed out): a late update must not revive it
            for key, value in changes.items():
                setattr(record, key, value)
            record.heartbeat = time.time()
            if record.state not in ("queued", "running"):
                self._owned.pop(record.job_id, None)
            self.store.write(record)

    def _beat(self) -> None:
        while True:
            time.sleep(HEARTBEAT_SECONDS)
            with self._lock:
                records = list(self._owned.values())
            for record in records:
                try:
                    self._update(record)
                except OSError as error:
                    log.warning("export heartbeat: %s", error)

    def _serve(self) -> None:
        while True:
            record, query, title, aspect = self._queue.get()
            try:
                with use_language(record.language):  # this thread has no request: the job's language
                    self._run(record, query, title, aspect)
            except Exception:  # never let one job end this export thread
                log.exception("export %s", record.job_id)

    def _run(self, record: JobRecord, query: str, title: str | None, aspect: str = "16:9") -> None:
        """Run one job on its own thread and wait at most `timeout` seconds for it; a job past its
        time is reported failed and this slot moves on (its thread finishes in the background,
        and its file is discarded).
        """
        store = self.store
        partial = store.partial_path(record.job_id, record.fmt)
        outcome: dict[str, object] = {}
        self._update(
            record,
            state="running",
            started=time.time(),
            stage=_("building the {format} (queries and rendering)").format(format=record.fmt.upper()),
        )

        def work() -> None:
            try:
                services = self._live()
                with use_language(record.language):  # a new thread: the job's language again
                    export_with_services(
                        services,
                        query,
                        record.fmt,
                        partial,
                        title=title,
                        aspect=aspect,
                        renderer=self.renderer,
                    )
                outcome["filename"] = download_name(services, query, record.fmt)
                outcome["error"] = None
            except BaseException as error:  # reported on the page
                outcome["error"] = error

        thread = threading.Thread(target=work, name=f"export-job-{record.job_id}", daemon=True)
        thread.start()
        thread.join(self.timeout)
        if thread.is_alive():
            self._update(
                record,
                state="failed",
                message=_("Export stopped: it took longer than {seconds} s. Try a smaller view.").format(
                    seconds=f"{self.timeout:g}"
                ),
            )
            return
        error = outcome.get("error")
        if error is not None:
            partial.unlink(missing_ok=True)
            self._update(record, state="failed", message=_("Export failed: {error}").format(error=error))
            return
        os.replace(partial, store.file_path(record.job_id, record.fmt))
        self._update(record, state="done", stage="done", filename=outcome.get("filename"))
