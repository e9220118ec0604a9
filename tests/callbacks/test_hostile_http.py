"""Issue 12, point 3, through the server: hostile values posted to /_dash-update-component the way
Dash 4's renderer posts them (output, outputs, inputs, state, changedPropIds) never give a 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.callbacks.hostile_values import HOSTILE, link_queries, maybe

SLOW = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@pytest.fixture(scope="module")
def client_and_deps(demo_services):
    from dashboard.app import create_app

    app = create_app(services=demo_services)
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    return client, {d["output"].split("@")[0][:40]: d for d in deps}


def _dependency(deps: dict, output_prefix: str) -> dict:
    return next(d for key, d in deps.items() if key.startswith(output_prefix))


def _outputs(output: str) -> list[dict] | dict:
    """The renderer's `outputs`: one {id, property} per output ('@hash' dropped), a list for several."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    items = [{"id": p.split(".", 1)[0], "property": p.split(".", 1)[1].split("@")[0]} for p in parts]
    return items if output.startswith("..") else items[0]


def body(dep: dict, values: dict, changed: str) -> dict:
    """A request body exactly as the Dash 4 renderer builds it, with the given values."""

    def entries(items):
        return [
            {"id": i["id"], "property": i["property"], "value": values.get(f"{i['id']}.{i['property']}")}
            for i in items
        ]

    return {
        "output": dep["output"],
        "outputs": _outputs(dep["output"]),
        "inputs": entries(dep["inputs"]),
        "state": entries(dep["state"]),
        "changedPropIds": [changed],
    }


def _post(client, payload: dict):
    response = client.post(
        "/_dash-update-component", data=json.dumps(payload), content_type="application/json"
    )
    assert response.status_code != 500, response.get_data(as_text=True)[:300]
    return response


SYNC_KEYS = [
    "url.search",
    "goods-presets.value",
    "hs-picker.value",
    "period-slider.value",
    "direction.value",
    "reporting-side.value",
    "metric.value",
    "focus-country.value",
    "pair-exporter.value",
    "pair-importer.value",
    "eu-mode.value",
    "china-mode.value",
    "layer-toggles.value",
    "export-title.value",
    "period-preset.value",
    "map-graph.clickData",
    "url.href",
]


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(
    st.fixed_dictionaries({k: HOSTILE for k in SYNC_KEYS}),
    st.sampled_from(SYNC_KEYS[:-1]),
    maybe(link_queries()),
)
def test_sync_callback_never_500(client_and_deps, values, changed, search):
    client, deps = client_and_deps
    values["url.search"] = search
    response = _post(client, body(_dependency(deps, "..url.search..."), values, changed))
    assert response.status_code in (200, 204, 413)  # 413: refused by the body size limit


@settings(max_examples=8, deadline=None, suppress_health_check=SLOW)
@given(maybe(link_queries()), HOSTILE, HOSTILE)
def test_render_callback_never_500(client_and_deps, query, layers, pathname):
    client, deps = client_and_deps
    values = {"view-store.data": query, "map-trace-layers.data": layers, "url.pathname": pathname}
    response = _post(client, body(_dependency(deps, "..map-graph.figure"), values, "view-store.data"))
    assert response.status_code in (200, 204, 413)  # 413: refused by the body size limit


@settings(max_examples=60, deadline=None, suppress_health_check=SLOW)
@given(
    st.sampled_from(
        [
            "hs-picker.options",
            "period-slider.value",
            "saved-views.data",
            "..present-link",
            "..play-interval",
            "url.search",
        ]
    ),
    HOSTILE,
    HOSTILE,
    HOSTILE,
)
def test_other_callbacks_never_500(client_and_deps, output, first, second, third):
    client, deps = client_and_deps
    dep = _dependency(deps, output)
    keys = [f"{i['id']}.{i['property']}" for i in dep["inputs"] + dep["state"]]
    values = dict(zip(keys, [first, second, third, first], strict=False))
    _post(client, body(dep, values, keys[0]))


def test_the_renderers_shape_reaches_the_handlers(client_and_deps):
    client, deps = client_and_deps
    values = {"url.search": "?from=0000-01&hs=8542", "url.href": "http://127.0.0.1:8050/"}
    response = _post(client, body(_dependency(deps, "..url.search..."), values, "url.search"))
    out = response.get_json()["response"]
    assert "from=2019-01" in out["view-store"]["data"] and "hs=8542" in out["view-store"]["data"]
    assert "8542" in [o["value"] for o in out["hs-picker"]["options"]]
    assert "0000-01" in json.dumps(out["view-notices"]["children"])
