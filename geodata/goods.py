"""The goods catalogue: HS chapters, headings and subheadings, the CHPL tiers, named baskets, and the
UNSD HS2022 ↔ HS2017 correlation that makes a 2019–2021 baseline mean the same goods as 2024.

Selections are expressed in HS2022 codes. `GoodsCatalogue.version_weights()` turns a selection into the
(hs_version, hs6, weight) rows a query joins against: HS2022 rows of a selected code count fully; HS2017
rows follow ``catalogue/hs2022_hs2017_correlation.csv`` (UNSD; source in the README there) and the two
documented links it lacks, in ``catalogue/hs_correlation_corrections.csv``. Unchanged, renumbered (1:1)
and merged (1:n) HS2017 codes count fully. The split rule: the value of an HS2017 code split across
several HS2022 codes (n:1, n:n) is divided among its successors — in equal shares in a plain split (the
correlation gives no proportions), with a smaller share for a successor that gathers goods from many
HS2017 codes (HS2022's 8524, 8549, 854151/854159) — and counts exactly once whenever all its successors
are selected. `geodata.hs_revisions` states the rule in full, with examples;
`GoodsCatalogue.baseline_comparability()` names every split that a selection takes only part of.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache, partial
from pathlib import Path

import pandas as pd

from geodata.errors import GeodataValidationError, Problem
from geodata.hs_revisions import (
    CORRECTIONS_FILE,
    CORRELATION_FILE,
    Comparability,
    Revisions,
    check_corrections,
    check_correlation,
    comparability_message,
)
from geodata.i18n import _, active_language
from geodata.memo import BoundedMemo
from geodata.validation import line_of

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogue"
CHPL_TIERS = ("1", "2", "3.A", "3.B", "4.A", "4.B")
ALL_GOODS = "all"
ALL_CHPL = "chpl"


MEMO_SIZE = 512  # answers kept per catalogue; keys are user selections, so the memo must be bounded


def basket_presets(catalogue: GoodsCatalogue) -> dict[str, str]:
    """Preset id → label, in the order the goods picker shows them: the CHPL tiers, all CHPL items, the
    catalogue's baskets (titles from `baskets.csv`), all goods.
    """
    presets = {
        f"chpl_{tier.replace('.', '').lower()}": _("CHPL Tier {tier}").format(tier=tier)
        for tier in CHPL_TIERS
    }
    return {**presets, ALL_CHPL: _("All CHPL items"), **catalogue.basket_titles, ALL_GOODS: _("All goods")}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")


@dataclass(frozen=True)
class GoodsCatalogue:
    """The catalogue's tables as `load_catalogue` reads and validates them, and the goods selections
    (HS2022 codes) built from them.
    """

    chapters: pd.DataFrame  # chapter, title, section
    headings: pd.DataFrame  # hs4, title
    codes: pd.DataFrame  # hs6, title
    chpl: pd.DataFrame  # hs6, tier, description
    baskets: pd.DataFrame  # basket_id, title, name, hs_code (2/4/6-digit prefix), description, source
    correlation: pd.DataFrame  # hs2022, hs2017, relationship (UNSD HS2022 ↔ HS2017)
    corrections: pd.DataFrame  # hs2022, hs2017, note, source: links the UNSD table lacks

    @property
    def basket_titles(self) -> dict[str, str]:
        """Basket id → its short title (the picker's label) in the active language (a ``title_<code>``
        column of `baskets.csv`, else ``title``), in the order `baskets.csv` lists them.
        """
        first = self.baskets.drop_duplicates("basket_id")
        column = f"title_{active_language()}"
        own = first[column] if column in first.columns else first["title"]
        return {
            basket: str(title).strip() or english
            for basket, title, english in zip(first["basket_id"], own, first["title"], strict=True)
        }

    @property
    def chpl_codes(self) -> frozenset[str]:
        """Every HS6 code on the Common High Priority List (CHPL), any tier."""
        return frozenset(self.chpl["hs6"])

    def preset_prefixes(self, preset: str) -> tuple[str, ...] | None:
        """HS prefixes of a preset; None means all goods."""
        if preset == ALL_GOODS:
            return None
        if preset == ALL_CHPL:
            return tuple(sorted(self.chpl_codes))
        if preset.startswith("chpl_"):
            tier = {t.replace(".", "").lower(): t for t in CHPL_TIERS}.get(preset.removeprefix("chpl_"))
            if tier is None:
                raise KeyError(preset)
            return tuple(sorted(self.chpl.loc[self.chpl["tier"] == tier, "hs6"]))
        rows = self.baskets.loc[self.baskets["basket_id"] == preset, "hs_code"]
        if rows.empty:
            raise KeyError(preset)
        return tuple(sorted(set(rows)))

    @cached_property
    def code_titles(self) -> dict[str, str]:
        """HS6 code → its HS2022 title (codes of earlier editions that HS2022 dropped have none)."""
        return dict(zip(self.codes["hs6"], self.codes["title"], strict=True))

    @cached_property
    def _memo(self) -> BoundedMemo:
        """Answers already computed: the catalogue never changes, and views repeat selections. Keyed by
        what users select, so bounded (least recently used answers go).
        """
        return BoundedMemo(MEMO_SIZE)

    @cached_property
    def _revisions(self) -> Revisions:
        return Revisions.build(self.correlation, self.corrections)

    @cached_property
    def links(self) -> pd.DataFrame:
        """(hs2022, hs2017): one HS2017 code for each HS2022 code whose own number is not among its HS2017
        predecessors — the predecessor that gives it the largest share (the smallest code on a tie). For
        code that needs a single counterpart, such as the demo generator; queries use `version_weights`.
        """
        revisions = self._revisions
        rows = [
            (new, max(olds, key=partial(revisions.share, hs2022=new)))
            for new, olds in sorted(revisions.predecessors.items())
            if new not in olds
        ]
        return pd.DataFrame(rows, columns=["hs2022", "hs2017"])

    def expand(self, prefixes: tuple[str, ...] | None, known_codes: frozenset[str]) -> frozenset[str] | None:
        """HS2022 six-digit codes under the prefixes, among the catalogue's and the store's codes."""
        if prefixes is None:
            return None
        return self._memo.get(("expand", prefixes, known_codes), lambda: self._expand(prefixes, known_codes))

    def _expand(self, prefixes: tuple[str, ...], known_codes: frozenset[str]) -> frozenset[str]:
        universe = known_codes | frozenset(self.codes["hs6"]) | self.chpl_codes
        full = {p for p in prefixes if len(p) == 6}
        short = tuple(p for p in prefixes if len(p) < 6)
        return frozenset(full | {c for c in universe if c.startswith(short)}) if short else frozenset(full)

    def version_weights(self, codes: frozenset[str]) -> pd.DataFrame:
        """Rows (hs_version, hs6, weight) that count toward the HS2022 codes selected (do not modify)."""
        return self._memo.get(("weights", codes), lambda: self._version_weights(codes))

    def _version_weights(self, codes: frozenset[str]) -> pd.DataFrame:
        hs2017 = self._revisions.weights(codes)
        old, new = sorted(hs2017), sorted(codes)
        return pd.DataFrame(
            {
                "hs_version": ["H5"] * len(old) + ["H6"] * len(new),
                "hs6": old + new,
                "weight": [hs2017[code] for code in old] + [1.0] * len(new),
            }
        )

    def baseline_comparability(self, codes: frozenset[str] | None) -> Comparability:
        """Whether the baseline, reported in HS2017, covers exactly the selected HS2022 codes (None: all
        goods, always exact). It does not when the selection takes only some of the HS2022 successors of
        a split HS2017 code (UNSD ``n:1`` or ``n:n``): that code's value is then divided by assumption.
        """
        if codes is None:
            return Comparability(True, (), comparability_message(()))

        def compute() -> Comparability:
            links = self._revisions.partial_links(codes)
            return Comparability(not links, links, comparability_message(links))

        return self._memo.get(("comparability", codes), compute)


def _check_codes(frame: pd.DataFrame, column: str, lengths: tuple[int, ...], file: str) -> list[Problem]:
    return [
        Problem(
            file,
            line_of(p),
            column,
            f"a code of {' or '.join(map(str, lengths))} digits",
            f"'{value}'",
            "write the code as text with its leading zeros",
        )
        for p, value in enumerate(frame[column].tolist())
        if not (value.isdigit() and len(value) in lengths)
    ]


def _check_basket_titles(baskets: pd.DataFrame, file: str) -> list[Problem]:
    """A basket's rows name one non-empty title (the picker's label)."""
    if "title" not in baskets.columns:
        return [Problem(file, 1, "title", "a title column (the basket's short name)", "no such column")]
    problems = []
    for basket, titles in baskets.groupby("basket_id", sort=False)["title"]:
        distinct = sorted(set(titles))
        if len(distinct) != 1 or not distinct[0].strip():
            problems.append(
                Problem(
                    file,
                    line_of(int(titles.index[0])),
                    "title",
                    f"one title on every row of the basket '{basket}'",
                    ", ".join(repr(t) for t in distinct),
                    "give all its rows the same short title",
                )
            )
    return problems


@lru_cache(maxsize=2)
def load_catalogue(directory: Path = CATALOGUE_DIR) -> GoodsCatalogue:
    """Read and validate the catalogue CSVs; one error lists every problem."""
    files = {
        "chapters": "hs_chapters.csv",
        "headings": "hs_headings.csv",
        "codes": "hs_codes.csv",
        "chpl": "chpl.csv",
        "baskets": "baskets.csv",
        "correlation": CORRELATION_FILE,
        "corrections": CORRECTIONS_FILE,
    }
    tables = {key: _read(directory / name) for key, name in files.items()}
    problems = (
        _check_codes(tables["chapters"], "chapter", (2,), files["chapters"])
        + _check_codes(tables["headings"], "hs4", (4,), files["headings"])
        + _check_codes(tables["codes"], "hs6", (6,), files["codes"])
        + _check_codes(tables["chpl"], "hs6", (6,), files["chpl"])
        + _check_codes(tables["baskets"], "hs_code", (2, 4, 6), files["baskets"])
        + check_correlation(tables["correlation"], files["correlation"])
        + check_corrections(tables["corrections"], tables["correlation"], files["corrections"])
    )
    problems += [
        Problem(
            files["chpl"], line_of(p), "tier", f"one of {', '.join(CHPL_TIERS)}", f"'{tier}'", "fix the tier"
        )
        for p, tier in enumerate(tables["chpl"]["tier"].tolist())
        if tier not in CHPL_TIERS
    ]
    problems += _check_basket_titles(tables["baskets"], files["baskets"])
    if problems:
        raise GeodataValidationError(problems, f"the goods catalogue in {directory}")
    return GoodsCatalogue(**tables)


def hs_options(
    catalogue: GoodsCatalogue, query: str, *, limit: int = 40, keep: tuple[str, ...] = ()
) -> list[dict]:
    """Picker options matching a code prefix or words in a title: chapters, then headings, then HS6.

    Labels show the hierarchy (chapter › heading › subheading) so a match is never out of context. The
    titles are the HS nomenclature's English ones (the catalogue holds no other language).
    """
    text = (query or "").strip().lower()
    levels = (
        (catalogue.chapters, "chapter", _("Chapter") + " "),
        (catalogue.headings, "hs4", ""),
        (catalogue.codes, "hs6", ""),
    )
    options: list[dict] = []
    for table, column, prefix in levels:
        codes, titles = table[column].tolist(), table["title"].tolist()
        for code, title in zip(codes, titles, strict=True):
            hit = not text or code.startswith(text) or text in title.lower()
            if hit or code in keep:
                options.append({"value": code, "label": f"{prefix}{_hierarchy(code)} — {title[:90]}"})
    selected = [o for o in options if o["value"] in keep]
    rest = [o for o in options if o["value"] not in keep]
    return selected + rest[: max(limit - len(selected), 0)]


def _hierarchy(code: str) -> str:
    if len(code) == 6:
        return f"{code[:2]} › {code[:4]} › {code}"
    if len(code) == 4:
        return f"{code[:2]} › {code}"
    return code
