"""The command line: exit status 0 on success, non-zero with one clear message on failure."""

from __future__ import annotations

import json
from pathlib import Path

from dashboard.cli import main

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


def test_demo_then_info_json(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--rows", "50000", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "demo data (synthetic)" in out and "precomputed the default view's" in out
    assert list((data / "current" / "derived").iterdir()) == [
        data / "current" / "derived" / "default-signals.json"
    ]
    assert main(["--data-dir", str(data), "info", "--json"]) == 0
    manifest = json.loads(capsys.readouterr().out)
    [entry] = manifest["files"]
    assert entry["source"] == "demo" and entry["seed"] == 3 and entry["rows"] > 10_000
    assert entry["period_min"] == "2019-01" and entry["period_max"] == "2026-03"


def test_ingest_and_info_text(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "ingest", str(SOURCES / "comtrade_plus_kaz_202303.csv")]) == 0
    assert "ingested comtrade_plus_kaz_202303.csv" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "info"]) == 0
    assert "comtrade" in capsys.readouterr().out


def test_bad_input_exits_non_zero_with_the_message(tmp_path, capsys):
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n")
    assert main(["--data-dir", str(tmp_path / "data"), "ingest", str(bad)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("corridor-atlas: ") and "notes.csv" in error and "Comtrade" in error
    assert main(["--data-dir", str(tmp_path / "empty"), "info"]) == 2
    assert "run `corridor-atlas demo`" in capsys.readouterr().err


def test_export_from_the_command_line(demo_data_dir, tmp_path, capsys):
    out = tmp_path / "flows.csv"
    code = main(
        [
            "--data-dir",
            str(demo_data_dir),
            "export",
            "--view",
            "goods=bearings&from=2023-01&to=2023-12",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    text = out.read_text(encoding="utf-8-sig")
    assert code == 0 and text.startswith("month,exporter,") and ",8482" in text  # bearings' codes
    described = json.loads((tmp_path / "flows.csv-metadata.json").read_text(encoding="utf-8"))
    assert described["url"] == "flows.csv" and "Reaching Russia" in " ".join(described["dc:description"])
    assert (
        "DEMO DATA" in " ".join(described["dc:description"])
        and len(described["tableSchema"]["columns"]) == 14
    )
    assert main(["--data-dir", str(demo_data_dir), "export", "--view", "goods=bearings&from=2023-01&to=2023-12",
                 "--format", "png", "--aspect", "4:3", "--out", str(tmp_path)]) == 0  # fmt: skip
    assert (tmp_path / "bearings_into-russia_2023-01_2023-12.png").is_file()
    code = main(
        [
            "--data-dir",
            str(demo_data_dir),
            "export",
            "--view",
            "goods=nonsense",
            "--format",
            "csv",
            "--out",
            str(out),
        ]
    )
    assert code == 0 and "notice: Ignored goods='nonsense'" in capsys.readouterr().err
