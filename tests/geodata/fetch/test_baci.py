"""`corridor-atlas fetch baci`: a release zip served locally, streamed and filtered to the region."""

from __future__ import annotations

import io
import zipfile

import pytest

from dashboard.cli import main
from geodata.trade.query import TradeStore
from geodata.trade.store import StoreLayout
from tests.geodata.fetch.server import Reply

ZIP_PATH = "/BACI_HS17_V202501.zip"
YEAR_2022 = (
    "t,i,j,k,v,q\n"
    "2022,398,643,854231,1500.5,0.2\n"  # Kazakhstan → Russia: kept
    "2022,276,398,854231,800,NA\n"  # Germany → Kazakhstan: kept
    "2022,276,251,854231,999,1\n"  # Germany → France: not the region
    "2022,398,643,10121,5,1\n"  # live horses: not the selected goods
)


def release_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("BACI_HS17_Y2022_V202501.csv", YEAR_2022 + "2022,156,840,854231,1,1\n" * 3000)
        archive.writestr("BACI_HS17_Y2021_V202501.csv", "t,i,j,k,v,q\n2021,398,643,854231,10,1\n")
        archive.writestr("country_codes_V202501.csv", "country_code,country_name,country_iso2,country_iso3\n")
        archive.writestr("Readme.txt", "BACI\n")
    return buffer.getvalue()


def cli(data_dir, server, *extra: str) -> int:
    return main(
        [
            "--data-dir",
            str(data_dir),
            "fetch",
            "baci",
            "--from",
            "2022-01",
            "--to",
            "2022-12",
            "--hs",
            "854231",
            "--release",
            "202501",
            "--base-url",
            server.url,
            "--no-progress",
            *extra,
        ]
    )


def test_fetch_baci_resumes_the_zip_and_keeps_the_region(server, tmp_path):
    body = release_zip()
    server.routes[ZIP_PATH] = [
        Reply(body=body, cut_at=len(body) // 3, ranges=True),
        Reply(body=body, ranges=True),
    ]
    assert cli(tmp_path / "data", server) == 0
    assert server.requests[1].headers["range"] == f"bytes={len(body) // 3}-"
    store = TradeStore(tmp_path / "data")
    (entry,) = store.manifest["files"]
    assert entry["source"] == "baci" and entry["name"] == "BACI_HS17_Y2022_V202501_region.csv"
    assert entry["rows"] == 2 and entry["hs_versions"] == ["H5"]
    assert entry["fetched"]["member"] == "BACI_HS17_Y2022_V202501.csv"
    assert entry["fetched"]["parts"][0]["size"] == len(body)
    assert "127.0.0.1" in entry["vintage"]
    assert not list((tmp_path / "data" / "downloads").rglob("BACI_HS17_Y2022_V202501.csv"))  # never extracted


def test_truncated_archive_is_one_error_and_fetched_again_next_time(server, tmp_path, capsys):
    body = release_zip()
    server.routes[ZIP_PATH] = [Reply(body=body[: len(body) // 2])]  # the server's own copy is cut short
    assert cli(tmp_path / "data", server) == 2
    message = capsys.readouterr().err
    assert "truncated" in message and server.url + ZIP_PATH in message and "run the command again" in message
    assert not StoreLayout(tmp_path / "data").exists()
    assert not list((tmp_path / "data" / "downloads").rglob("*.zip"))
    server.routes[ZIP_PATH] = [Reply(body=body)]
    assert cli(tmp_path / "data", server) == 0


def test_unknown_release_names_the_url_and_the_fix(server, tmp_path, capsys):
    assert cli(tmp_path / "data", server, "--release", "209901") == 2
    message = capsys.readouterr().err
    assert "BACI_HS17_V209901.zip" in message and "HTTP 404" in message and "--release" in message


@pytest.mark.parametrize("edition", ["HS99"])
def test_unknown_edition(server, tmp_path, capsys, edition):
    assert cli(tmp_path / "data", server, "--edition", edition) == 2
    assert "--edition" in capsys.readouterr().err and server.requests == []
