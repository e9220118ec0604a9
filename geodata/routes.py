"""The route model: which crossings, ports and corridor sections an exporter → importer pair's goods
take, by transport mode, and what share of the pair's trade each route carries.

`geodata/reference/routes.csv` holds one row per route: ``sequence`` lists the crossings and hubs in
travel order (``;``-separated ids from crossings.csv and hubs.csv), ``corridors`` the corridor sections
it runs on, ``share`` the part of the pair's value it carries (the shares of a pair add up to 1),
``share_basis`` why (most are assumptions: no source publishes trade by crossing), with ``source`` and
``confidence`` like every reference table. Values assigned along routes are **modelled estimates**.

Validation (one `GeodataValidationError` listing every problem): ids resolve; a route is a connected
path — each crossing leaves the country the goods are in for the country across that border, a hub lies
in the country the goods are in (or, for a port on a sea route, in the country they are shipped to) — that
starts in the exporter and ends in the importer; each pair's shares add up to 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from geodata.errors import GeodataValidationError, Problem
from geodata.frames import frame_rows, text_rows
from geodata.i18n import N_
from geodata.layers import REFERENCE_DIR, ReferenceLayers, load_reference_layers, read_table
from geodata.validation import line_of

ROUTE_FILE = "routes.csv"
MODES = ("road", "rail", "sea", "air", "pipeline", "other")
COLUMNS = (
    "route_id",
    "exporter",
    "importer",
    "mode",
    "sequence",
    "corridors",
    "share",
    "share_basis",
    "source",
    "confidence",
)
CONFIDENCE = ("high", "medium", "low")
SHARE_TOLERANCE = 1e-6
METHOD = N_(
    "Modelled estimate: each exporter → importer value is split by mode of transport where the source "
    "reports one (Comtrade motCode, Comext TRANSPORT_MODE) and goes to the pair's routes of that mode; "
    "value without a reported mode is divided among all the pair's routes by the shares in "
    "geodata/reference/routes.csv (the pair's default split by mode and route: mostly assumptions, stated "
    "per route). Parts are added up per crossing, port and corridor. Value of pairs without a route, and "
    "of reported modes the pair has no route for (airfreight is never put on a land crossing), is "
    "reported as unassigned."
)  # English; shown through _(METHOD)


@dataclass(frozen=True)
class RouteTable:
    """Validated routes: one row per route with ``steps`` (tuple of ids) and ``corridor_ids``."""

    routes: pd.DataFrame

    @cached_property
    def by_pair(self) -> dict[tuple[str, str], list[tuple]]:
        """(exporter, importer) → [(route_id, mode, share, steps, corridor_ids), …], built once."""
        result: dict[tuple[str, str], list[tuple]] = {}
        columns = ["exporter", "importer", "route_id", "mode", "share", "steps", "corridor_ids"]
        for exporter, importer, *route in frame_rows(self.routes[columns]):
            result.setdefault((exporter, importer), []).append(tuple(route))
        return result

    def for_pair(self, exporter: str, importer: str) -> pd.DataFrame:
        """The routes of one exporter → importer pair (rows of ``routes``; empty when it has none)."""
        frame = self.routes
        return frame[(frame["exporter"] == exporter) & (frame["importer"] == importer)]


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _path_problem(row, layers: ReferenceLayers) -> str | None:
    """Why a route's sequence is not a connected path from exporter to importer (None when it is)."""
    here = row.exporter
    previous_port = False
    for step in _split(row.sequence):
        if step in layers.crossings.index:
            a, b = layers.crossings.at[step, "country_a"], layers.crossings.at[step, "country_b"]
            if here not in (a, b):
                return f"crossing '{step}' joins {a} and {b}, but the goods are in {here} there"
            here = b if here == a else a
            previous_port = False
        elif step in layers.hubs.index:
            country, kind = layers.hubs.at[step, "country"], layers.hubs.at[step, "kind"]
            by_sea = previous_port and kind in ("sea_port", "river_port") and row.mode == "sea"
            if country != here and not by_sea:
                return f"hub '{step}' lies in {country}, but the goods are in {here} there"
            here, previous_port = country, kind in ("sea_port", "river_port")
        else:
            return f"'{step}' is neither a crossing nor a hub id"
    if here != row.importer:
        return f"the path ends in {here}, not in the importer {row.importer}"
    return None


def _share(text: str) -> float:
    """A route's share as a number; -1 for text that is not one."""
    try:
        return float(text)
    except ValueError:
        return -1.0


def _row_problems(row, line: int, layers: ReferenceLayers) -> list[Problem]:
    """What is wrong with one row of the route table (file line ``line``)."""
    problems: list[Problem] = []

    def bad(column: str, expected: str, got: str, fix: str = "") -> None:
        problems.append(Problem(ROUTE_FILE, line, column, expected, got, fix))

    if row.mode not in MODES:
        bad("mode", f"one of {', '.join(MODES)}", f"'{row.mode}'")
    if row.confidence not in CONFIDENCE:
        bad("confidence", f"one of {', '.join(CONFIDENCE)}", f"'{row.confidence}'")
    if not row.source.strip() or not row.share_basis.strip():
        bad("source", "a source and a share basis", "an empty cell", "cite where the route comes from")
    if not 0 < _share(row.share) <= 1:
        bad("share", "a number in (0, 1]", f"'{row.share}'")
    for corridor in _split(row.corridors):
        if corridor not in layers.corridors.index:
            bad("corridors", "corridor ids from corridors.csv", f"'{corridor}'")
    if not _split(row.sequence):
        bad("sequence", "at least one crossing or hub id", "nothing")
    elif (reason := _path_problem(row, layers)) is not None:
        bad("sequence", f"a path from {row.exporter} to {row.importer}", reason)
    return problems


def validate_routes(frame: pd.DataFrame, layers: ReferenceLayers) -> list[Problem]:
    """Every problem of the route table: each row's, duplicate ids, and pairs whose shares do not add
    up to 1.
    """
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        return [Problem(ROUTE_FILE, 1, None, f"the columns {', '.join(COLUMNS)}", f"no {', '.join(missing)}")]
    problems: list[Problem] = []
    for position, row in enumerate(text_rows(frame)):
        problems += _row_problems(row, line_of(position), layers)
    duplicates = frame["route_id"][frame["route_id"].duplicated()]
    problems += [Problem(ROUTE_FILE, None, "route_id", "unique ids", f"'{r}' twice") for r in duplicates]
    shares = (
        pd.to_numeric(frame["share"], errors="coerce").groupby([frame["exporter"], frame["importer"]]).sum()
    )
    problems += [
        Problem(ROUTE_FILE, None, "share", f"the shares of {e} → {i} to add up to 1", f"{total:.4g}")
        for (e, i), total in zip(shares.index, shares, strict=True)  # the index holds (exporter, importer)
        if abs(total - 1.0) > SHARE_TOLERANCE
    ]
    return problems


def build_route_table(frame: pd.DataFrame, layers: ReferenceLayers) -> RouteTable:
    """The validated route table: shares as floats, ``steps`` and ``corridor_ids`` as tuples of ids.
    Raises `GeodataValidationError` listing every problem.
    """
    problems = validate_routes(frame, layers)
    if problems:
        raise GeodataValidationError(problems, f"the route model ({ROUTE_FILE})")
    routes = frame.copy()
    routes["share"] = routes["share"].astype(float)
    routes["steps"] = [_split(s) for s in routes["sequence"]]
    routes["corridor_ids"] = [_split(s) for s in routes["corridors"]]
    return RouteTable(routes.reset_index(drop=True))


@lru_cache(maxsize=4)
def load_routes(directory: Path = REFERENCE_DIR) -> RouteTable:
    """The validated route model of a reference folder, checked against its layers (read once)."""
    layers = load_reference_layers(Path(directory))
    return build_route_table(read_table(Path(directory) / ROUTE_FILE), layers)
