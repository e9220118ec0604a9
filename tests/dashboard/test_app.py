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
    assert wsgi.server.test_client().get("/").status_code == 200


def test_every_component_id_is_unique(demo_services):
    app = create_app(services=demo_services)
    ids = _ids(app.layout)
    assert len(ids) > 30
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_no_external_urls_in_the_page(demo_data_dir):
    app = create_app(Settings(data_dir=demo_data_dir))
    html = app.server.test_client().get("/").data.decode()
    for marker in ("cdn.", "googleapis", "unpkg", "jsdelivr", "mapbox"):
        assert marker not in html
