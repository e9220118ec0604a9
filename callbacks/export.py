"""Export the current view: start a job, poll its progress, deliver the file — the page stays live.

Jobs live in the data directory (`dashboard.export.jobs`), so the poll may reach any server process.
"""

from __future__ import annotations

from dash import Dash, Input, Output, State, dcc, no_update

from dashboard import ids
from dashboard.export.jobs import ExportJobs, ExportRefused
from dashboard.security import client_id
from geodata.i18n import _

POLL = ids.EXPORT_POLL
JOB = ids.EXPORT_JOB
SETTINGS_KEY = "CORRIDOR_ATLAS_SETTINGS"


def start_export(
    clicks: int | None,
    query: str | None,
    fmt: str,
    title: str | None,
    jobs: ExportJobs,
    client: str | None = None,
    aspect: str | None = None,
) -> tuple:
    """(job id, poll interval disabled?, status text)."""
    if not clicks or not query:
        return no_update, no_update, no_update
    fmt = fmt if isinstance(fmt, str) and fmt else "pptx"
    options = {"aspect": aspect} if isinstance(aspect, str) and aspect else {}
    try:
        if client is None:
            job_id = jobs.start(query, fmt, title, **options)
        else:
            job_id = jobs.start(query, fmt, title, client=client, **options)
    except ExportRefused as refused:
        return no_update, True, str(refused)
    return job_id, False, _("Preparing the {format}…").format(format=fmt.upper())


def poll_export(job_id: str | None, jobs: ExportJobs) -> tuple:
    """(download, poll disabled?, status text) for the job's current state."""
    state, path, message = jobs.status(job_id)
    if state == "running":
        return no_update, False, _("Working: {step}…").format(step=message)
    if state == "done" and path is not None:
        name = message or f"corridor-atlas.{path.suffix.lstrip('.')}"
        return dcc.send_file(str(path), filename=name), True, _("Ready: downloaded {name}.").format(name=name)
    if state in ("failed", "lost"):
        return no_update, True, message
    return no_update, True, no_update


def register(app: Dash, jobs: ExportJobs) -> None:
    """Register the export's start and poll callbacks; ``jobs`` first takes its worker, timeout and
    per-client limits from the app's settings, when the app has them.
    """
    settings = app.server.config.get(SETTINGS_KEY)
    if settings is not None and hasattr(jobs, "configure"):
        jobs.configure(settings.export_workers, settings.export_timeout, settings.export_queue_per_client)

    @app.callback(
        Output(JOB, "data"),
        Output(POLL, "disabled"),
        Output(ids.EXPORT_STATUS, "children"),
        Input(ids.EXPORT_BUTTON, "n_clicks"),
        State(ids.VIEW_STORE, "data"),
        State(ids.EXPORT_FORMAT, "value"),
        State(ids.EXPORT_TITLE, "value"),
        State(ids.EXPORT_ASPECT, "value"),
        prevent_initial_call=True,
    )
    def _start(clicks, query, fmt, title, aspect):
        return start_export(clicks, query, fmt, title, jobs, client=client_id(), aspect=aspect)

    @app.callback(
        Output(ids.EXPORT_DOWNLOAD, "data"),
        Output(POLL, "disabled", allow_duplicate=True),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input(POLL, "n_intervals"),
        State(JOB, "data"),
        prevent_initial_call=True,
    )
    def _poll(_ticks, job_id):
        return poll_export(job_id, jobs)
