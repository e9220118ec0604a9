"""How a Comtrade layout names its columns: `Layout` (one field per column the pipeline reads, with
the layout's spelling), how a header's spelling is matched to it (`column_key`, `snake_case`), and
the row sources a layout is read through (`RowSource`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from typing import Any, Protocol

import pandas as pd


def column_key(name: str) -> str:
    """A column name reduced to lower-case letters and digits, the way tools respell headers:
    'refYear', 'RefYear', 'ref_year' and 'ref.year' are all 'refyear'.
    """
    return re.sub(r"[^0-9a-z]", "", name.lower())


def snake_case(name: str) -> str:
    """'refYear' → 'ref_year', 'Trade Value (US$)' → 'trade_value_us' (R's tidy column names)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"[^0-9a-z]+", "_", spaced.lower()).strip("_")


class RowSource(Protocol):
    """Where the string chunks come from: `textio.TextRows` or `jsonio.JsonRows`."""

    header: list[str]
    header_name: str  # "a header" / "a first record", for the missing-columns message

    def chunks(
        self, usecols: list[str], chunk_rows: int, *, first_pass: bool = False
    ) -> Iterator[pd.DataFrame]:
        """Chunks of ``usecols`` as stripped strings, indexed by file line (or record number)."""


@dataclass(frozen=True)
class Layout:
    """Column names of one Comtrade layout (None: the layout has no such column).

    ``aliases`` lists other spellings of a column, by field name (``{"value": ("trade_value_usd",)}``).
    """

    classification: str
    year: str
    month: str | None  # Comtrade Plus refMonth (52 = annual)
    period: str | None  # legacy Period: YYYY or YYYYMM
    reporter: str
    partner: str
    flow: str
    cmd: str
    value: str
    aggr_level: str | None
    net_kg: str | None
    partner2: str | None
    customs: str | None
    mot: str | None
    mot_desc: str | None
    period_text: str | None = None  # Comtrade Plus 'period' (YYYYMM, or YYYY): checked against year and month
    flow_map: dict = field(default_factory=dict)
    aliases: dict = field(default_factory=dict)

    def columns(self) -> dict[str, str]:
        """{field: column name} for every column the layout has."""
        names = {item.name: getattr(self, item.name) for item in fields(self)}
        return {key: name for key, name in names.items() if isinstance(name, str)}

    def respelled(self, spell: Callable[[str], str], **changes: Any) -> Layout:
        """The same layout with every column name passed through ``spell`` (``changes`` override)."""
        return replace(self, **({key: spell(name) for key, name in self.columns().items()} | changes))

    def bind(self, header: list[str], normalize: Callable[[str], str] = str) -> Layout:
        """The layout with each column spelled as ``header`` spells it.

        Names are compared through ``normalize`` (``str``: exactly; ``str.lower``; `column_key`);
        a column the header lacks keeps the layout's spelling (so messages can name it).
        """
        found: dict[str, str] = {}
        for name in header:
            found.setdefault(normalize(name), name)
        spelled: dict[str, Any] = {}  # column fields only (str), passed to replace as keywords
        for key, own in self.columns().items():
            for spelling in (own, *self.aliases.get(key, ())):
                if normalize(spelling) in found:
                    spelled[key] = found[normalize(spelling)]
                    break
        return replace(self, **spelled)

    @property
    def required(self) -> list[str]:
        """The required columns the layout has: classification, year, month or period, codes, flow, value."""
        cols = [
            self.classification,
            self.year,
            self.month,
            self.period,
            self.reporter,
            self.partner,
            self.flow,
            self.cmd,
            self.value,
        ]
        return [col for col in cols if col]

    @property
    def optional(self) -> list[str]:
        """The columns read when present: level, weight, breakdowns, modes, period text."""
        cols = [
            self.aggr_level,
            self.net_kg,
            self.partner2,
            self.customs,
            self.mot,
            self.mot_desc,
            self.period_text,
        ]
        return [col for col in cols if col]
