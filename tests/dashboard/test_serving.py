"""`serve`: gunicorn by default with jobs shared across workers, the exposure rule, no banner."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.cli import main
from dashboard.serving import (
    PublicAddressRefused,
    QuietRequestHandler,
    check_exposure,
    gunicorn_options,
    is_loopback,
)
from dashboard.settings import Settings


def test_loopback_addresses():
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.8.0.1"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "10.0.0.5", "::", "no-such-host.invalid"))


def test_a_public_address_needs_authentication_or_public(tmp_path):
    settings = Settings(data_dir=tmp_path, host="0.0.0.0", basic_auth=None, trusted_user_header=None)
    with pytest.raises(PublicAddressRefused, match="--public"):
        check_exposure(settings, public=False)
    check_exposure(settings, public=True)
    check_exposure(Settings(data_dir=tmp_path, host="0.0.0.0", trusted_user_header="X-Forwarded-User"), False)
    with pytest.raises(ValueError, match="hash-password"):
        check_exposure(Settings(data_dir=tmp_path, basic_auth="ana:plain-text"), public=False)


def test_serve_refuses_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("CORRIDOR_ATLAS_BASIC_AUTH", raising=False)
    monkeypatch.delenv("CORRIDOR_ATLAS_TRUSTED_USER_HEADER", raising=False)
    assert main(["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "refusing to serve on 0.0.0.0" in err and "--public" in err


def test_hash_password_command(monkeypatch, capsys):
    import io

    from dashboard.security import verify_password

    monkeypatch.setattr(sys, "stdin", io.StringIO("s3cret\n"))
    assert main(["hash-password"]) == 0
    assert verify_password("s3cret", capsys.readouterr().out.strip())


def test_gunicorn_options_follow_the_settings(tmp_path):
    options = gunicorn_options(Settings(data_dir=tmp_path, host="127.0.0.1", port=9, workers=3, threads=5))
    assert options["bind"] == "127.0.0.1:9" and options["workers"] == 3 and options["threads"] == 5
    assert options["worker_class"] == "gthread" and options["preload_app"] is False


def test_the_development_server_has_no_version_banner(demo_services):
    from werkzeug.serving import make_server

    from dashboard.app import create_app

    server = make_server(
        "127.0.0.1", 0, create_app(services=demo_services).server, request_handler=QuietRequestHandler
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=10)
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Server") == "corridor-atlas"
    finally:
        server.shutdown()


# --- gunicorn, for real ----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port: int, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
    """One request on a new connection, so successive requests may reach different workers."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    data = json.dumps(body).encode() if body is not None else None
    connection.request(method, path, body=data, headers={"Content-Type": "application/json"} if data else {})
    response = connection.getresponse()
    result = response.status, dict(response.getheaders()), response.read()
    connection.close()
    return result


def _callback(dependencies: list[dict], input_id: str) -> dict:
    found = [d for d in dependencies if any(i["id"] == input_id for i in d["inputs"])]
    assert len(found) == 1
    return found[0]


def _body(callback: dict, inputs: list, state: list) -> dict:
    outputs = [
        {"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
        for part in callback["output"].strip(".").split("...")
    ]
    return {
        "output": callback["output"],
        "outputs": outputs,
        "inputs": inputs,
        "state": state,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }


@pytest.fixture(scope="module")
def gunicorn_server(demo_data_dir):
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "dashboard.cli", "--data-dir", str(demo_data_dir), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if _request(port, "GET", "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start: " + process.stdout.read().decode()[-2000:])
    yield port, process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()


def test_gunicorn_serves_with_headers_and_health(gunicorn_server):
    port, _ = gunicorn_server
    status, headers, body = _request(port, "GET", "/healthz")
    health = json.loads(body)
    assert status == 200 and health["store_ok"] is True and health["snapshot"]
    status, headers, body = _request(port, "GET", "/")
    assert status == 200 and b"Corridor Atlas" in body
    assert headers["Server"] == "corridor-atlas" and "'sha256-" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert _request(port, "GET", "/?" + "a" * 8_500)[0] == 414


def test_an_export_started_on_one_worker_is_polled_from_any(gunicorn_server):
    port, _ = gunicorn_server
    dependencies = json.loads(_request(port, "GET", "/_dash-dependencies")[2])
    start = _callback(dependencies, ids.EXPORT_BUTTON)
    poll = _callback(dependencies, ids.EXPORT_POLL)
    state = [
        {"id": ids.VIEW_STORE, "property": "data", "value": "goods=chpl_1&from=2023-01&to=2023-03"},
        {"id": ids.EXPORT_FORMAT, "property": "value", "value": "xlsx"},
        {"id": ids.EXPORT_TITLE, "property": "value", "value": "Across workers"},
        {"id": ids.EXPORT_ASPECT, "property": "value", "value": "16:9"},
    ]
    status, _, body = _request(
        port,
        "POST",
        "/_dash-update-component",
        _body(start, [{"id": ids.EXPORT_BUTTON, "property": "n_clicks", "value": 1}], state),
    )
    assert status == 200, body[:500]
    job_id = json.loads(body)["response"][ids.EXPORT_JOB]["data"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        inputs = [{"id": ids.EXPORT_POLL, "property": "n_intervals", "value": 1}]
        job_state = [{"id": ids.EXPORT_JOB, "property": "data", "value": job_id}]
        status, headers, body = _request(
            port, "POST", "/_dash-update-component", _body(poll, inputs, job_state)
        )
        assert status in (200, 204), body[:500]
        if status == 200 and b"Ready" in body:
            download = json.loads(body)["response"][ids.EXPORT_DOWNLOAD]["data"]
            assert download["filename"] == "chpl-tier1_into-russia_2023-01_2023-03.xlsx"
            import base64
            import io

            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(base64.b64decode(download["content"])))
            summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
            assert summary["Title"] == "Across workers"
            return
        time.sleep(0.1)
    pytest.fail(f"the export never finished: {body[:300]!r}")


def test_serve_without_a_store_answers_a_page_that_says_what_to_run(tmp_path):
    """Issue 12, point 5: `serve` with no store does not exit; every page says what to run, and
    /healthz answers 503."""
    port = _free_port()
    command = [sys.executable, "-m", "dashboard.cli", "--data-dir", str(tmp_path / "none"), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--workers", "1", "--threads", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        deadline, answer = time.monotonic() + 60, None
        while time.monotonic() < deadline and answer is None:
            try:
                answer = _request(port, "GET", "/")
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()[-2000:]
                time.sleep(0.2)
        assert answer is not None, "the server never answered"
        status, headers, body = answer
        assert status == 503 and b"corridor-atlas demo" in body and b"Traceback" not in body
        assert headers["Server"] == "corridor-atlas" and "Content-Security-Policy" in headers
        assert _request(port, "GET", "/healthz")[0] == 503
        assert process.poll() is None  # still serving
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_workers_keep_their_memory_steady():
    """Each gunicorn worker caps glibc's arenas and trims free pages (glibc only: elsewhere a no-op)."""
    from dashboard.serving import steady_worker_memory

    options = gunicorn_options(Settings(data_dir=Path("."), host="127.0.0.1", port=9))
    assert callable(options["post_fork"])
    if sys.platform.startswith("linux"):
        assert steady_worker_memory() is True
        assert any(thread.name == "malloc-trim" and thread.daemon for thread in threading.enumerate())
