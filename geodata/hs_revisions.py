"""HS revisions: how rows reported in HS2017 count toward a selection of HS2022 codes, so that a
2019–2021 baseline means the same goods as 2024.

`geodata.goods.GoodsCatalogue.version_weights()` turns a selection into the (hs_version, hs6, weight)
rows a query joins against, with `Revisions.weights()`. HS2022 rows (H6) of a selected code count fully.
HS2017 rows (H5) follow ``geodata/catalogue/hs2022_hs2017_correlation.csv``: the UN Statistics
Division's correlation of every HS2022 code with every HS2017 code its goods came from (source and
citation in the README beside it) — plus ``hs_correlation_corrections.csv``, links the UNSD table lacks,
each with its reason and source (today two: HS2017 854150 → 854151 and 854159, CHPL codes, which the
UNSD table links only to e-waste). UNSD's relationship labels read *HS2022 : HS2017*:

- ``1:1`` — one code to one code, same or new number (293131 → 293141): it counts fully;
- ``1:n`` — several HS2017 codes merged into one HS2022 code (293134, 293137 → 293149): each counts
  fully toward it;
- ``n:1`` — one HS2017 code split into several HS2022 codes (284440 → 284441 … 284444);
- ``n:n`` — splits and merges at once (401511, 401519 → 401512, 401519).

The split rule: the value of an HS2017 code with several HS2022 successors is divided among them. The
correlation gives no proportions, so the shares rest on an assumption — every HS2022 code of the same
size, drawing equally on each of its HS2017 predecessors — which makes each successor's share
proportional to 1 / (the number of HS2017 codes that successor draws on). A plain split, whose
successors come from this code alone, is divided in equal shares (284440: a quarter to each). A
successor that gathers goods from hundreds of HS2017 codes takes only a sliver of each: HS2022's new
headings 8524 (flat-panel display modules: 483 HS2017 codes) and 8549 (electrical and electronic waste:
1,019), and subheadings 854151/854159 (semiconductor-based transducers: 157). Equal shares there would
leave 847330 (computer parts), whose successors are 847330 and 15 such codes, 1/16 of its value under
847330; this rule leaves it 97%. Whenever all successors of an HS2017 code are selected its weight is
exactly 1 and the baseline is exact; `Revisions.partial_links()` — shown to users through
`GoodsCatalogue.baseline_comparability()` — names every split that a selection takes only part of.

A selected code that is not in the table counts fully as HS2017 too (identical in both versions); a
code that exists only in HS2017 counts through its successors. Rows in revisions before HS2017 (H4 and
older) are not mapped, so a goods selection does not match them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from babel.numbers import get_decimal_symbol

from geodata.baseline import BASELINE_LABEL
from geodata.errors import Problem
from geodata.i18n import _, active_language
from geodata.validation import line_of, missing_columns

CORRELATION_FILE = "hs2022_hs2017_correlation.csv"
CORRECTIONS_FILE = "hs_correlation_corrections.csv"  # links the UNSD table lacks, each with note and source
RELATIONSHIPS = ("1:1", "n:1", "1:n", "n:n")  # UNSD's labels, HS2022 : HS2017


@dataclass(frozen=True)
class PartialLink:
    """An HS2017 code split across several HS2022 codes, of which the selection takes only some."""

    hs2017: str
    successors: tuple[str, ...]  # every HS2022 code its goods went to
    selected: tuple[str, ...]  # those in the selection
    share: float  # the part of its value counted toward the selection (0 < share < 1)


@dataclass(frozen=True)
class Comparability:
    """Whether the 2019–2021 baseline (reported in HS2017) covers exactly the selected HS2022 goods."""

    exact: bool
    partial_links: tuple[PartialLink, ...]
    message: str

    @property
    def codes(self) -> tuple[str, ...]:
        """The selected HS2022 codes whose baseline is approximate."""
        return tuple(sorted({code for link in self.partial_links for code in link.selected}))


@dataclass(frozen=True)
class Revisions:
    """The correlation as lookups: the successors of each HS2017 code with their shares of its value, and
    the predecessors of each HS2022 code.
    """

    successors: dict[str, tuple[str, ...]]  # HS2017 code → HS2022 codes, sorted
    shares: dict[str, tuple[float, ...]]  # HS2017 code → each successor's share of its value (sum 1)
    predecessors: dict[str, tuple[str, ...]]  # HS2022 code → HS2017 codes, sorted

    @classmethod
    def build(cls, *tables: pd.DataFrame) -> Revisions:
        """From tables of (hs2022, hs2017) links: UNSD's correlation and the project's corrections."""
        links = (zip(t["hs2017"].tolist(), t["hs2022"].tolist(), strict=True) for t in tables)
        pairs = sorted({pair for table in links for pair in table})  # (hs2017, hs2022), each once
        successors: dict[str, list[str]] = {}
        predecessors: dict[str, list[str]] = {}
        for old, new in pairs:  # in order, so every list comes out sorted
            successors.setdefault(old, []).append(new)
            predecessors.setdefault(new, []).append(old)
        pull = {new: 1.0 / len(olds) for new, olds in predecessors.items()}
        shares = {}
        for old, news in successors.items():
            weights = [pull[new] for new in news]
            total = math.fsum(weights)
            shares[old] = (1.0,) if len(news) == 1 else tuple(weight / total for weight in weights)
        return cls(
            {old: tuple(news) for old, news in successors.items()},
            shares,
            {new: tuple(olds) for new, olds in predecessors.items()},
        )

    def share(self, hs2017: str, hs2022: str) -> float:
        """The part of an HS2017 code's value assigned to one of its HS2022 successors."""
        return self.shares[hs2017][self.successors[hs2017].index(hs2022)]

    def _sources(self, codes: frozenset[str]) -> set[str]:
        sources: set[str] = set()
        for code in codes:
            sources.update(self.predecessors.get(code, ()))
        return sources

    def _counted(self, old: str, codes: frozenset[str]) -> tuple[tuple[str, ...], float]:
        """The selected successors of an HS2017 code and the part of its value they take (1.0 for all)."""
        news = self.successors[old]
        selected = tuple(new for new in news if new in codes)
        if len(selected) == len(news):
            return selected, 1.0
        return selected, math.fsum(s for new, s in zip(news, self.shares[old], strict=True) if new in codes)

    def weights(self, codes: frozenset[str]) -> dict[str, float]:
        """HS2017 code → the part of its value that belongs to the selected HS2022 codes."""
        weights = {
            code: 1.0  # not in the table: the same code in both versions
            for code in codes
            if code not in self.predecessors and code not in self.successors
        }
        successors = self.successors
        for old in self._sources(codes):
            weights[old] = 1.0 if len(successors[old]) == 1 else self._counted(old, codes)[1]
        return weights

    def partial_links(self, codes: frozenset[str]) -> tuple[PartialLink, ...]:
        """Every HS2017 code of which the selection takes some but not all HS2022 successors, by code."""
        links = []
        for old in sorted(self._sources(codes)):
            if len(self.successors[old]) > 1:
                selected, share = self._counted(old, codes)
                if len(selected) < len(self.successors[old]):
                    links.append(PartialLink(old, self.successors[old], selected, share))
        return tuple(links)


def _listing(codes: tuple[str, ...] | list[str], limit: int = 5) -> str:
    if len(codes) > limit:
        return _("{count} codes ({codes} and {more} more)").format(
            count=len(codes), codes=", ".join(codes[: limit - 2]), more=len(codes) - limit + 2
        )
    return (
        codes[0]
        if len(codes) == 1
        else _("{codes} and {last}").format(codes=", ".join(codes[:-1]), last=codes[-1])
    )


def _percent(share: float) -> str:
    """A share of a partly selected code, never shown as 0% or 100% (the language's decimal mark)."""
    if share < 0.01:
        text = f"{max(math.ceil(share * 1000) / 10, 0.1):.1f}%"
    elif share > 0.99:
        text = f"{min(math.floor(share * 1000) / 10, 99.9):.1f}%"
    else:
        return f"{share:.0%}"
    return text.replace(".", get_decimal_symbol(active_language()))


def comparability_message(links: tuple[PartialLink, ...], shown: int = 3) -> str:
    """What a reader is told about the baseline: that it covers exactly the selected goods, or which
    HS2017 codes it counts only a share of (the ``shown`` most uncertain ones in detail).
    """
    if not links:
        return _(
            "The {baseline} baseline (reported in HS2017) covers exactly the selected goods: every HS2017 code "
            "behind them went wholly into the selection."
        ).format(baseline=BASELINE_LABEL)
    affected = sorted({code for link in links for code in link.selected})
    # most uncertain first: a share near ½ may be off by more of the code's value than one near 0 or 1
    ordered = sorted(links, key=lambda link: (-min(link.share, 1 - link.share), link.hs2017))
    one = _(
        "HS2017 code {code} was split into {successors}, of which only {selected} is selected; {share} of its "
        "value is counted"
    )
    several = _(
        "HS2017 code {code} was split into {successors}, of which only {selected} are selected; {share} of its "
        "value is counted"
    )
    details = [
        (one if len(link.selected) == 1 else several).format(
            code=link.hs2017,
            successors=_listing(link.successors),
            selected=_listing(link.selected),
            share=_percent(link.share),
        )
        for link in ordered[:shown]
    ]
    rest = ordered[shown:]
    if rest:
        low, high = _percent(min(link.share for link in rest)), _percent(max(link.share for link in rest))
        counted = low if low == high else _("{low} to {high}").format(low=low, high=high)
        details.append(
            _("{count} more HS2017 codes were split likewise ({counted} of their value counted)").format(
                count=len(rest), counted=counted
            )
        )
    return _(
        "The {baseline} baseline is approximate for {codes}: {details}. UNSD's correlation gives no "
        "proportions: a split code's value is divided equally among successors drawn from it alone, and a "
        "successor that gathers goods from many HS2017 codes gets a smaller share."
    ).format(baseline=BASELINE_LABEL, codes=_listing(affected, 6), details="; ".join(details))


def _six_digits(frame: pd.DataFrame, column: str, file: str) -> list[Problem]:
    return [
        Problem(
            file,
            line_of(p),
            column,
            "a code of 6 digits",
            f"'{value}'",
            "write the code as text with its leading zeros",
        )
        for p, value in enumerate(frame[column].tolist())
        if not (value.isdigit() and len(value) == 6)
    ]


def check_correlation(table: pd.DataFrame, file: str) -> list[Problem]:
    """Six-digit codes, each pair once, and each UNSD label agreeing with the rows it summarises."""
    problems = missing_columns(table, ("hs2022", "hs2017", "relationship"), file)
    if problems:
        return problems
    problems = _six_digits(table, "hs2022", file) + _six_digits(table, "hs2017", file)
    problems += [
        Problem(
            file,
            line_of(p),
            "relationship",
            f"one of {', '.join(RELATIONSHIPS)}",
            f"'{label}'",
            "fix the label",
        )
        for p, label in enumerate(table["relationship"].tolist())
        if label not in RELATIONSHIPS
    ]
    problems += [
        Problem(
            file, line_of(p), None, "each (hs2022, hs2017) pair once", "a repeated pair", "delete the row"
        )
        for p, repeated in enumerate(table.duplicated(["hs2022", "hs2017"]).tolist())
        if repeated
    ]
    successors = table.groupby("hs2017")["hs2022"].transform("nunique").tolist()
    predecessors = table.groupby("hs2022")["hs2017"].transform("nunique").tolist()
    rows = zip(
        table["hs2022"].tolist(), table["hs2017"].tolist(), table["relationship"].tolist(), strict=True
    )
    for p, (new, old, label) in enumerate(rows):
        implied = f"{'n' if successors[p] > 1 else '1'}:{'n' if predecessors[p] > 1 else '1'}"
        if label in RELATIONSHIPS and label != implied:
            problems.append(
                Problem(
                    file,
                    line_of(p),
                    "relationship",
                    f"'{implied}' (HS2022 : HS2017) — HS2017 {old} has {successors[p]} HS2022 successor(s) "
                    f"and HS2022 {new} has {predecessors[p]} HS2017 predecessor(s) in the table",
                    f"'{label}'",
                    "restore the table's missing rows or fix the label",
                )
            )
    return problems


def check_corrections(table: pd.DataFrame, correlation: pd.DataFrame, file: str) -> list[Problem]:
    """Each correction links two codes of the UNSD table that it does not already link, with a reason."""
    problems = missing_columns(table, ("hs2022", "hs2017", "note", "source"), file)
    if problems or missing_columns(correlation, ("hs2022", "hs2017"), file):
        return problems
    problems = _six_digits(table, "hs2022", file) + _six_digits(table, "hs2017", file)
    known = {"hs2022": set(correlation["hs2022"]), "hs2017": set(correlation["hs2017"])}
    for column, codes in known.items():
        problems += [
            Problem(
                file,
                line_of(p),
                column,
                f"an {column.upper()} code of {CORRELATION_FILE}",
                f"'{code}'",
                "check the code",
            )
            for p, code in enumerate(table[column].tolist())
            if code.isdigit() and len(code) == 6 and code not in codes
        ]
    linked = set(zip(correlation["hs2022"].tolist(), correlation["hs2017"].tolist(), strict=True))
    pairs = zip(table["hs2022"].tolist(), table["hs2017"].tolist(), strict=True)
    problems += [
        Problem(
            file,
            line_of(p),
            None,
            f"a link {CORRELATION_FILE} lacks",
            f"{new}–{old}, already there",
            "delete the row",
        )
        for p, (new, old) in enumerate(pairs)
        if (new, old) in linked
    ]
    for column in ("note", "source"):
        problems += [
            Problem(
                file, line_of(p), column, "a reason and its source", "an empty value", f"fill in the {column}"
            )
            for p, value in enumerate(table[column].tolist())
            if not value.strip()
        ]
    return problems
