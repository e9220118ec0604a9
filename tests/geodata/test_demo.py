"""The demo dataset: deterministic, calibrated to the official totals, mirror-style, with the
patterns public reporting describes — and labelled as synthetic."""

from __future__ import annotations

import hashlib
import itertools

import pandas as pd
import pytest

from geodata.goods import load_catalogue
from geodata.official import calibration_targets, load_official_totals
from geodata.trade.demo import generate_demo
from geodata.trade.formats import load_eur_usd


@pytest.fixture(scope="module")
def demo() -> pd.DataFrame:
    frames = generate_demo(
        load_catalogue(), calibration_targets(load_official_totals()), load_eur_usd(), seed=7
    )
    frame = pd.concat(list(frames), ignore_index=True)
    frame["year"] = frame["period"].dt.year
    return frame


def _series(frame, reporter, partner, flow):
    return frame[(frame["reporter"] == reporter) & (frame["partner"] == partner) & (frame["flow"] == flow)]


def test_every_official_total_is_matched_within_half_a_percent(demo):
    targets = calibration_targets(load_official_totals())
    rates = load_eur_usd()
    assert len(targets) >= 50
    for target in targets.itertuples(index=False):
        rows = _series(demo, target.reporter, target.partner, target.flow)
        rows = rows[rows["year"] == target.year]
        measured = (
            (rows["value_usd"] / rows["period"].map(rates)).sum()
            if target.currency == "EUR"
            else rows["value_usd"].sum()
        )
        assert measured == pytest.approx(target.amount, rel=0.005), target.id


def test_turnover_rows_agree_with_their_parts(demo):
    totals = load_official_totals()
    kaz = totals[(totals["exporter"] == "KAZ") & (totals["measure"] == "turnover") & (totals["year"] == 2019)]
    assert not kaz.empty
    x = _series(demo, "KAZ", "RUS", "X")
    m = _series(demo, "KAZ", "RUS", "M")
    turnover = x[x["year"] == 2019]["value_usd"].sum() + m[m["year"] == 2019]["value_usd"].sum()
    assert turnover == pytest.approx(kaz["value"].iloc[0] * 1e9, rel=0.005)


def test_deterministic_for_a_seed():
    args = (load_catalogue(), calibration_targets(load_official_totals()), load_eur_usd())

    def digest(seed: int) -> str:
        frames = list(itertools.islice(generate_demo(*args, seed=seed), 3))  # the first frames, not all
        return hashlib.sha256(pd.concat(frames).to_csv().encode()).hexdigest()

    assert digest(7) == digest(7) and digest(7) != digest(8)


def test_shape_labels_and_mirror_style(demo):
    assert set(demo["source"]) == {"demo"}
    assert "RUS" not in set(demo["reporter"])  # Russia reports nothing: its side is its partners'
    assert "RUS" in set(demo["partner"])
    assert demo["period"].min() == pd.Timestamp("2019-01-01") and demo["period"].max() == pd.Timestamp(
        "2026-03-01"
    )
    assert demo["hs6"].str.fullmatch(r"\d{6}").all()
    assert set(demo.loc[demo["year"] <= 2021, "hs_version"]) == {"H5"}
    assert set(demo.loc[demo["year"] >= 2022, "hs_version"]) == {"H6"}
    assert 200_000 < len(demo) < 1_500_000


def _chpl_monthly(demo, reporter, partner, flow, start, end):
    chpl = load_catalogue().version_weights(load_catalogue().chpl_codes)
    rows = _series(demo, reporter, partner, flow).merge(chpl, on=["hs_version", "hs6"])
    rows = rows[(rows["period"] >= start) & (rows["period"] <= end)]
    months = len(pd.date_range(start, end, freq="MS"))
    return (rows["value_usd"] * rows["weight"]).sum() / months


@pytest.mark.parametrize("hub", ["KAZ", "KGZ", "ARM"])
def test_chpl_goods_through_the_hubs_rise_steeply_after_2022(demo, hub):
    baseline = _chpl_monthly(demo, hub, "RUS", "X", "2019-01-01", "2021-12-01")
    later = _chpl_monthly(demo, hub, "RUS", "X", "2023-01-01", "2023-12-01")
    assert later > 2.0 * baseline


def test_kazakh_controls_cut_chpl_flows_in_early_2026(demo):
    late_2025 = _chpl_monthly(demo, "KAZ", "RUS", "X", "2025-07-01", "2025-12-01")
    early_2026 = _chpl_monthly(demo, "KAZ", "RUS", "X", "2026-01-01", "2026-03-01")
    assert early_2026 < 0.75 * late_2025


def test_eu_exports_of_chpl_goods_to_russia_collapse(demo):
    before = _chpl_monthly(demo, "EUU", "RUS", "X", "2019-01-01", "2021-12-01")
    after = _chpl_monthly(demo, "EUU", "RUS", "X", "2024-01-01", "2024-12-01")
    assert after < 0.2 * before


def test_the_size_switch_scales_rows():
    args = (load_catalogue(), calibration_targets(load_official_totals()), load_eur_usd())
    small = sum(len(f) for f in generate_demo(*args, seed=7, rows=100_000))
    assert 50_000 < small < 200_000
