"""Delimiter sniffing, header splitting and the progress bar staying quiet off a terminal."""

from __future__ import annotations

import pytest
from formats_helpers import FIXTURES, read_all

from geodata.trade.formats import BACI
from geodata.trade.formats.textio import sniff_delimiter, split_header


@pytest.mark.parametrize(
    "line, delimiter",
    [("a,b,c", ","), ("a\tb\tc", "\t"), ("a|b|c", "|"), ("a;b;c", ";"), ('"x,y";b;c', ";"), ("single", ",")],
)
def test_sniff_delimiter(line, delimiter):
    assert sniff_delimiter(line) == delimiter


def test_split_header_strips_bom_quotes_and_spaces():
    assert split_header('\ufeff"t", i ,"j"', ",") == ["t", "i", "j"]


def test_no_progress_bar_is_printed_off_a_terminal(capsys):
    read_all(BACI, FIXTURES / "BACI_HS17_Y2022_V202401.csv")
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""
