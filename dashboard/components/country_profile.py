"""The country profile's section (`/country/KAZ`), drawn from `dashboard.country_profile`."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from dashboard.figures.signals import signal_evidence_text, signal_title
from dashboard.formatting import money, percent_change
from geodata.baseline import BASELINE_LABEL
from geodata.trade.schema import MIRROR_MARK

COUNTRY_PREFIX = "/country/"


def country_in_path(pathname: object) -> str | None:
    """The country code of a ``/country/KAZ`` path (upper-cased), or None for any other path.

    >>> country_in_path("/country/kaz"), country_in_path("/present"), country_in_path(None)
    ('KAZ', None, None)
    """
    if not isinstance(pathname, str) or not pathname.startswith(COUNTRY_PREFIX):
        return None
    code = pathname[len(COUNTRY_PREFIX) :].strip("/").upper()
    return code if code.isalnum() and 3 <= len(code) <= 4 else None


def _change(row: dict) -> str:
    if row["status"] == "stopped":
        return "stopped"
    return percent_change(row["change_pct"]) if row["baseline_monthly_usd"] else "new"


def _table(caption: str, header: list[str], rows: list[list], extra_class: str = "") -> html.Table:
    return html.Table(
        className=f"profile-table {extra_class}".strip(),
        children=[
            html.Caption(caption),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
            html.Tbody([html.Tr([html.Td(cell) for cell in row]) for row in rows]),
        ],
    )


def country_profile_children(profile: dict, query: str, names: dict[str, str]) -> list:
    """The section's children; ``query`` is the view's query (the link back to the map keeps it)."""
    focus_link = "/?" + urlencode([("focus", profile["country"])]) + ("&" + query if query else "")
    children: list = [
        html.H2(f"{profile['name']}: {profile['goods']}, {profile['period']}", id="country-title"),
        html.P(
            [
                html.Strong(money(profile["imports_usd"])),
                " imported from its suppliers · ",
                html.Strong(money(profile["to_russia_usd"])),
                f" sent on to Russia ({MIRROR_MARK}). ",
                dcc.Link("Show on the map", href=focus_link, className="fix-link"),
            ],
            className="profile-headline",
        ),
    ]
    if not profile["transit"]:
        children.append(html.P("Not one of the transit countries: its legs are counted as other flows."))
    children.append(
        _table(
            "Imports by origin",
            ["Origin", "Value", f"vs {BASELINE_LABEL}"],
            [[r["exporter_name"], money(r["value_usd"]), _change(r)] for r in profile["imports"]],
        )
    )
    children.append(
        _table(
            "To Russia",
            ["Pair", "Value", f"vs {BASELINE_LABEL}"],
            [
                [f"{r['exporter_name']} → {r['importer_name']}", money(r["value_usd"]), _change(r)]
                for r in profile["to_russia"]
            ],
        )
    )
    if profile["top_hs6"]:
        children.append(
            _table(
                "Largest HS6 codes sent to Russia",
                ["HS6", "Goods", "Value", "Share"],
                [
                    [c["hs6"], c["title"][:60], money(c["value_usd"]), f"{c['share']:.0%}"]
                    for c in profile["top_hs6"]
                ],
                "codes",
            )
        )
    signals = [
        html.Li([html.Strong(signal_title(s, names)), " — ", signal_evidence_text(s)])
        for s in profile["signals"]
    ]
    children.append(html.H3("Signals"))
    children.append(
        html.Ul(signals) if signals else html.P("No signal for this country at these thresholds.")
    )
    children.append(
        _table(
            "Border crossings (modelled estimate)",
            ["Crossing", "Mode", "Value in the view"],
            [[c["name"], c["mode"], money(c["value_usd"])] for c in profile["crossings"]],
        )
    )
    return children
