"""Numbers, months and dates as the active language writes them (Babel's CLDR data)."""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from geodata.i18n import active_language


def number(value: float, digits: int = 0, *, optional: bool = False) -> str:
    """``value`` with the language's grouping and decimal mark: 1,234.5 (en), 1 234,5 (ru); with
    ``optional``, decimals only as far as they are not zero (2.5, not 2.50).
    """
    pattern = "#,##0" + ("." + ("#" if optional else "0") * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=active_language())


def month(day: date, long: bool = False) -> str:
    """'Jan 2023' / 'янв. 2023'; with ``long``, 'January 2023' / 'январь 2023'."""
    return format_date(day, "LLLL yyyy" if long else "LLL yyyy", locale=active_language())


def day(value: date) -> str:
    """A date in the language's medium form: 'Feb 24, 2022' / '24 февр. 2022 г.'."""
    return format_date(value, "medium", locale=active_language())


def written_date(moment: date, long: bool = False) -> str:
    """A date as exports write it: '05 Mar 2024' (with ``long``, '05 March 2024'); '05 мар. 2024' in Russian."""
    return format_date(moment, "dd MMMM yyyy" if long else "dd MMM yyyy", locale=active_language())


def month_names(long: bool = False) -> list[str]:
    """The twelve stand-alone month names, January first."""
    return [
        format_date(date(2001, m, 1), "LLLL" if long else "LLL", locale=active_language())
        for m in range(1, 13)
    ]
