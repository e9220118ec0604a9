"""`corridor-atlas fetch comext` against a local server speaking Eurostat's SDMX-CSV."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from dashboard.cli import main
from geodata.errors import IngestError
from geodata.fetch import comext
from geodata.fetch.common import Selection
from geodata.fetch.run import FetchOptions
from geodata.trade.query import TradeStore
from geodata.trade.store import StoreLayout
from tests.geodata.fetch.server import Reply

HEADER = "DATAFLOW,LAST UPDATE,freq,reporter,partner,product,flow,indicators,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
PREFIX = "/data/DS-045409/"
NO_RESULTS = (
    b'<?xml version="1.0" encoding="UTF-8"?><S:Envelope><S:Body><S:Fault><faultcode>S:Server</faultcode>'
    b"<faultstring>No Results Found</faultstring></S:Fault></S:Body></S:Envelope>"
)


def months(start: str, end: str) -> list[str]:
    from geodata.fetch.plan import month_range

    return month_range(start, end)


def sdmx_api(path: str, query: dict) -> Reply:
    key = unquote(path.removeprefix(PREFIX)).split(".")
    reporters, partners = key[1].split("+"), key[2].split("+")
    assert key[0] == "M" and key[3] == "" and key[4] == "1+2" and query["format"] == "SDMX-CSV"
    lines = []
    for reporter in reporters:
        if reporter == "FR":
            continue
        for month in months(query["startPeriod"], query["endPeriod"]):
            for product, value in (
                ("85423190", "150000"),
                ("854231", "150000"),
                ("TOTAL", "9"),
                ("84821010", "70"),
            ):
                if "RU" not in partners:
                    continue
                row = f"ESTAT:DS-045409(1.0),15/11/24 23:00:00,M,{reporter},RU,{product},1,"
                lines.append(row + f"VALUE_IN_EUROS,{month},{value},\n")
                lines.append(row + f"QUANTITY_IN_100KG,{month},2.5,\n")
    if not lines:
        return Reply(404, NO_RESULTS, {"Content-Type": "application/xml"})
    return Reply(body=(HEADER + "".join(lines)).encode(), headers={"Content-Type": "text/csv"})


@pytest.fixture()
def api(server):
    server.routes[PREFIX + "*"] = lambda q, h: sdmx_api(server.requests[-1].path, q)
    return server


def test_fetch_comext_converts_to_full_v2_and_ingests(api, tmp_path):
    code = main(
        [
            "--data-dir",
            str(tmp_path / "data"),
            "fetch",
            "comext",
            "--from",
            "2023-01",
            "--to",
            "2023-02",
            "--hs",
            "854231",
            "--reporters",
            "DEU,FRA",
            "--partners",
            "RUS",
            "--base-url",
            api.url,
            "--no-progress",
        ]
    )
    assert code == 0
    store = TradeStore(tmp_path / "data")
    (entry,) = store.manifest["files"]
    assert entry["source"] == "comext" and entry["format"] == "comext"
    assert entry["rows"] == 2 and entry["reporters"] == ["DEU"]  # FRA: "No Results Found", empty
    assert entry["vintage"].startswith("retrieved ") and entry["fetched"]["urls"][0].startswith(
        api.url + PREFIX
    )
    (request,) = api.requests
    assert "M.DE+FR.RU..1+2.VALUE_IN_EUROS+QUANTITY_IN_100KG" in unquote(request.path)
    assert request.query["startPeriod"] == "2023-01" and request.query["endPeriod"] == "2023-02"
    written = next((tmp_path / "data" / "downloads" / "comext").rglob("comext_DS-045409_*.dat")).read_text()
    assert (
        written.splitlines()[0] == "REPORTER,PARTNER,TRADE_TYPE,PRODUCT_NC,FLOW,PERIOD,VALUE_EUR,QUANTITY_KG"
    )
    assert "DE,RU,E,85423190,1,202301,150000,250.0" in written  # 2.5 × 100 kg
    assert "TOTAL" not in written and "84821010" not in written  # totals and other goods left out


def test_only_eu_members_report_to_comext(tmp_path):
    options = FetchOptions(tmp_path / "data", tmp_path / "cache", progress=False)
    selection = Selection(("2023-01",), ("KAZ",), ("RUS",), (), "all")
    with pytest.raises(IngestError, match="EU member states"):
        comext.fetch_comext(options, selection, url="http://127.0.0.1:9")


def test_changed_layout_is_one_error_and_no_store(server, tmp_path):
    server.routes[PREFIX + "*"] = [Reply(body=b"geo,time,value\nDE,2023,1\n")]
    options = FetchOptions(tmp_path / "data", tmp_path / "cache", progress=False)
    selection = Selection(("2023-01",), ("DEU",), ("RUS",), (), "all")
    with pytest.raises(IngestError, match="expected SDMX-CSV") as caught:
        comext.fetch_comext(options, selection, url=server.url)
    assert server.url + PREFIX in str(caught.value)
    assert not StoreLayout(tmp_path / "data").exists()


def test_conversion_reads_the_columns_in_any_letter_case(tmp_path):
    answer = tmp_path / "answer.csv"
    answer.write_text(
        "DATAFLOW,LAST UPDATE,FREQ,REPORTER,PARTNER,PRODUCT,FLOW,INDICATORS,TIME_PERIOD,OBS_VALUE,OBS_FLAG\n"
        "ESTAT:DS-045409(1.0),x,M,EL,KZ,84821010,2,VALUE_IN_EUROS,2024-05,1200,\n"
        "ESTAT:DS-045409(1.0),x,M,EL,KZ,84821010,2,QUANTITY_IN_100KG,2024-05,,\n"
        "ESTAT:DS-045409(1.0),x,M,EL,DE,84821010,2,VALUE_IN_EUROS,2024-05,5,\n"
    )
    comext.check_layout(answer, "http://127.0.0.1/x")
    rows = comext.to_full_v2(answer, ("848210",)).sort_values("PARTNER").reset_index(drop=True)
    assert rows["PARTNER"].tolist() == ["DE", "KZ"] and rows["TRADE_TYPE"].tolist() == ["I", "E"]
    assert rows["PERIOD"].tolist() == ["202405", "202405"] and rows["VALUE_EUR"].tolist() == [5.0, 1200.0]
    assert comext.to_full_v2(answer, ("854231",)).empty
