"""The shape of the synthetic demo world: who trades with whom, how much, and how it changed.

Everything here is invented for demonstration, except the official totals it is calibrated to
(`geodata/reference/official_totals.csv`). Patterns follow what public reporting describes:
CHPL goods through Kazakhstan, Kyrgyzstan and Armenia rising steeply after 2022 against the
2019–2021 baseline; EU exports to Russia falling; a drop in early 2026 after tighter Kazakh controls.
"""

from __future__ import annotations

from dataclasses import dataclass

YEARS = tuple(range(2019, 2027))
FIRST_MONTH = "2019-01-01"
LAST_MONTH = "2026-03-01"
ORIGINS = ("EUU", "CHN", "TUR")
TRANSIT = ("KAZ", "KGZ", "ARM", "GEO", "UZB", "AZE", "TJK", "TKM")
#: Where CHPL goods are re-routed most in public reporting, and how strongly (peak multiplier).
CIRCUMVENTION_HUBS = {
    "KAZ": 6.0,
    "KGZ": 12.0,
    "ARM": 10.0,
    "GEO": 3.0,
    "UZB": 3.0,
    "TUR": 4.0,
    "AZE": 2.0,
    "TJK": 1.5,
    "TKM": 1.2,
}
#: Yearly volume relative to 2019, by pattern.
PATTERNS = {
    "steady": (1.0, 0.92, 1.10, 1.22, 1.28, 1.31, 1.33, 1.30),
    "surge": (1.0, 0.90, 1.12, 2.10, 2.60, 2.35, 2.15, 1.75),
    "sanctioned": (1.0, 0.86, 1.05, 0.64, 0.44, 0.37, 0.34, 0.33),
    "pivot": (1.0, 1.02, 1.30, 1.60, 2.25, 2.30, 2.05, 1.95),
}
#: Kazakhstan's tighter controls: CHPL flows through KAZ from January 2026 fall to this share.
KAZ_2026_CHPL_FACTOR = 0.45
#: Importer-reported value over exporter-reported (CIF over FOB) before 2022 and, for CHPL goods
#: into the re-export hubs, after it (the "missing imports" mirror gap).
CIF_MARGIN = 1.05
CHPL_MIRROR_GAP_AFTER_2022 = 0.62


@dataclass(frozen=True)
class Edge:
    """One exporter → importer pair of the demo world: its annual value in 2019 (US dollars, before
    calibration), its yearly pattern (a key of `PATTERNS`) and how many HS6 codes it trades.
    """

    exporter: str
    importer: str
    base_2019_usd: float  # annual, before calibration
    pattern: str
    codes: int  # distinct HS6 codes traded, before the size switch scales it


def demo_edges() -> tuple[Edge, ...]:
    """Every exporter → importer pair of the demo world."""
    edges: list[Edge] = []
    eu_size = {
        "KAZ": 6.5e9,
        "KGZ": 0.35e9,
        "ARM": 0.8e9,
        "GEO": 2.2e9,
        "UZB": 2.6e9,
        "AZE": 1.8e9,
        "TJK": 0.25e9,
        "TKM": 0.9e9,
        "TUR": 85e9,
        "RUS": 95e9,
    }
    for importer, size in eu_size.items():
        pattern = "sanctioned" if importer == "RUS" else ("steady" if importer == "TUR" else "surge")
        edges.append(Edge("EUU", importer, size, pattern, 90))
    china = {
        "KAZ": 8e9,
        "KGZ": 6e9,
        "UZB": 5e9,
        "TJK": 1.5e9,
        "TKM": 0.6e9,
        "GEO": 1.2e9,
        "ARM": 0.6e9,
        "AZE": 0.8e9,
        "TUR": 18e9,
        "RUS": 50e9,
    }
    for importer, size in china.items():
        edges.append(Edge("CHN", importer, size, "pivot" if importer == "RUS" else "surge", 80))
    turkey = {
        "GEO": 1.6e9,
        "ARM": 0.05e9,
        "AZE": 1.7e9,
        "KAZ": 0.9e9,
        "UZB": 1.2e9,
        "KGZ": 0.35e9,
        "TKM": 0.9e9,
        "RUS": 4.0e9,
    }
    for importer, size in turkey.items():
        edges.append(Edge("TUR", importer, size, "surge", 60))
    transit_to_russia = {
        "KAZ": 5.7e9,
        "KGZ": 0.28e9,
        "ARM": 0.74e9,
        "GEO": 0.45e9,
        "UZB": 1.5e9,
        "AZE": 0.8e9,
        "TJK": 0.1e9,
        "TKM": 0.1e9,
    }
    for exporter, size in transit_to_russia.items():
        edges.append(Edge(exporter, "RUS", size, "surge", 70))
    russia_out = {
        "KAZ": 14.3e9,
        "KGZ": 1.4e9,
        "ARM": 1.6e9,
        "GEO": 1.0e9,
        "UZB": 4.5e9,
        "AZE": 1.8e9,
        "TJK": 1.1e9,
        "TKM": 0.5e9,
        "EUU": 150e9,
        "CHN": 55e9,
        "TUR": 23e9,
    }
    for importer, size in russia_out.items():
        pattern = "sanctioned" if importer == "EUU" else ("pivot" if importer in ("CHN", "TUR") else "steady")
        edges.append(Edge("RUS", importer, size, pattern, 50))
    edges += [
        Edge("KAZ", "KGZ", 0.9e9, "steady", 40),
        Edge("KAZ", "UZB", 1.0e9, "steady", 40),
        Edge("GEO", "ARM", 0.1e9, "steady", 30),
        Edge("AZE", "GEO", 0.6e9, "steady", 30),
        Edge("KAZ", "CHN", 9e9, "steady", 40),
        Edge("KAZ", "EUU", 20e9, "steady", 30),
    ]
    return tuple(edges)


#: General goods traded beside the sanctions-relevant ones (HS2022 codes), so "all goods" views
#: have realistic breadth: vehicles, machinery, food, fuels, metals, chemicals, consumer goods.
GENERAL_CODES = (
    "870323",
    "870332",
    "870421",
    "870190",
    "847130",
    "851713",
    "851762",
    "300490",
    "620342",
    "610910",
    "940360",
    "100199",
    "151211",
    "271019",
    "270112",
    "720241",
    "740311",
    "284410",
    "080510",
    "020714",
    "390120",
    "310540",
    "480100",
    "721049",
    "401110",
    "845011",
    "841810",
    "841370",
    "848180",
    "854449",
    "850423",
    "732393",
    "330499",
    "090240",
    "040690",
    "180690",
    "220300",
    "220421",
    "240220",
    "760110",
    "790111",
    "710812",
    "711319",
    "070200",
    "070190",
    "080810",
    "081310",
    "520100",
    "271121",
    "270900",
    "730419",
    "843149",
    "842952",
    "840999",
    "870899",
    "852872",
    "841510",
    "940171",
    "640399",
    "392690",
)


@dataclass(frozen=True)
class PlantedPattern:
    """A signal planted in the demo so that the detectors have something known to find.

    ``usd_per_month`` is added to the exporter's declaration of ``hs6`` on the edge in each month
    from ``start`` to ``end`` (before calibration, so yearly totals still match the official ones).
    ``importer_share`` is the share of that addition the importer declares (mirror gap);
    ``kg_factor`` multiplies the weight of the planted months (unit values); for ``transshipment``
    the addition follows `PULSE` on the supply edge and, ``lag`` months later and scaled by
    ``importer_share``, on the edge to Russia.
    """

    kind: str
    exporter: str
    importer: str
    hs6: str
    start: str
    end: str
    usd_per_month: float
    importer_share: float = 1.0
    kg_factor: float = 1.0
    via: str | None = None
    lag: int = 0


#: An irregular, repeating monthly pulse (mean 1) for the planted transshipment pattern.
PULSE = (1.0, 1.9, 0.4, 1.5, 0.6, 1.7, 0.3, 1.2, 0.8, 1.6)
PLANTED = (
    PlantedPattern("surge", "TKM", "RUS", "854231", "2025-05-01", "2025-10-01", 4e6),
    PlantedPattern("mirror_gap", "TUR", "TKM", "853224", "2025-04-01", "2025-12-01", 3e6, importer_share=0.0),
    PlantedPattern("unit_value", "TUR", "RUS", "850440", "2025-06-01", "2025-11-01", 2e6, kg_factor=0.25),
    PlantedPattern(
        "transshipment", "CHN", "KGZ", "848220", "2024-01-01", "2026-03-01", 3e6, 0.8, via="KGZ", lag=1
    ),
)
