"""From the stored rows to the declarations a view may count, each counted once.

The store keeps every row as its source gave it. Two kinds of rows would count the same trade twice
if a view simply summed them, so the query layer sees them through the ``declarations`` view:

1. **The same declaration from two sources.** Germany's exports to Kazakhstan in May 2023 can arrive
   from Eurostat Comext and from UN Comtrade; Kazakhstan's 2023 exports from UN Comtrade (monthly)
   and from CEPII BACI (annual). For each reporter, flow and month, only the source ranked first in
   `SOURCE_PRIORITY` that has rows for it is used: the national (Comext) or reported (Comtrade)
   figure before the reconciled annual estimate (BACI).
2. **The EU reporting as one beside its members.** Where a source has the EU as one reporter (``EUU``)
   and also member states reporting the same flow, partner and month, the ``EUU`` rows are left out
   (the members' rows hold the same trade in more detail); likewise ``EUU`` as a partner where
   the reporter also declared trade with member states.

Rows left out are not silently lost: `DeclarationRules.shadowed_rows` counts them, and every view
reports how many of its rows were set aside and why (``unplaced_rows`` in the JSON view).

Annual rows are spread over their twelve months only where the same source and reporter has no
monthly rows for that year (the source label then says that such months are annual averages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from geodata.i18n import N_

#: Earlier wins when two sources hold the same reporter's declaration for the same flow and month.
SOURCE_PRIORITY = ("comext", "comtrade", "baci", "demo")
EU_REPORTED_AS_ONE = "EUU"


def monthly_view_sql(raw: str, has_annual: bool) -> str:
    """The `flows` view: monthly rows as stored, and annual rows spread evenly over their months
    where the same source and reporter has no monthly rows for that year (``annual`` true: such a
    month holds a twelfth of the year, `geodata.analytics.data_basis`).
    """
    columns = (
        "period, 'M' AS freq, reporter, partner, flow, hs6, hs_version, value_usd, net_kg, source, "
        "transport_mode, false AS annual"
    )
    monthly = f"SELECT {columns} FROM {raw} WHERE freq = 'M'"
    if not has_annual:
        return f"CREATE VIEW flows AS {monthly}"
    spread = (
        "SELECT CAST(r.period + to_months(m.i) AS DATE) AS period, 'M' AS freq, r.reporter, r.partner, r.flow, "
        "r.hs6, r.hs_version, r.value_usd / 12 AS value_usd, r.net_kg / 12 AS net_kg, r.source, r.transport_mode, "
        "true AS annual "
        f"FROM {raw} r CROSS JOIN range(12) m(i) WHERE r.freq = 'A' AND NOT EXISTS ("
        f"SELECT 1 FROM {raw} c WHERE c.freq = 'M' AND c.source = r.source AND c.reporter = r.reporter "
        "AND year(c.period) = year(r.period))"
    )
    return f"CREATE VIEW flows AS {monthly} UNION ALL {spread}"


@dataclass(frozen=True)
class DeclarationRules:
    """Which rules the store needs, and how many of its rows they set aside (by reason)."""

    source_choice: bool
    eu_overlap: bool
    shadowed_rows: dict[str, int]

    @property
    def any(self) -> bool:
        """True when the store needs either rule (the choice between sources or the EU overlap)."""
        return self.source_choice or self.eu_overlap


def _one_row(cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
    """The one row an aggregate query returns."""
    row = cursor.execute(sql, params).fetchone()
    assert row is not None, "an aggregate query always returns a row"
    return row


def create_declarations_view(
    cursor: duckdb.DuckDBPyConnection, sources: tuple[str, ...], eu_members: tuple[str, ...]
) -> DeclarationRules:
    """Create the ``declarations`` view over ``flows`` (and the small tables it needs)."""
    shadowed: dict[str, int] = {}
    joins = []
    source_choice = len(sources) > 1
    if source_choice:
        ranks = ", ".join(f"('{s}', {i})" for i, s in enumerate(SOURCE_PRIORITY))
        cursor.execute(
            "CREATE TABLE coverage AS SELECT source, reporter, flow, period, count(*) AS n FROM flows GROUP BY ALL"
        )
        cursor.execute(
            f"CREATE TABLE chosen_source AS SELECT c.reporter, c.flow, c.period, "
            f"arg_min(c.source, coalesce(p.rank, 99)) AS source FROM coverage c "
            f"LEFT JOIN (VALUES {ranks}) p(source, rank) ON c.source = p.source GROUP BY ALL"
        )
        count = _one_row(
            cursor,
            "SELECT coalesce(sum(n), 0) FROM coverage c ANTI JOIN chosen_source s "
            "ON c.reporter = s.reporter AND c.flow = s.flow AND c.period = s.period AND c.source = s.source",
        )[0]
        shadowed[N_("declared in a source ranked higher for the same reporter and month")] = int(count)
        joins.append(
            "SEMI JOIN chosen_source s ON f.reporter = s.reporter AND f.flow = s.flow "
            "AND f.period = s.period AND f.source = s.source"
        )
    members = list(eu_members)
    cursor.execute(
        "CREATE TABLE eu_reporter_overlap AS SELECT DISTINCT source, flow, period, partner FROM flows "
        "WHERE list_contains(?::VARCHAR[], reporter) INTERSECT SELECT DISTINCT source, flow, period, partner "
        "FROM flows WHERE reporter = ?",
        [members, EU_REPORTED_AS_ONE],
    )
    cursor.execute(
        "CREATE TABLE eu_partner_overlap AS SELECT DISTINCT source, flow, period, reporter FROM flows "
        "WHERE list_contains(?::VARCHAR[], partner) INTERSECT SELECT DISTINCT source, flow, period, reporter "
        "FROM flows WHERE partner = ?",
        [members, EU_REPORTED_AS_ONE],
    )
    overlaps = _one_row(
        cursor, "SELECT (SELECT count(*) FROM eu_reporter_overlap), (SELECT count(*) FROM eu_partner_overlap)"
    )
    eu_overlap = any(overlaps)
    if eu_overlap:
        joins += [
            f"ANTI JOIN eu_reporter_overlap r ON f.reporter = '{EU_REPORTED_AS_ONE}' AND f.source = r.source "
            "AND f.flow = r.flow AND f.period = r.period AND f.partner = r.partner",
            f"ANTI JOIN eu_partner_overlap q ON f.partner = '{EU_REPORTED_AS_ONE}' AND f.source = q.source "
            "AND f.flow = q.flow AND f.period = q.period AND f.reporter = q.reporter",
        ]
        count = (
            _one_row(
                cursor,
                "SELECT count(*) FROM flows f SEMI JOIN eu_reporter_overlap r ON f.reporter = ? "
                "AND f.source = r.source AND f.flow = r.flow AND f.period = r.period AND f.partner = r.partner",
                [EU_REPORTED_AS_ONE],
            )[0]
            + _one_row(
                cursor,
                "SELECT count(*) FROM flows f SEMI JOIN eu_partner_overlap q ON f.partner = ? "
                "AND f.source = q.source AND f.flow = q.flow AND f.period = q.period AND f.reporter = q.reporter",
                [EU_REPORTED_AS_ONE],
            )[0]
        )
        shadowed[N_("the EU reported as one where its member states reported the same trade")] = int(count)
    cursor.execute(f"CREATE VIEW declarations AS SELECT f.* FROM flows f {' '.join(joins)}")
    return DeclarationRules(source_choice, eu_overlap, {k: v for k, v in shadowed.items() if v})
