"""The default view's signals saved at ingest: written by the CLI beside the snapshot, read back by the
server only while they still answer the same question, and identical to the computed ones."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from dashboard import signal_cache
from dashboard.services import build_services
from dashboard.settings import Settings
from dashboard.view_document import _SIGNAL_MEMOS, _period_signals, precompute_default_signals, view_signals
from dashboard.view_state import ViewState
from geodata.analytics.signals import Thresholds


@pytest.fixture(scope="module")
def small_store(demo_data_dir, tmp_path_factory):
    """A copy of the session's demo store with the default view's signals saved, as after `demo`."""
    data = tmp_path_factory.mktemp("signal-cache") / "data"
    shutil.copytree(demo_data_dir, data, symlinks=True)
    services = build_services(Settings(data_dir=data))
    precompute_default_signals(services)
    _SIGNAL_MEMOS.pop(services.store, None)
    return data


@pytest.fixture
def services(small_store):
    services = build_services(Settings(data_dir=small_store))
    yield services
    _SIGNAL_MEMOS.pop(services.store, None)


def _cells_refused(services, monkeypatch) -> list:
    calls = []

    def refuse(flt):
        calls.append(flt)
        raise AssertionError("the signal cells were read")

    monkeypatch.setattr(services.store, "signal_cells", refuse)
    return calls


def test_the_signals_are_saved_beside_the_snapshot(small_store, services):
    path = signal_cache.signals_path(services.store.snapshot_dir)
    document = json.loads(path.read_text())
    assert path.parent.parent == (small_store / "current").resolve()
    assert document["format"] == signal_cache.FORMAT and document["signals"]
    assert json.loads(document["key"])["detectors"] == signal_cache.detector_digest()


def test_the_server_answers_the_default_view_from_the_saved_signals(services, monkeypatch):
    view = ViewState.default(services.view_context)
    computed = [s.as_json() for s in view_signals(view, services, Thresholds())]
    _SIGNAL_MEMOS.pop(services.store, None)
    calls = _cells_refused(services, monkeypatch)
    saved = [s.as_json() for s in view_signals(view, services, Thresholds())]
    assert calls == [] and saved == computed and len(saved) > 5


def test_the_saved_list_is_the_whole_computed_list(services):
    view = ViewState.default(services.view_context)
    _, _, saved = _period_signals(view, services, Thresholds(), use_saved=True)
    _, _, computed = _period_signals(view, services, Thresholds(), use_saved=False)
    assert [s.as_json() for s in saved] == [s.as_json() for s in computed]


@pytest.mark.parametrize(
    "query",
    ["surge_factor=4", "goods=bearings", "from=2024-01&to=2024-12", "eu=members"],
)
def test_any_other_question_is_computed(services, monkeypatch, query):
    view, _ = ViewState.from_query(
        ViewState.default(services.view_context).to_query() + "&" + query, services.view_context
    )
    calls = _cells_refused(services, monkeypatch)
    with pytest.raises(AssertionError, match="signal cells were read"):
        view_signals(view, services, view.signal_thresholds)
    assert len(calls) == 1


def test_signals_saved_by_other_detector_code_are_computed_again(services, monkeypatch):
    view = ViewState.default(services.view_context)
    monkeypatch.setattr(signal_cache, "detector_digest", lambda: "0" * 16)
    calls = _cells_refused(services, monkeypatch)
    with pytest.raises(AssertionError, match="signal cells were read"):
        view_signals(view, services, Thresholds())
    assert len(calls) == 1


def test_a_damaged_file_is_computed_again(tmp_path):
    path = signal_cache.signals_path(tmp_path)
    path.parent.mkdir()
    for text in (
        "{not json",
        '{"format": "corridor-atlas/default-signals/1", "key": "k", "signals": [{"x": 1}]}',
    ):
        path.write_text(text)
        assert signal_cache.precomputed_signals(tmp_path, "k") is None


def test_the_key_is_the_same_text_whatever_the_set_order():
    window = (date(2025, 4, 1), date(2026, 3, 1))
    one = signal_cache.key_text(
        "a", (), ("demo",), frozenset({"KAZ", "ARM", "KGZ"}), window, "L", Thresholds()
    )
    two = signal_cache.key_text(
        "a", (), ("demo",), frozenset({"KGZ", "KAZ", "ARM"}), window, "L", Thresholds()
    )
    assert one == two and json.loads(one)["transit"] == ["ARM", "KAZ", "KGZ"]


def test_a_failed_precompute_warns_and_leaves_the_write_standing(monkeypatch, tmp_path, capsys):
    from dashboard import cli

    def fail(_services):
        raise RuntimeError("engine went away")

    monkeypatch.setattr(cli, "build_services", lambda _settings: None)
    monkeypatch.setattr(cli, "precompute_default_signals", fail)
    cli._precompute_signals(tmp_path)  # returns: the ingest's own status stands
    error = capsys.readouterr().err
    assert error.startswith("warning: the default view's signals were not precomputed (engine went away)")
