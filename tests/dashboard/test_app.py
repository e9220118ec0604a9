"""The app factory, the WSGI entry, and the layout's ids."""

from __future__ import annotations

from collections import Counter

from dashboard.app import create_app
from dashboard.settings import Settings


def _ids(component) -> list[str]:
    found = []
    if getattr(component, "id", None) is not None:
        found.append(component.id)
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            found += _ids(child)
    return found


def test_get_root_returns_the_page(demo_data_dir):
    app = create_app(Settings(data_dir=demo_data_dir))
    client = app.server.test_client()
    response = client.get("/")
    assert response.status_code == 200 and b"Corridor Atlas" in response.data
    assert client.get("/present").status_code == 200
    assert client.get("/assets/topojson/world_50m.json").status_code == 200


def test_wsgi_entry_serves(monkeypatch, demo_data_dir):
    import importlib

    monkeypatch.setenv("CORRIDOR_ATLAS_DATA", str(demo_data_dir))
    wsgi = importlib.import_module("dashboard.wsgi")
    from werkzeug.test import Client

    assert wsgi.server.serving and Client(wsgi.server).get("/").status_code == 200


def test_every_component_id_is_unique(demo_services):
    app = create_app(services=demo_services)
    ids = _ids(app.layout() if callable(app.layout) else app.layout)
    assert len(ids) > 30
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_no_external_urls_in_the_page(demo_data_dir):
    app = create_app(Settings(data_dir=demo_data_dir))
    html = app.server.test_client().get("/").data.decode()
    for marker in ("cdn.", "googleapis", "unpkg", "jsdelivr", "mapbox"):
        assert marker not in html


def test_a_store_with_only_annual_real_data_serves_and_renders(tmp_path):
    from pathlib import Path

    from callbacks.render import render_view
    from dashboard.services import build_services
    from geodata.trade.ingest import ingest_files

    baci = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "BACI_HS17_Y2022_V202401.csv"
    ingest_files(tmp_path, [baci], warn=lambda _m: None)
    services = build_services(Settings(data_dir=tmp_path))
    assert not services.is_demo and "CEPII BACI" in services.source_label
    assert "annual figures shown as monthly averages" in services.source_label
    assert create_app(services=services).server.test_client().get("/").status_code == 200
    out = render_view("goods=all&from=2022-01&to=2022-12&dir=all", services, ["countries"] + ["flows"] * 9)
    assert out["kpis"][0].children[1].children.startswith("$")
