"""`corridor-atlas fetch comtrade` end to end against a local server speaking the Comtrade API's format."""

from __future__ import annotations

import json

import pytest

from dashboard.cli import main
from geodata.errors import IngestError
from geodata.fetch import comtrade
from geodata.fetch.common import Selection
from geodata.fetch.plan import Limits
from geodata.fetch.run import FetchOptions
from geodata.trade.query import TradeStore
from geodata.trade.store import StoreLayout
from tests.geodata.fetch.server import Reply
from tests.geodata.test_ingest import store_hash

KEY = "0123456789abcdef0123456789abcdef"
DATA_PATH = "/data/v1/get/C/M/HS"
PREVIEW_PATH = "/public/v1/preview/C/M/HS"


def record(reporter: str, partner: str, period: str, cmd: str, flow: str) -> dict:
    """One final-data record as the API returns it (breakdownMode=classic, includeDesc=false)."""
    return {
        "typeCode": "C",
        "freqCode": "M",
        "refPeriodId": int(period + "01"),
        "refYear": int(period[:4]),
        "refMonth": int(period[4:]),
        "period": period,
        "reporterCode": int(reporter),
        "flowCode": flow,
        "partnerCode": int(partner),
        "partner2Code": 0,
        "classificationCode": "H6",
        "classificationSearchCode": "HS",
        "isOriginalClassification": True,
        "cmdCode": cmd,
        "aggrLevel": 6,
        "isLeaf": True,
        "customsCode": "C00",
        "mosCode": "0",
        "motCode": 0,
        "qtyUnitCode": -1,
        "qty": None,
        "netWgt": 12.5,
        "grossWgt": None,
        "cifvalue": None,
        "fobvalue": None,
        "primaryValue": 1000.0 + int(reporter),
        "legacyEstimationFlag": 0,
        "isReported": True,
        "isAggregate": False,
    }


def comtrade_api(query: dict, headers: dict, keyed: bool) -> Reply:
    if keyed and headers.get("ocp-apim-subscription-key") != KEY:
        return Reply(
            401,
            b'{ "statusCode": 401, "message": "Access denied due to invalid subscription key. '
            b'Make sure to provide a valid key for an active subscription." }',
        )
    rows = [
        record(r, p, period, cmd, flow)
        for r in query["reporterCode"].split(",")
        for period in query["period"].split(",")
        for cmd in query["cmdCode"].split(",")
        for flow in query["flowCode"].split(",")
        for p in ("156", "0")  # China, and the World total the reader leaves out
    ]
    rows = rows[: int(query["maxRecords"])]
    body = {"elapsedTime": "0.1 secs", "count": len(rows), "data": rows, "error": ""}
    return Reply(body=json.dumps(body).encode(), headers={"Content-Type": "application/json"})


@pytest.fixture()
def api(server):
    server.routes[DATA_PATH] = lambda q, h: comtrade_api(q, h, keyed=True)
    server.routes[PREVIEW_PATH] = lambda q, h: comtrade_api(q, h, keyed=False)
    return server


def cli(data_dir, server, *extra: str) -> int:
    return main(
        [
            "--data-dir",
            str(data_dir),
            "fetch",
            "comtrade",
            "--from",
            "2023-01",
            "--to",
            "2023-03",
            "--hs",
            "854231,854232",
            "--reporters",
            "KAZ,KGZ",
            "--base-url",
            server.url,
            "--no-progress",
            *extra,
        ]
    )


def test_fetch_builds_a_store_the_app_reads_with_source_and_vintage(api, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    assert cli(tmp_path / "data", api) == 0
    store = TradeStore(tmp_path / "data")
    assert store.sources == ("comtrade",)
    (entry,) = store.manifest["files"]
    assert entry["rows"] == 2 * 3 * 2 * 2  # reporters × months × codes × flows (World left out)
    assert entry["period_min"] == "2023-01" and entry["period_max"] == "2023-03"
    assert entry["vintage"].startswith("retrieved ") and "127.0.0.1" in entry["vintage"]
    fetched = entry["fetched"]
    assert fetched["endpoint"] == "data/v1/get" and fetched["urls"]
    assert all(u.startswith(api.url + DATA_PATH) for u in fetched["urls"])
    assert all(len(p["sha256"]) == 64 and p["size"] > 0 for p in fetched["parts"])
    assert store.countries >= {"KAZ", "KGZ", "CHN"}


def test_full_answers_are_split_and_asked_again(api, tmp_path, monkeypatch):
    monkeypatch.setattr(comtrade, "LIMITS_PREVIEW", Limits(max_records=8))
    monkeypatch.setattr(comtrade, "split", lambda query, limits: [query])  # one request, too big
    warnings = []
    options = FetchOptions(
        tmp_path / "data", tmp_path / "cache", progress=False, warn=warnings.append, say=lambda _m: None
    )
    selection = Selection(("2023-01", "2023-02"), ("KAZ", "KGZ"), (), ("854231", "854232"), "test")
    (entry,) = comtrade.fetch_comtrade(options, selection, url=api.url)
    assert entry["rows"] == 2 * 2 * 2 * 2
    assert len(api.requests) > 4  # the full answers were halved until each fit
    assert any("public preview" in w for w in warnings)


def test_a_second_run_downloads_nothing_again(api, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    assert cli(tmp_path / "data", api) == 0
    first = len(api.requests)
    assert cli(tmp_path / "data", api) == 0
    assert len(api.requests) == first
    assert len(StoreLayout(tmp_path / "data").read_manifest()["files"]) == 1  # replaced, not doubled


def test_an_interrupted_fetch_continues_where_it_stopped(api, tmp_path, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    monkeypatch.setattr(comtrade, "LIMITS_KEYED", Limits(max_records=100_000, max_periods=1))
    working = api.routes[DATA_PATH]
    api.routes[DATA_PATH] = lambda q, h: working(q, h) if q["period"] != "202303" else Reply(503, b"busy")
    assert cli(tmp_path / "data", api, "--retries", "0") == 2
    assert not StoreLayout(tmp_path / "data").exists()
    api.routes[DATA_PATH] = working
    api.requests.clear()
    assert cli(tmp_path / "data", api) == 0
    assert [r.query["period"] for r in api.requests] == ["202303"]


def test_wrong_key_one_message_and_the_store_untouched(api, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    assert cli(tmp_path / "data", api) == 0
    before = store_hash(tmp_path / "data")
    capsys.readouterr()
    assert (
        cli(
            tmp_path / "data",
            api,
            "--key",
            "wrong",
            "--from",
            "2022-01",
            "--to",
            "2022-01",
            "--cache-dir",
            str(tmp_path / "cache"),
        )
        == 2
    )
    message = capsys.readouterr().err.strip()
    assert message.count("\n") == 0 and "HTTP 401" in message and api.url in message
    assert "COMTRADE_API_KEY" in message and "comtradedeveloper.un.org" in message
    assert store_hash(tmp_path / "data") == before


def test_changed_layout_names_the_url(api, tmp_path):
    api.routes[PREVIEW_PATH] = [
        Reply(body=b'{"count": 1, "data": [{"reporter": "KAZ", "value": 1}], "error": ""}')
    ]
    options = FetchOptions(tmp_path / "data", tmp_path / "cache", progress=False, warn=lambda _m: None)
    selection = Selection(("2023-01",), ("KAZ",), (), ("854231",), "test")
    with pytest.raises(IngestError, match="layout has changed") as caught:
        comtrade.fetch_comtrade(options, selection, url=api.url)
    assert api.url + PREVIEW_PATH in str(caught.value)
    assert not StoreLayout(tmp_path / "data").exists()


def test_html_page_instead_of_json(api, tmp_path, capsys):
    api.routes[PREVIEW_PATH] = [
        Reply(
            body=b"<html><head><title>Proxy error</title></head></html>",
            headers={"Content-Type": "text/html"},
        )
    ]
    assert cli(tmp_path / "data", api) == 2
    assert "Proxy error" in capsys.readouterr().err


def test_dry_run_lists_requests_and_downloads_nothing(api, tmp_path, capsys):
    assert cli(tmp_path / "data", api, "--dry-run") == 0
    out = capsys.readouterr()
    assert PREVIEW_PATH in out.out and "reporterCode=398,417" in out.out and "request(s) planned" in out.out
    assert "500 records" in out.err  # the preview's limit, said plainly
    assert api.requests == [] and not (tmp_path / "data").exists()


def test_the_app_serves_the_fetched_store_with_source_and_vintage(api, tmp_path, monkeypatch):
    from dashboard.app import create_app
    from dashboard.settings import Settings

    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    assert cli(tmp_path / "data", api) == 0
    client = create_app(Settings(data_dir=tmp_path / "data")).server.test_client()
    response = client.get("/api/view?goods=all&from=2023-01&to=2023-03")
    assert response.status_code == 200
    provenance = response.get_json()["provenance"]
    assert provenance["demo"] is False and provenance["sources"] == ["UN Comtrade"]
    (file,) = provenance["files"]
    assert file["source"] == "comtrade" and file["vintage"].startswith("retrieved ")
    assert provenance["label"] == f"Source: UN Comtrade ({file['vintage']})"  # shown on every view


def test_replace_demo_is_passed_to_the_ingest(api, tmp_path, monkeypatch):
    """Real and demo rows are never mixed: `--replace-demo` asks the ingest to drop the demo."""
    import geodata.trade.ingest as ingest

    seen = {}
    real = ingest.ingest_files

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setenv("COMTRADE_API_KEY", KEY)
    monkeypatch.setattr(ingest, "ingest_files", spy)
    assert cli(tmp_path / "data", api, "--replace-demo") == 0
    assert seen["replace_demo"] is True and seen["fetched"]
