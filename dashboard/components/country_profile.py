"""The country profile's section (`/country/KAZ`), drawn from `dashboard.country_profile`."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import dcc, html

from dashboard.figures.signals import signal_evidence_text, signal_title
from dashboard.formatting import money, percent_change
from geodata.baseline import BASELINE_LABEL
from geodata.i18n import _
from geodata.i18n.formats import number
from geodata.trade.schema import MIRROR_MARK
from geodata.transport_modes import mode_title

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
        return _("stopped")
    return percent_change(row["change_pct"]) if row["baseline_monthly_usd"] else _("new")


def _vs_baseline() -> str:
    return _("vs {baseline}").format(baseline=BASELINE_LABEL)


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
        html.H2(
            _("{country}: {goods}, {period}").format(
                country=profile["name"], goods=profile["goods"], period=profile["period"]
            ),
            id="country-title",
        ),
        html.P(
            [
                html.Strong(money(profile["imports_usd"])),
                " " + _("imported from its suppliers") + " · ",
                html.Strong(money(profile["to_russia_usd"])),
                " " + _("sent on to Russia ({mirror}).").format(mirror=_(MIRROR_MARK)) + " ",
                dcc.Link(_("Show on the map"), href=focus_link, className="fix-link"),
            ],
            className="profile-headline",
        ),
    ]
    if not profile["transit"]:
        children.append(html.P(_("Not one of the transit countries: its legs are counted as other flows.")))
    children.append(
        _table(
            _("Imports by origin"),
            [_("Origin"), _("Value"), _vs_baseline()],
            [[r["exporter_name"], money(r["value_usd"]), _change(r)] for r in profile["imports"]],
        )
    )
    children.append(
        _table(
            _("To Russia"),
            [_("Pair"), _("Value"), _vs_baseline()],
            [
                [f"{r['exporter_name']} → {r['importer_name']}", money(r["value_usd"]), _change(r)]
                for r in profile["to_russia"]
            ],
        )
    )
    if profile["top_hs6"]:
        children.append(
            _table(
                _("Largest HS6 codes sent to Russia"),
                [_("HS6"), _("Goods"), _("Value"), _("Share")],
                [
                    [
                        c["hs6"],
                        c["title"][:60],
                        money(c["value_usd"]),
                        _("{percent}%").format(percent=number(c["share"] * 100)),
                    ]
                    for c in profile["top_hs6"]
                ],
                "codes",
            )
        )
    signals = [
        html.Li([html.Strong(signal_title(s, names)), " — ", signal_evidence_text(s)])
        for s in profile["signals"]
    ]
    children.append(html.H3(_("Signals")))
    children.append(
        html.Ul(signals) if signals else html.P(_("No signal for this country at these thresholds."))
    )
    children.append(
        _table(
            _("Border crossings (modelled estimate)"),
            [_("Crossing"), _("Mode"), _("Value in the view")],
            [[c["name"], mode_title(c["mode"]), money(c["value_usd"])] for c in profile["crossings"]],
        )
    )
    return children
