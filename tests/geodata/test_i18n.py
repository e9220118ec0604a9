"""The catalogues cover the code, translations keep their placeholders, and formats follow the language."""

from __future__ import annotations

from datetime import date

import pytest

from geodata.i18n import (
    LANGUAGES,
    N_,
    SOURCE_LANGUAGE,
    _,
    active_language,
    catalogue_path,
    checked_language,
    placeholders,
    translations,
    use_language,
)
from geodata.i18n.catalogues import extract_messages
from geodata.i18n.formats import day, month, month_names, number

OTHER_LANGUAGES = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def used_messages() -> dict[str, list]:
    """Every message the code marks, with where it is used."""
    return {str(m.id): m.locations for m in extract_messages() if m.id}


def test_the_code_marks_messages_in_every_package(used_messages):
    folders = {path.split("/")[0] for locations in used_messages.values() for path, _line in locations}
    assert folders == {"geodata", "dashboard", "callbacks"}
    assert len(used_messages) > 300


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_the_code_uses_is_translated(language, used_messages):
    """Fails when text is marked in the code but its catalogue lacks it: run `make catalogues` and
    translate the new entries in the named file.
    """
    known = translations(language)
    missing = {text: locations[0] for text, locations in used_messages.items() if not known.get(text)}
    assert not missing, (
        f"{len(missing)} messages have no {language} translation in {catalogue_path(language)} "
        f"(run `make catalogues`, then translate them), e.g.: "
        + "; ".join(f"{text!r} at {path}:{line}" for text, (path, line) in list(missing.items())[:8])
    )


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_translations_keep_every_placeholder(language):
    wrong = {
        text: translated
        for text, translated in translations(language).items()
        if placeholders(text) != placeholders(translated)
    }
    assert not wrong


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_the_catalogue_holds_no_message_the_code_no_longer_uses(language, used_messages):
    stale = set(translations(language)) - set(used_messages)
    assert not stale, (
        f"stale entries in {catalogue_path(language)} (run `make catalogues`): {sorted(stale)[:5]}"
    )


def test_translation_follows_the_active_language_and_restores_it():
    assert _("Language") == "Language"
    with use_language("ru") as language:
        assert language == "ru" and active_language() == "ru"
        assert _("Language") == "Язык"
        assert _("a message no catalogue has") == "a message no catalogue has"
    assert active_language() == SOURCE_LANGUAGE
    assert N_("Language") == "Language"


@pytest.mark.parametrize("value", ["de", "RU", "", None, 3, "ru;drop"])
def test_unknown_languages_fall_back_to_english(value):
    assert checked_language(value) == SOURCE_LANGUAGE
    with use_language(value):
        assert active_language() == SOURCE_LANGUAGE


def test_placeholders_ignore_escaped_braces():
    assert placeholders("{a} of {b:,.0f} {{literal}}") == {"a", "b"}


def test_numbers_and_months_are_written_as_each_language_writes_them():
    assert number(1234567.891, 2) == "1,234,567.89"
    assert month(date(2023, 1, 1)) == "Jan 2023"
    assert month(date(2023, 1, 1), long=True) == "January 2023"
    assert day(date(2022, 2, 24)) == "Feb 24, 2022"
    with use_language("ru"):
        assert number(1234567.891, 2) == "1\xa0234\xa0567,89"
        assert month(date(2023, 1, 1), long=True) == "январь 2023"
        assert month(date(2023, 5, 1)).startswith("май")
        assert day(date(2022, 2, 24)).startswith("24 февр.")
        assert month_names(long=True)[11] == "декабрь"


def test_a_text_made_before_the_language_is_known_reads_in_english_and_translates_later():
    from geodata.i18n import Text, translated

    why = Text(
        N_("the current snapshot {snapshot} is damaged ({problem})"), snapshot="s2", problem="x.parquet"
    )
    warning = Text(
        N_(
            "Showing an older snapshot, {snapshot} (updated {updated}): {why}. "
            "Run `corridor-atlas verify` for details and `corridor-atlas verify --restore` to repair."
        ),
        snapshot="s1",
        updated="2026-01-01",
        why=why,
    )
    assert isinstance(warning, str) and "s2 is damaged (x.parquet)" in warning  # plain English text
    assert translated(warning) == str(warning) and translated("plain") == "plain"
    with use_language("ru"):
        russian = translated(warning)
    assert (
        russian.startswith("Показан более ранний снимок данных, s1")
        and "снимок s2 повреждён (x.parquet)" in russian
    )
