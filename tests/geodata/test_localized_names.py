"""Place names follow the language: their own column, a local name in the reader's script, else English."""

from __future__ import annotations

import pandas as pd

from geodata.i18n import use_language
from geodata.localized_names import localized


def test_crossings_show_a_cyrillic_local_name_in_russian_and_english_otherwise():
    crossings = pd.DataFrame(
        {
            "name_en": ["Upper Lars – Kazbegi", "Sarp – Sarpi", "Astara"],
            "name_local": ["Верхний Ларс / ყაზბეგი", "Sarp / სარფი", None],
        },
        index=["upper_lars", "sarp", "astara"],
    )
    assert list(localized(crossings, "name_en")) == ["Upper Lars – Kazbegi", "Sarp – Sarpi", "Astara"]
    with use_language("ru"):
        names = localized(crossings, "name_en")
    assert list(names) == ["Верхний Ларс", "Sarp – Sarpi", "Astara"]  # the part a Russian reader reads
    assert list(names.index) == ["upper_lars", "sarp", "astara"]


def test_a_language_column_wins_and_blank_cells_fall_back():
    corridors = pd.DataFrame({"name": ["Middle Corridor", "Ferry"], "name_ru": ["Средний коридор", " "]})
    with use_language("ru"):
        assert list(localized(corridors, "name")) == ["Средний коридор", "Ferry"]
    assert list(localized(corridors, "name")) == ["Middle Corridor", "Ferry"]


def test_titles_take_their_language_column():
    events = pd.DataFrame({"title": ["EU 12th package"], "title_ru": ["12-й пакет ЕС"]})
    with use_language("ru"):
        assert list(localized(events, "title")) == ["12-й пакет ЕС"]


def test_a_name_written_in_cyrillic_on_both_sides_keeps_both():
    crossings = pd.DataFrame({"name_en": ["Troitsk – Kairak"], "name_local": ["Троицк / Қайрақ"]})
    with use_language("ru"):
        assert list(localized(crossings, "name_en")) == ["Троицк / Қайрақ"]
