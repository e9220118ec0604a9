"""Country names beyond the app's own English ones: the names in other languages (from the ISO 3166
translations pycountry bundles, offline) and the common alternative names a user may type (Turkey for
Türkiye, Kirghizia for Kyrgyzstan: `geodata/reference/country_aliases.csv`, each with its source).

`search_text` gives a pickers' search every name a country is known by, so that "Казахстан",
"Turkey" or "Kirghizia" finds it.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pycountry

from geodata.errors import GeodataValidationError, Problem
from geodata.validation import line_of

ALIASES_FILE = Path(__file__).resolve().parent / "reference" / "country_aliases.csv"
ALIAS_COLUMNS = ("iso3", "alias", "language", "source")
#: The languages whose country names the search knows, beside English.
NAME_LANGUAGES = ("ru",)


@lru_cache(maxsize=4)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def iso_names(iso3: str) -> list[str]:
    """The ISO 3166 names of a country (short, official and common), in English and in every
    `NAME_LANGUAGES`; empty for a code ISO 3166 does not know (such as EUU).
    """
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return []
    english = [
        getattr(country, field)
        for field in ("name", "official_name", "common_name")
        if hasattr(country, field)
    ]
    translated = [_catalogue(language).gettext(name) for language in NAME_LANGUAGES for name in english]
    return list(dict.fromkeys(english + translated))


def iso_name_in(iso3: str, language: str) -> str:
    """A country's short ISO 3166 name in ``language`` (its common name where ISO has one), or the
    code itself for a code ISO 3166 does not know.
    """
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    english = getattr(country, "common_name", None) or country.name
    return english if language == "en" else _catalogue(language).gettext(english)


@lru_cache(maxsize=2)
def load_aliases(path: Path = ALIASES_FILE) -> dict[str, tuple[str, ...]]:
    """ISO-3 → the alternative names of `country_aliases.csv`; raises one error listing every bad row."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in ALIAS_COLUMNS if c not in frame.columns]
    if missing:
        raise GeodataValidationError(
            [
                Problem(
                    path.name, 1, None, f"the columns {', '.join(ALIAS_COLUMNS)}", f"no {', '.join(missing)}"
                )
            ],
            "the country aliases",
        )
    problems: list[Problem] = []
    columns = {column: [str(v) for v in frame[column]] for column in ALIAS_COLUMNS}
    for position, (iso3, alias, source) in enumerate(
        zip(columns["iso3"], columns["alias"], columns["source"], strict=True)
    ):
        line = line_of(position)
        if not (len(iso3) == 3 and iso3.isalpha() and iso3.isupper()):
            problems.append(
                Problem(path.name, line, "iso3", "a three-letter code", repr(iso3), "use ISO 3166 alpha-3")
            )
        if not alias.strip():
            problems.append(Problem(path.name, line, "alias", "a name", "an empty cell", "write the name"))
        if not source.strip():
            problems.append(
                Problem(path.name, line, "source", "a source", "an empty cell", "cite where it is used")
            )
    if problems:
        raise GeodataValidationError(problems, "the country aliases")
    aliases: dict[str, list[str]] = {}
    for iso3, alias in zip(columns["iso3"], columns["alias"], strict=True):
        aliases.setdefault(iso3, []).append(alias.strip())
    return {iso3: tuple(names) for iso3, names in aliases.items()}


def search_text(code: str, own_name: str) -> str:
    """Every name a picker's search should match for ``code`` (a store or reference code; the EU as
    ``EUU``): the app's own name, the ISO names in English and Russian, and the aliases.
    """
    names = [own_name, code, *iso_names(code), *load_aliases().get(code, ())]
    return " ".join(dict.fromkeys(n for n in names if n))
