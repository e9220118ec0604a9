"""Security headers, size limits, server-side text caps, the optional authentication, and no cloud
buttons on any graph."""

from __future__ import annotations

import base64
import json
import time

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.security import (
    BasicAuth,
    clamp_payload,
    content_security_policy,
    hash_password,
    inline_script_hashes,
    verify_password,
)
from dashboard.settings import Settings


@pytest.fixture(scope="module")
def client(demo_services):
    return create_app(services=demo_services).server.test_client()


def _policy(response) -> dict[str, str]:
    parts = [p.strip().split(" ", 1) for p in response.headers["Content-Security-Policy"].split(";")]
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


@pytest.mark.parametrize("path", ["/", "/present", "/api/view?goods=chpl", "/healthz", "/assets/app.css"])
def test_every_response_has_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    policy = _policy(response)
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["connect-src"] == "'self'" and policy["base-uri"] == "'self'"
    assert policy["img-src"] == "'self' data: blob:"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    for value in policy.values():  # no external source anywhere
        assert "http" not in value and "*" not in value


def test_the_page_csp_allows_exactly_its_inline_scripts_by_hash(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    hashes = inline_script_hashes(html)
    assert hashes, "Dash's renderer bootstrap is an inline script"
    script_src = _policy(response)["script-src"]
    assert all(f"'sha256-{h}'" in script_src for h in hashes)
    assert 'id="_dash-config"' in html  # JSON data, not executed: not hashed
    assert inline_script_hashes('<script id="x" type="application/json">{}</script>') == ()


def test_csp_builder():
    assert "script-src 'self' 'sha256-abc'" in content_security_policy(("abc",))


def test_oversized_body_and_query_are_refused(client):
    big = b"x" * 1_100_000
    assert client.post("/_dash-update-component", data=big).status_code == 413
    assert (
        client.post("/_dash-update-component", data=big, content_type="application/json").status_code == 413
    )
    assert client.get("/?" + "a" * 9_000).status_code == 414
    assert client.get("/api/view?" + "a" * 9_000).status_code == 414


def test_text_inputs_are_capped_on_the_server():
    body = {
        "inputs": [{"id": ids.EXPORT_BUTTON, "property": "n_clicks", "value": 1}],
        "state": [
            {"id": ids.EXPORT_TITLE, "property": "value", "value": "T" * 100_000},
            {"id": ids.SAVED_VIEWS, "property": "data", "value": [f"goods=chpl&v={i}" for i in range(500)]},
            {"id": ids.VIEW_STORE, "property": "data", "value": "q" * 100_000},
            [{"id": {"type": "x"}, "property": "value", "value": "z" * 100_000}],
        ],
    }
    clamp_payload(body)
    state = body["state"]
    assert len(state[0]["value"]) == 120
    assert len(state[1]["value"]) == 20 and state[1]["value"][-1] == "goods=chpl&v=499"
    assert len(state[2]["value"]) == 8_192 and len(state[3][0]["value"]) == 8_192
    clamp_payload(["not", "a", "dict"])  # hostile shapes are left to Dash, never raise here


def test_a_huge_export_title_reaches_the_callback_capped(demo_services, tmp_path, monkeypatch):
    from dashboard.export import jobs as jobs_module

    seen = {}
    monkeypatch.setattr(
        jobs_module, "export_with_services", lambda _s, _q, _f, path, title, **_: seen.update(title=title)
    )
    app = create_app(services=demo_services)
    body = {
        "output": f"..{ids.EXPORT_JOB}.data...{ids.EXPORT_POLL}.disabled...{ids.EXPORT_STATUS}.children..",
        "outputs": [
            {"id": ids.EXPORT_JOB, "property": "data"},
            {"id": ids.EXPORT_POLL, "property": "disabled"},
            {"id": ids.EXPORT_STATUS, "property": "children"},
        ],
        "inputs": [{"id": ids.EXPORT_BUTTON, "property": "n_clicks", "value": 1}],
        "state": [
            {"id": ids.VIEW_STORE, "property": "data", "value": "goods=chpl"},
            {"id": ids.EXPORT_FORMAT, "property": "value", "value": "csv"},
            {"id": ids.EXPORT_TITLE, "property": "value", "value": "T" * 500_000},
            {"id": ids.EXPORT_ASPECT, "property": "value", "value": "4:3"},
        ],
        "changedPropIds": [f"{ids.EXPORT_BUTTON}.n_clicks"],
    }
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.data[:300]
    assert len(json.dumps(body)) > 500_000 and "Preparing the CSV" in response.get_data(as_text=True)
    deadline = time.monotonic() + 20
    while "title" not in seen and time.monotonic() < deadline:
        time.sleep(0.05)
    assert seen["title"] == "T" * 120


def test_password_hash_round_trip():
    hashed = hash_password("s3cret", iterations=1_000)
    assert hashed.startswith("pbkdf2_sha256$1000$") and verify_password("s3cret", hashed)
    assert not verify_password("wrong", hashed)
    with pytest.raises(ValueError, match="hash-password"):
        BasicAuth("user-without-hash")


def _basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_basic_auth_guards_everything_but_healthz(demo_services):
    secret = "ana:" + hash_password("open sesame", iterations=1_000)
    app = create_app(Settings(basic_auth=secret, trusted_user_header=None), services=demo_services)
    client = app.server.test_client()
    refused = client.get("/")
    assert refused.status_code == 401 and "Basic" in refused.headers["WWW-Authenticate"]
    assert "Content-Security-Policy" in refused.headers
    assert client.get("/", headers=_basic("ana", "wrong")).status_code == 401
    assert client.get("/", headers=_basic("bob", "open sesame")).status_code == 401
    assert client.get("/", headers={"Authorization": "Basic !!!"}).status_code == 401
    assert client.get("/", headers=_basic("ana", "open sesame")).status_code == 200
    assert client.get("/api/view", headers=_basic("ana", "open sesame")).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_trusted_proxy_header(demo_services):
    settings = Settings(basic_auth=None, trusted_user_header="X-Forwarded-User")
    client = create_app(settings, services=demo_services).server.test_client()
    assert client.get("/").status_code == 403
    assert client.get("/", headers={"X-Forwarded-User": "ana"}).status_code == 200


def _graphs(component):
    from dash import dcc

    if isinstance(component, dcc.Graph):
        yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if hasattr(child, "to_plotly_json"):
            yield from _graphs(child)


def test_every_graph_has_no_cloud_buttons(demo_services):
    app = create_app(services=demo_services)
    layout = app.layout() if callable(app.layout) else app.layout
    graphs = list(_graphs(layout))
    assert len(graphs) >= 3
    for graph in graphs:
        config = graph.config
        assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
        assert config["showLink"] is False and config["displaylogo"] is False
        assert not config.get("plotlyServerURL")
        assert {"sendDataToCloud", "editInChartStudio"} <= set(config["modeBarButtonsToRemove"])
