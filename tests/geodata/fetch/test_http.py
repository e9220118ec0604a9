"""The HTTP client against a local fixture server: retries, 429, resume, truncation, HTML, keys."""

from __future__ import annotations

import hashlib

import pytest

from geodata.errors import IngestError
from geodata.fetch.http import HttpClient, looks_like_html, parse_retry_after
from tests.geodata.fetch.server import Reply

DATA = b"t,i,j,k,v,q\n" + b"2022,398,643,854231,12.5,0.1\n" * 2000


def client(sleeps: list | None = None, retries: int = 3) -> HttpClient:
    return HttpClient(
        retries=retries, backoff=0.01, sleep=(sleeps.append if sleeps is not None else lambda _s: None)
    )


def test_download_records_sha256_and_size(server, tmp_path):
    server.routes["/f.csv"] = [Reply(body=DATA)]
    done = client().download(f"{server.url}/f.csv", tmp_path / "f.csv")
    assert done.path.read_bytes() == DATA
    assert (done.sha256, done.size) == (hashlib.sha256(DATA).hexdigest(), len(DATA))
    assert done.url == f"{server.url}/f.csv" and done.retrieved_at


def test_500_then_success_retries_with_backoff(server, tmp_path):
    server.routes["/f.csv"] = [Reply(500, b"oops"), Reply(503, b"busy"), Reply(body=DATA)]
    sleeps: list = []
    done = client(sleeps).download(f"{server.url}/f.csv", tmp_path / "f.csv")
    assert done.size == len(DATA)
    assert sleeps == [0.01, 0.02]  # exponential backoff
    assert len(server.requests) == 3


def test_429_waits_retry_after(server, tmp_path):
    server.routes["/f.csv"] = [Reply(429, b"slow down", {"Retry-After": "2"}), Reply(body=DATA)]
    sleeps: list = []
    client(sleeps).download(f"{server.url}/f.csv", tmp_path / "f.csv")
    assert sleeps == [2.0]


def test_interrupted_download_resumes_with_range(server, tmp_path):
    server.routes["/f.csv"] = [Reply(body=DATA, cut_at=10_000, ranges=True), Reply(body=DATA, ranges=True)]
    done = client().download(f"{server.url}/f.csv", tmp_path / "f.csv")
    assert done.path.read_bytes() == DATA
    first, second = server.requests
    assert "range" not in first.headers
    assert second.headers["range"] == "bytes=10000-"


def test_partial_file_from_an_earlier_run_is_resumed(server, tmp_path):
    (tmp_path / "f.csv.part").write_bytes(DATA[:5000])
    server.routes["/f.csv"] = [Reply(body=DATA, ranges=True)]
    done = client().download(f"{server.url}/f.csv", tmp_path / "f.csv")
    assert done.path.read_bytes() == DATA
    assert server.requests[0].headers["range"] == "bytes=5000-"


def test_server_without_range_support_restarts(server, tmp_path):
    (tmp_path / "f.csv.part").write_bytes(b"garbage")
    server.routes["/f.csv"] = [Reply(body=DATA)]
    assert client().download(f"{server.url}/f.csv", tmp_path / "f.csv").path.read_bytes() == DATA


def test_truncated_body_every_time_is_one_clear_error(server, tmp_path):
    server.routes["/f.zip"] = [Reply(body=DATA, cut_at=100)]
    url = f"{server.url}/f.zip"
    with pytest.raises(IngestError) as caught:
        client(retries=2).download(url, tmp_path / "f.zip")
    message = str(caught.value)
    assert url in message and "truncated body" in message and "run the same command again" in message
    assert not (tmp_path / "f.zip").exists()


def test_html_page_instead_of_data(server, tmp_path):
    page = b"<!DOCTYPE html><html><head><title>Site under maintenance</title></head><body>back soon</body></html>"
    server.routes["/f.csv"] = [Reply(body=page, headers={"Content-Type": "text/html; charset=utf-8"})]
    url = f"{server.url}/f.csv"
    with pytest.raises(IngestError) as caught:
        client().download(url, tmp_path / "f.csv")
    message = str(caught.value)
    assert url in message and "Site under maintenance" in message and "--base-url" in message
    assert not (tmp_path / "f.csv").exists() and not (tmp_path / "f.csv.part").exists()


def test_wrong_key_is_not_retried(server, tmp_path):
    body = b'{"statusCode": 401, "message": "Access denied due to invalid subscription key."}'
    server.routes["/data"] = [Reply(401, body, {"Content-Type": "application/json"})]
    with pytest.raises(IngestError) as caught:
        client().download(f"{server.url}/data", tmp_path / "d.json", auth_fix="check COMTRADE_API_KEY")
    assert "HTTP 401" in str(caught.value) and "check COMTRADE_API_KEY" in str(caught.value)
    assert len(server.requests) == 1


def test_404_with_the_empty_marker_is_an_empty_file(server, tmp_path):
    server.routes["/d"] = [Reply(404, b"<S:Fault>No Results Found</S:Fault>")]
    done = client().download(f"{server.url}/d", tmp_path / "d.csv", empty_marker=b"No Results Found")
    assert done.size == 0


def test_connection_refused_ends_in_one_error(tmp_path):
    with pytest.raises(IngestError) as caught:
        client(retries=1).download("http://127.0.0.1:9/x", tmp_path / "x")
    assert "connection error" in str(caught.value) and "127.0.0.1:9/x" in str(caught.value)


def test_retry_after_and_html_detection():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert looks_like_html(b"  <html><body>", None)
    assert looks_like_html(b"x", "text/html")
    assert not looks_like_html(b'{"data": []}', "application/json")


def test_system_proxy_settings_are_honoured(server, tmp_path, monkeypatch):
    """http_proxy points at the local server: the request for another host goes through it."""
    monkeypatch.setenv("http_proxy", server.url)
    monkeypatch.setenv("no_proxy", "")
    server.routes["/f.csv"] = [Reply(body=DATA)]
    done = client().download("http://data.example.invalid/f.csv", tmp_path / "f.csv")
    assert done.size == len(DATA) and server.requests[0].headers["host"] == "data.example.invalid"


def test_progress_callback_sees_bytes_and_total(server, tmp_path):
    seen: list = []
    server.routes["/f.csv"] = [Reply(body=DATA)]
    HttpClient(progress=lambda n, total: seen.append((n, total))).download(
        f"{server.url}/f.csv", tmp_path / "f"
    )
    assert sum(n for n, _ in seen) == len(DATA) and {t for _, t in seen} == {len(DATA)}


def test_progress_bars_draw_without_a_terminal(capsys):
    from geodata.fetch.common import Progress

    progress = Progress(2, "test", enabled=True)
    progress.on_bytes(1000, 4000)
    progress.add_rows(5)
    progress.part_done()
    progress.close()
    assert "test" in capsys.readouterr().err
