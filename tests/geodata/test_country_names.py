"""Names a picker's search matches: Russian names from the ISO 3166 translations, the aliases file with
its sources, and one clear error for a bad row."""

from __future__ import annotations

import pytest

from geodata.country_names import iso_names, load_aliases, search_text
from geodata.errors import GeodataValidationError


def test_russian_and_alternative_names_find_the_country():
    assert "Казахстан" in iso_names("KAZ") and "Киргизия" in iso_names("KGZ")
    assert {"Turkey", "Турция"} <= set(search_text("TUR", "Türkiye").split(" "))
    assert {"Kirghizia", "Кыргызстан"} <= set(search_text("KGZ", "Kyrgyzstan").split(" "))
    eu = search_text("EUU", "European Union (EU27)")
    assert "Европейский союз" in eu and iso_names("EUU") == []


def test_every_alias_row_names_a_source():
    aliases = load_aliases()
    assert "Turkey" in aliases["TUR"] and all(len(code) == 3 for code in aliases)


def test_a_bad_aliases_file_is_one_error_naming_its_rows(tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("iso3,alias,language,source\nturkey,Turkey,en,\nKGZ,,en,somewhere\n", encoding="utf-8")
    with pytest.raises(GeodataValidationError) as error:
        load_aliases(bad)
    text = str(error.value)
    assert "line 2" in text and "iso3" in text and "source" in text and "line 3" in text and "alias" in text
