"""The goods catalogue and the HS2022 ↔ HS2017 correlation behind `version_weights` (geodata.hs_revisions).

Examples from the real UNSD table: 293131 → 293141 (1:1, renumbered), 620111 + 620191 → 620120 (a merge,
UNSD ``1:n``), 284440 → 284441 … 284444 (a plain split, UNSD ``n:1``), 401511 + 401519 → 401512 + 401519
(``n:n``), and 880330 → 880730 (renumbered, but labelled ``n:1``: some of 880330 went to 8524).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geodata.errors import GeodataValidationError
from geodata.goods import load_catalogue
from geodata.hs_revisions import PartialLink

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "catalogue"
REAL = load_catalogue()
FIXTURE = load_catalogue(FIXTURE_DIR)
FLAT_PANEL_MODULES = ("852411", "852412", "852419", "852491", "852492", "852499", "852990")


def _weights(catalogue, codes) -> dict[tuple[str, str], float]:
    frame = catalogue.version_weights(frozenset(codes))
    return {(v, c): w for v, c, w in frame.itertuples(index=False)}


def test_the_real_table_is_the_whole_unsd_correlation():
    table = REAL.correlation
    assert list(table.columns) == ["hs2022", "hs2017", "relationship"]
    assert table["relationship"].value_counts().to_dict() == {
        "n:n": 10114,
        "1:1": 4097,
        "n:1": 1392,
        "1:n": 54,
    }
    assert table["hs2022"].nunique() == 5613 and table["hs2017"].nunique() == 5387
    assert set(REAL.codes["hs6"]) <= set(table["hs2022"]) | {"999999"}


def test_a_one_to_one_renumbering_counts_fully():
    assert _weights(REAL, {"293141"}) == {("H5", "293131"): 1.0, ("H6", "293141"): 1.0}
    assert REAL.baseline_comparability(frozenset({"293141"})).exact


def test_an_unchanged_code_counts_fully_under_its_own_number():
    assert _weights(REAL, {"870323"}) == {("H5", "870323"): 1.0, ("H6", "870323"): 1.0}


def test_a_merge_counts_every_hs2017_code_fully():
    # UNSD "1:n": one HS2022 code, n HS2017 codes (620111 and 620191 → 620120)
    assert set(REAL.correlation.loc[REAL.correlation["hs2022"] == "620120", "relationship"]) == {"1:n"}
    assert _weights(REAL, {"620120"}) == {("H5", "620111"): 1.0, ("H5", "620191"): 1.0, ("H6", "620120"): 1.0}
    assert REAL.baseline_comparability(frozenset({"620120"})).exact


def test_a_plain_split_is_divided_equally_and_is_exact_when_all_successors_are_selected():
    successors = ("284441", "284442", "284443", "284444")
    assert set(REAL.correlation.loc[REAL.correlation["hs2017"] == "284440", "relationship"]) == {"n:1"}
    assert _weights(REAL, {"284441"})[("H5", "284440")] == 0.25
    assert _weights(REAL, {"284441", "284443"})[("H5", "284440")] == 0.5
    everything = _weights(REAL, successors)
    assert everything[("H5", "284440")] == 1.0  # exactly, not approximately
    assert REAL.baseline_comparability(frozenset(successors)).exact


def test_many_to_many():
    # 401512 ← 401511 and part of 401519; 401519 ← the rest of 401519
    assert _weights(REAL, {"401512"}) == {
        ("H5", "401511"): 1.0,
        ("H5", "401519"): pytest.approx(1 / 3),
        ("H6", "401512"): 1.0,
    }
    assert _weights(REAL, {"401519"})[("H5", "401519")] == pytest.approx(2 / 3)
    both = _weights(REAL, {"401512", "401519"})
    assert both[("H5", "401511")] == 1.0 and both[("H5", "401519")] == 1.0
    partial = REAL.baseline_comparability(frozenset({"401512"}))
    assert partial.partial_links == (
        PartialLink("401519", ("401512", "401519"), ("401512",), pytest.approx(1 / 3)),
    )


def test_a_successor_collecting_from_hundreds_of_codes_takes_only_a_sliver():
    # 880330 went to 880730 and (a little) to the new flat-panel display modules of 8524 and 852990
    assert _weights(REAL, {"880730"})[("H5", "880330")] == pytest.approx(1 / (1 + 7 / 483))
    assert _weights(REAL, {"880730", *FLAT_PANEL_MODULES})[("H5", "880330")] == 1.0
    # 847330 feeds 15 such codes besides itself: equal shares would leave it 1/16
    assert _weights(REAL, {"847330"})[("H5", "847330")] == pytest.approx(0.968, abs=0.001)
    # 848210 (ball bearings) also feeds the six e-waste codes of 8549, each drawn from 1,019 HS2017 codes
    assert _weights(REAL, {"848210"})[("H5", "848210")] == pytest.approx(1 / (1 + 6 / 1019))


def test_the_corrections_restore_854150_behind_854151_and_854159():
    assert not (
        (REAL.correlation["hs2017"] == "854150") & REAL.correlation["hs2022"].str.startswith("85415")
    ).any()
    assert set(REAL.corrections["hs2017"]) == {"854150"}
    assert REAL._revisions.successors["854150"][:2] == ("854151", "854159")
    pair = _weights(REAL, {"854151", "854159"})[("H5", "854150")]
    assert pair == pytest.approx((2 / 158) / (2 / 158 + 6 / 1019))  # the rest goes to e-waste, 8549
    assert 0.6 < pair < 0.7


def test_comparability_of_a_partial_split():
    result = FIXTURE.baseline_comparability(frozenset({"854149"}))
    assert not result.exact
    assert result.codes == ("854149",)
    assert result.partial_links == (PartialLink("854140", ("854141", "854149"), ("854149",), 0.5),)
    assert result.message == (
        "The 2019–2021 baseline is approximate for 854149: HS2017 code 854140 was split into 854141 and "
        "854149, of which only 854149 is selected; 50% of its value is counted. UNSD's correlation gives no "
        "proportions: a split code's value is divided equally among successors drawn from it alone, and a "
        "successor that gathers goods from many HS2017 codes gets a smaller share."
    )
    assert FIXTURE.baseline_comparability(frozenset({"854141", "854149"})).exact
    assert FIXTURE.baseline_comparability(None).exact


def test_the_message_for_many_partial_splits_stays_short():
    result = REAL.baseline_comparability(REAL.chpl_codes)
    assert not result.exact and len(result.partial_links) > 100
    assert len(result.message) < 1200
    assert "HS2017 code 854140 was split into 10 codes (854141, 854142, 854143 and 7 more)" in result.message
    assert "more HS2017 codes were split likewise" in result.message


def test_codes_outside_the_table_and_codes_only_in_hs2017():
    assert _weights(FIXTURE, {"848210"}) == {("H5", "848210"): 1.0, ("H6", "848210"): 1.0}
    # 880330 is not an HS2022 code: its HS2017 rows count through 880730 only, never twice
    assert _weights(FIXTURE, {"880330"}) == {("H6", "880330"): 1.0}
    assert _weights(FIXTURE, {"880330", "880730"})[("H5", "880330")] == 1.0


def test_weights_frame_shape():
    frame = FIXTURE.version_weights(frozenset({"854149", "880730"}))
    assert list(frame.columns) == ["hs_version", "hs6", "weight"]
    assert frame.values.tolist() == [
        ["H5", "854140", 0.5],
        ["H5", "880330", 1.0],
        ["H6", "854149", 1.0],
        ["H6", "880730", 1.0],
    ]
    assert FIXTURE.version_weights(frozenset({"854149", "880730"})) is frame  # memoised


def test_links_give_one_hs2017_code_per_renumbered_code():
    links = dict(zip(REAL.links["hs2022"], REAL.links["hs2017"], strict=True))
    assert links["880730"] == "880330" and links["854149"] == "854140" and links["854159"] == "854150"
    assert links["284441"] == "284440" and links["620120"] == "620111"
    assert "847330" not in links  # its own number is among its predecessors


HS2017_CODES = sorted(REAL._revisions.successors)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(HS2017_CODES), st.data())
def test_a_split_code_counts_once_across_any_partition_of_its_successors(code, data):
    successors = REAL._revisions.successors[code]
    assert math.fsum(REAL._revisions.shares[code]) == pytest.approx(1.0, abs=1e-12)
    chosen = frozenset(data.draw(st.lists(st.sampled_from(successors), min_size=1, unique=True)))
    rest = frozenset(successors) - chosen
    first = _weights(REAL, chosen)[("H5", code)]
    second = _weights(REAL, rest)[("H5", code)] if rest else 0.0
    assert 0 < first <= 1.0 and first + second == pytest.approx(1.0, abs=1e-12)
    partial = {link.hs2017 for link in REAL.baseline_comparability(chosen).partial_links}
    assert (code in partial) == bool(rest)


def _problems(directory: Path) -> list[str]:
    with pytest.raises(GeodataValidationError) as caught:
        load_catalogue(directory)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def catalogue_copy(tmp_path) -> Path:
    return Path(shutil.copytree(FIXTURE_DIR, tmp_path / "catalogue"))


def test_correlation_validation_lists_every_problem(catalogue_copy):
    (catalogue_copy / "hs2022_hs2017_correlation.csv").write_text(
        "hs2022,hs2017,relationship\n85414,854140,n:1\n854149,854140,2:1\n880730,880330,n:1\n880730,880330,n:1\n"
    )
    assert _problems(catalogue_copy) == [
        "hs2022_hs2017_correlation.csv, line 2, column 'hs2022': expected a code of 6 digits, got '85414' — "
        "write the code as text with its leading zeros",
        "hs2022_hs2017_correlation.csv, line 3, column 'relationship': expected one of 1:1, n:1, 1:n, n:n, "
        "got '2:1' — fix the label",
        "hs2022_hs2017_correlation.csv, line 5: expected each (hs2022, hs2017) pair once, got a repeated pair "
        "— delete the row",
        "hs2022_hs2017_correlation.csv, line 4, column 'relationship': expected '1:1' (HS2022 : HS2017) — "
        "HS2017 880330 has 1 HS2022 successor(s) and HS2022 880730 has 1 HS2017 predecessor(s) in the table, "
        "got 'n:1' — restore the table's missing rows or fix the label",
        "hs2022_hs2017_correlation.csv, line 5, column 'relationship': expected '1:1' (HS2022 : HS2017) — "
        "HS2017 880330 has 1 HS2022 successor(s) and HS2022 880730 has 1 HS2017 predecessor(s) in the table, "
        "got 'n:1' — restore the table's missing rows or fix the label",
    ]


def test_a_split_with_a_row_missing_is_refused(catalogue_copy):
    path = catalogue_copy / "hs2022_hs2017_correlation.csv"
    path.write_text(path.read_text().replace("854141,854140,n:1\n", ""))
    assert _problems(catalogue_copy) == [
        "hs2022_hs2017_correlation.csv, line 2, column 'relationship': expected '1:1' (HS2022 : HS2017) — "
        "HS2017 854140 has 1 HS2022 successor(s) and HS2022 854149 has 1 HS2017 predecessor(s) in the table, "
        "got 'n:1' — restore the table's missing rows or fix the label"
    ]


def test_missing_correlation_column(catalogue_copy):
    path = catalogue_copy / "hs2022_hs2017_correlation.csv"
    path.write_text(path.read_text().replace("relationship", "relation", 1))
    assert _problems(catalogue_copy) == [
        "hs2022_hs2017_correlation.csv, line 1: expected columns hs2022, hs2017, relationship, got no column "
        "'relationship' — add the missing column(s) to the header row"
    ]


def test_corrections_validation(catalogue_copy):
    (catalogue_copy / "hs_correlation_corrections.csv").write_text(
        "hs2022,hs2017,note,source\n"
        "854149,854140,already linked,x\n"
        "854149,123456,unknown code,x\n"
        "854141,880330, ,\n"
    )
    assert _problems(catalogue_copy) == [
        "hs_correlation_corrections.csv, line 3, column 'hs2017': expected an HS2017 code of "
        "hs2022_hs2017_correlation.csv, got '123456' — check the code",
        "hs_correlation_corrections.csv, line 2: expected a link hs2022_hs2017_correlation.csv lacks, got "
        "854149–854140, already there — delete the row",
        "hs_correlation_corrections.csv, line 4, column 'note': expected a reason and its source, got an empty "
        "value — fill in the note",
        "hs_correlation_corrections.csv, line 4, column 'source': expected a reason and its source, got an "
        "empty value — fill in the source",
    ]


def test_a_correction_joins_the_links(catalogue_copy):
    (catalogue_copy / "hs_correlation_corrections.csv").write_text(
        "hs2022,hs2017,note,source\n854141,880330,test link,test\n"
    )
    catalogue = load_catalogue(catalogue_copy)
    # 854141 now draws on two HS2017 codes, 880730 on one: 880330 splits 1/2 : 1 between them
    assert _weights(catalogue, {"880730"})[("H5", "880330")] == pytest.approx(2 / 3)
    assert catalogue.baseline_comparability(frozenset({"880730"})).codes == ("880730",)


def test_basket_titles_come_from_the_catalogue_and_disagreeing_rows_are_refused(tmp_path):
    from geodata.errors import GeodataValidationError
    from geodata.goods import CATALOGUE_DIR, basket_presets, load_catalogue

    catalogue = load_catalogue()
    presets = basket_presets(catalogue)
    assert presets["bearings"] == "Bearings" and list(presets)[-1] == "all"
    assert list(catalogue.basket_titles) == list(dict.fromkeys(catalogue.baskets["basket_id"]))
    folder = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE_DIR, folder)
    text = (folder / "baskets.csv").read_text(encoding="utf-8").splitlines()
    text[2] = text[2].replace(",Microelectronics,", ",Chips,", 1)  # the basket's second row disagrees
    (folder / "baskets.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(
        GeodataValidationError, match="one title on every row of the basket 'microelectronics'"
    ):
        load_catalogue(folder)
