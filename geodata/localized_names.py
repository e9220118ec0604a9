"""Names and titles from the reference tables (crossings, ports, hubs, corridors, sanctions events,
baskets) in the interface language.

A table may give a language its own column beside the English one (``name_ru`` beside ``name`` or
``name_en``, ``title_ru`` beside ``title``); crossings
and hubs carry their local name (``name_local``), which a Russian reader reads as is where it is
written in Cyrillic (Верхний Ларс / ყაზბეგი). Otherwise the English name stands.
"""

from __future__ import annotations

import re

import pandas as pd

from geodata.i18n import SOURCE_LANGUAGE, active_language

#: Languages whose readers read a local name as is when it is written in their script.
SCRIPTS = {"ru": re.compile("[\u0400-\u04ff]")}


def localized(table: pd.DataFrame, english_column: str) -> pd.Series:
    """Each row's ``english_column`` text in the active language, indexed like ``table``."""
    english = table[english_column].astype(str)
    language = active_language()
    if language == SOURCE_LANGUAGE:
        return english
    own_column = f"{english_column.removesuffix('_en')}_{language}"
    if own_column in table.columns:
        own = table[own_column].fillna("").astype(str)
        return own.where(own.str.strip() != "", english)
    script = SCRIPTS.get(language)
    if script is not None and "name_local" in table.columns:
        local = table["name_local"].fillna("").astype(str).map(lambda text: in_script(text, script))
        return local.where(local != "", english)
    return english


def in_script(local_name: str, script: re.Pattern) -> str:
    """The parts of a two-sided local name ("Достық / 阿拉山口") written in ``script``, joined as they
    were; empty when none is.
    """
    return " / ".join(part for part in local_name.split(" / ") if script.search(part)).strip()
