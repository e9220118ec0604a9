"""Monthly EUR→USD rates used to convert Eurostat Comext values (VALUE_EUR) to US dollars.

The default table, ``geodata/catalogue/eur_usd_monthly.csv``, holds ECB euro foreign exchange
reference rates, monthly averages of US dollars per euro (ECB series EXR.M.USD.EUR.SP00.A), with
columns ``month`` (YYYY-MM), ``usd_per_eur`` and ``source``. Users can replace it with their own
table in the same layout — the CLI takes ``--eur-usd FILE`` — for example to add months the
bundled table does not have yet. Annual rows use the mean of the year's twelve monthly rates.

The bundled rows up to 2025-04 are monthly means of the ECB daily reference rates (the ECB's own
method for this series). Rows whose ``source`` ends in "(unverified)" (2025-05 onwards) are
approximations that were not checked against ECB data: replace them with the published values
(https://data.ecb.europa.eu/data/datasets/EXR/EXR.M.USD.EUR.SP00.A) before relying on them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from geodata.errors import IngestError
from geodata.trade.formats.textio import problem

DEFAULT_EUR_USD = Path(__file__).resolve().parents[2] / "catalogue" / "eur_usd_monthly.csv"
SERIES = "EXR.M.USD.EUR.SP00.A"


def load_eur_usd(path: Path | str | None = None) -> pd.Series:
    """USD per EUR indexed by month-start Timestamp, from ``path`` (default: the bundled ECB table)."""
    path = Path(path) if path is not None else DEFAULT_EUR_USD
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise IngestError(
            f"{path}: the EUR/USD rate table does not exist — pass --eur-usd with a CSV of "
            "month,usd_per_eur[,source]"
        ) from exc
    except (OSError, ValueError) as exc:  # empty, binary, ragged: pandas' ParserError is a ValueError
        raise problem(
            path,
            None,
            None,
            "a CSV table with columns month,usd_per_eur[,source]",
            f"a file pandas cannot read ({' '.join(str(exc).split())[:120]})",
            "pass --eur-usd with a table in that layout, or leave it out to use the bundled table",
        ) from exc
    table.columns = [col.strip() for col in table.columns]
    for col in ("month", "usd_per_eur"):
        if col not in table.columns:
            raise problem(
                path,
                1,
                None,
                "columns month (YYYY-MM) and usd_per_eur",
                "a header " + ",".join(table.columns),
                "rename the columns or use the bundled table",
            )
    month = table["month"].str.strip()
    ok = month.str.fullmatch(r"\d{4}-(0[1-9]|1[0-2])")
    if not ok.all():
        line = int((~ok).to_numpy().argmax()) + 2
        raise problem(path, line, "month", "a month YYYY-MM", repr(month[~ok].iloc[0]), "fix that row")
    rate = pd.to_numeric(table["usd_per_eur"].str.strip(), errors="coerce")
    bad = rate.isna() | (rate <= 0)
    if bad.any():
        line = int(bad.to_numpy().argmax()) + 2
        raise problem(
            path,
            line,
            "usd_per_eur",
            "a positive number of US dollars per euro",
            repr(table["usd_per_eur"][bad].iloc[0]),
            "fix that row",
        )
    index = pd.DatetimeIndex(pd.to_datetime(month + "-01", format="%Y-%m-%d"), name="month")
    if index.duplicated().any():
        dup = index[index.duplicated()][0]
        raise problem(
            path, None, "month", "one row per month", f"{dup:%Y-%m} twice", "remove one of the rows"
        )
    return pd.Series(rate.to_numpy(dtype="float64"), index=index, name="usd_per_eur").sort_index()


def rates_for(
    periods: pd.Series,
    annual: pd.Series,
    eur_usd: pd.Series,
    *,
    path: Path,
    lines: pd.Index,
    table_name: str = "the EUR/USD table",
) -> pd.Series:
    """USD per EUR for each row: the month's rate, or the mean of the 12 monthly rates for annual rows."""
    monthly = eur_usd.copy()
    monthly.index = pd.DatetimeIndex(monthly.index).to_period("M").to_timestamp()
    by_year = monthly.groupby(monthly.index.year).agg(["mean", "count"])
    full_years = by_year["mean"][by_year["count"] == 12]
    month_rate = pd.Series(monthly.reindex(pd.DatetimeIndex(periods)).to_numpy(), index=periods.index)
    year_rate = pd.Series(full_years.reindex(pd.DatetimeIndex(periods).year).to_numpy(), index=periods.index)
    rate = month_rate.where(~annual, year_rate)
    missing = rate.isna()
    if missing.any():
        first = int(missing.to_numpy().argmax())
        when = periods.iloc[first]
        is_annual = bool(annual.iloc[first])
        label = f"{when:%Y} (all twelve months)" if is_annual else f"{when:%Y-%m}"
        raise IngestError(
            f"{Path(path).name}, line {lines[first]}: no EUR→USD rate for {label} in {table_name} — "
            f"add the ECB monthly average (series {SERIES}, USD per EUR) as a row 'YYYY-MM,rate,source' to "
            f"{DEFAULT_EUR_USD.name} or pass --eur-usd FILE with a table that covers it"
        )
    return rate
