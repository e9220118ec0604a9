"""The whole view as a frozen value, and its URL query form.

`ViewState.from_query()` takes untrusted text (a shared link, a pasted URL) and never raises:
unknown keys are ignored, bad values fall back to defaults, and each fallback adds a notice the
page shows. `to_query()` is its inverse, so a link reproduces the view exactly and an export can
be regenerated from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode

from dashboard.figures.reference_layers import DEFAULT_LAYERS, LAYERS
from geodata.analytics.signals.thresholds import THRESHOLD_DOCS, Thresholds, thresholds_from_query
from geodata.baseline import BASELINE_LABEL
from geodata.country_groups import CHINA_MODES, EU_MODES
from geodata.i18n import LANGUAGES, N_, SOURCE_LANGUAGE, _
from geodata.i18n.formats import number

#: Display titles (English; translate where shown: ``_(DIRECTIONS[key])``, `metric_title`).
DIRECTIONS = {"into_russia": N_("into Russia"), "out_of_russia": N_("out of Russia"), "all": N_("all flows")}
SIDES = {"exporter": N_("exporter-reported"), "importer": N_("importer-reported")}
METRICS = {"value": N_("trade value (USD)"), "change": f"change vs {BASELINE_LABEL} baseline"}


def metric_title(key: str) -> str:
    """A metric's title in the active language (``METRICS`` holds the English, baseline years written in)."""
    if key == "change":
        return _("change vs {baseline} baseline").format(baseline=BASELINE_LABEL)
    return _(METRICS[key])


KEYS = (
    "goods",
    "hs",
    "from",
    "to",
    "dir",
    "side",
    "metric",
    "layers",
    "focus",
    "exporter",
    "importer",
    "eu",
    "china",
    "title",
    "node",
    "step",
    "slide",
    "lang",
    *THRESHOLD_DOCS,  # the signals' thresholds (geodata.analytics.signals.thresholds)
)
STEPS = {"month": 1, "quarter": 3, "year": 12}
MAX_SLIDES = 20
MAX_SLIDE_CHARS = 600
MAX_QUERY_CHARS = 4000
MAX_LIST_ITEMS = 60
MAX_TITLE_CHARS = 120
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)  # fullmatch; ASCII digits only
_HS = re.compile(r"\d{2}(\d{2}(\d{2})?)?")  # fullmatch
_NODE = re.compile(r"[A-Z]{3}|EU27", re.ASCII)
_PLACE = re.compile(r"[a-z0-9_]{1,64}", re.ASCII)  # a crossing, port, hub or corridor id
MAX_PAIR_NODES = 8
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ViewContext:
    """What valid values are: known goods presets, countries and the store's months."""

    presets: frozenset[str]
    countries: frozenset[str]  # every node a view may name: map countries, groups, members, store codes
    first_month: date
    last_month: date
    default_goods: tuple[str, ...] = ("chpl",)
    places: frozenset[str] = frozenset()  # crossing, hub and corridor ids a view may open (``node=``)
    preset_labels: tuple[tuple[str, str], ...] = ()  # (id, label) of every preset, in the picker's order

    def default_period(self) -> tuple[date, date]:
        """The last 12 months in the store."""
        last = self.last_month
        start_index = last.year * 12 + last.month - 1 - 11
        start = date(start_index // 12, start_index % 12 + 1, 1)
        return max(start, self.first_month), last


@dataclass(frozen=True)
class ViewState:
    """One view of the atlas, as its URL query says it: goods, period, direction, side, pair, layers, the
    open panel, signal thresholds and presentation settings (`to_query`, `from_query`).
    """

    goods: tuple[str, ...]
    hs: tuple[str, ...]
    start: date
    end: date
    direction: str = "into_russia"
    side: str = "exporter"
    metric: str = "value"
    layers: tuple[str, ...] = DEFAULT_LAYERS
    focus: str | None = None
    exporters: tuple[str, ...] = ()  # a pair: exporter node(s) (empty = any)
    importers: tuple[str, ...] = ()  # a pair: importer node(s) (empty = any)
    eu: str = "group"  # "group": member states fold into EU27; "members": each shown on its own
    china: str = "alone"  # "with_hkg_mac": Hong Kong and Macao fold into China
    title: str = ""
    node: str | None = None  # the crossing, port or corridor whose panel is open
    thresholds: tuple[tuple[str, float], ...] = ()  # signal thresholds that differ from their defaults
    step: str = ""  # presentation mode: "month", "quarter" or "year" per arrow key
    slides: tuple[str, ...] = ()  # presentation mode: saved views (their queries) the arrow keys step through
    lang: str = SOURCE_LANGUAGE  # the interface language (geodata.i18n.LANGUAGES)

    @classmethod
    def default(cls, context: ViewContext) -> ViewState:
        """The view a page opens on: the default baskets, no HS codes, the store's last 12 months."""
        start, end = context.default_period()
        return cls(goods=context.default_goods, hs=(), start=start, end=end)

    def with_changes(self, **changes: object) -> ViewState:
        """A copy of the view with the given fields replaced (not checked: untrusted text goes through
        `from_query`).
        """
        return replace(self, **changes)

    def to_query(self) -> str:
        """The canonical query string (keys in a fixed order, no leading '?')."""
        pairs = [
            ("goods", ",".join(self.goods)),
            ("hs", ",".join(self.hs)),
            ("from", f"{self.start:%Y-%m}"),
            ("to", f"{self.end:%Y-%m}"),
            ("dir", self.direction),
            ("side", self.side),
            ("metric", self.metric),
            ("layers", ",".join(self.layers)),
        ]
        if self.focus:
            pairs.append(("focus", self.focus))
        if self.exporters:
            pairs.append(("exporter", ",".join(self.exporters)))
        if self.importers:
            pairs.append(("importer", ",".join(self.importers)))
        if self.eu != "group":
            pairs.append(("eu", self.eu))
        if self.china != "alone":
            pairs.append(("china", self.china))
        if self.title:
            pairs.append(("title", self.title))
        if self.node:
            pairs.append(("node", self.node))
        pairs += [(key, f"{value:g}") for key, value in self.thresholds]
        if self.step:
            pairs.append(("step", self.step))
        pairs += [("slide", slide) for slide in self.slides]
        if self.lang != SOURCE_LANGUAGE:
            pairs.append(("lang", self.lang))
        return urlencode(pairs)

    @property
    def signal_thresholds(self) -> Thresholds:
        """The signals' thresholds: the defaults, with the view's changes."""
        return replace(Thresholds(), **dict(self.thresholds))

    @property
    def has_pair(self) -> bool:
        """Whether the view names exporters or importers (then it counts flows in every direction)."""
        return bool(self.exporters or self.importers)

    def without_presentation(self) -> ViewState:
        """The same view without presentation mode's step and saved views (what a saved view keeps)."""
        return replace(self, step="", slides=())

    @classmethod
    def from_query(cls, query: object, context: ViewContext) -> tuple[ViewState, tuple[str, ...]]:
        """Parse untrusted query text; returns the state and the notices to show (never raises).

        Anything but text (a client can send any JSON value) gives the default view with a notice.
        """
        parser = _QueryParser(context)
        if query is not None and not isinstance(query, str):
            return cls.default(context), (_("The link's query was not text; showing the default view."),)
        return parser.parse(query or ""), tuple(parser.notices)


def is_hs_code(code: object) -> bool:
    """A 2-, 4- or 6-digit HS code."""
    return isinstance(code, str) and _HS.fullmatch(code) is not None


def clean_text(text: str) -> str:
    """The text with lone surrogates (which UTF-8 cannot carry) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


@dataclass
class _QueryParser:
    context: ViewContext
    notices: list[str] = field(default_factory=list)

    def _note(self, key: str, value: str, fallback: str) -> None:
        shown = value if len(value) <= 40 else value[:37] + "…"
        self.notices.append(
            _("Ignored {key}={value} in the link: {reason}.").format(
                key=key, value=repr(shown), reason=fallback
            )
        )

    def parse(self, query: str) -> ViewState:
        default = ViewState.default(self.context)
        if len(query) > MAX_QUERY_CHARS:
            self.notices.append(
                _(
                    "The link's query was {length} characters long (at most {limit} are read); "
                    "showing the default view."
                ).format(length=number(len(query)), limit=number(MAX_QUERY_CHARS))
            )
            return default
        query = clean_text(query)
        try:
            pairs = parse_qsl(query.lstrip("?"), keep_blank_values=True, max_num_fields=len(KEYS) * 4)
        except ValueError:
            self.notices.append(_("The link's query could not be read; showing the default view."))
            return default
        values: dict[str, str] = {}
        unknown = []
        slides = [value for key, value in pairs if key == "slide"]
        for key, value in pairs:
            if key == "slide":
                continue
            if key in KEYS:
                values[key] = value.strip()
            else:
                unknown.append(key[:20])
        if unknown:
            keys = ", ".join(sorted(set(unknown))[:5])
            self.notices.append(_("Ignored unknown link key(s): {keys}.").format(keys=keys))
        return replace(
            self._build(values, default), slides=self._slides(slides), thresholds=self._thresholds(values)
        )

    def _thresholds(self, values: dict[str, str]) -> tuple[tuple[str, float], ...]:
        """The thresholds the link sets (checked by `thresholds_from_query`), in their documented order."""
        given = urlencode([(key, values[key]) for key in THRESHOLD_DOCS if key in values])
        thresholds, notices = thresholds_from_query(given)
        self.notices.extend(notices)
        return tuple(thresholds.changed().items())

    def _slides(self, raw: list[str]) -> tuple[str, ...]:
        """Saved views, each itself a valid view query (checked by parsing it)."""
        kept = []
        for text in raw[:MAX_SLIDES]:
            if len(text) > MAX_SLIDE_CHARS or "slide=" in text:
                self._note("slide", text, _("not a view"))
                continue
            view, notices = ViewState.from_query(text, self.context)
            if notices:
                self._note("slide", text, _("not a valid view"))
                continue
            kept.append(view.to_query())
        if len(raw) > MAX_SLIDES:
            self.notices.append(
                _("Only the first {count} saved views in the link are used.").format(count=MAX_SLIDES)
            )
        return tuple(kept)

    def _list(self, key: str, raw: str | None, valid, default: tuple[str, ...]) -> tuple[str, ...]:
        if raw is None:
            return default
        items = [i.strip() for i in raw.split(",") if i.strip()][:MAX_LIST_ITEMS]
        good = tuple(dict.fromkeys(i for i in items if valid(i)))
        bad = [i for i in items if not valid(i)]
        if bad:
            self._note(key, ",".join(bad), _("not a known value"))
        return good

    def _choice(self, key: str, raw: str | None, allowed, default: str) -> str:
        if raw is None or raw in allowed:
            return raw if raw is not None else default
        self._note(key, raw, _("expected one of {values}").format(values=", ".join(allowed)))
        return default

    def _month(self, key: str, raw: str | None, default: date) -> date:
        if raw is None:
            return default
        match = _MONTH.fullmatch(raw)
        if match and 1 <= int(match.group(2)) <= 12:
            year, number = int(match.group(1)), int(match.group(2))
            first, last = self.context.first_month, self.context.last_month
            # compared as (year, month) before any date is made: year 0000 is not a valid date
            if (year, number) < (first.year, first.month):
                clamped = first
            elif (year, number) > (last.year, last.month):
                clamped = last
            else:
                clamped = date(year, number, 1)
            if (clamped.year, clamped.month) != (year, number):
                self._note(
                    key,
                    raw,
                    _("the data cover {first} to {last}").format(
                        first=f"{self.context.first_month:%Y-%m}", last=f"{self.context.last_month:%Y-%m}"
                    ),
                )
            return clamped
        self._note(key, raw, _("expected a month as YYYY-MM"))
        return default

    def _is_node(self, code: str) -> bool:
        return _NODE.fullmatch(code) is not None and code in self.context.countries

    def _build(self, values: dict[str, str], default: ViewState) -> ViewState:
        goods = self._list("goods", values.get("goods"), lambda g: g in self.context.presets, default.goods)
        hs = self._list("hs", values.get("hs"), is_hs_code, ())
        if not goods and not hs:
            goods = default.goods
        start = self._month("from", values.get("from"), default.start)
        end = self._month("to", values.get("to"), default.end)
        if start > end:
            self.notices.append(
                _("The link's period ran backwards ({start} after {end}); swapped.").format(
                    start=f"{start:%Y-%m}", end=f"{end:%Y-%m}"
                )
            )
            start, end = end, start
        layers = self._list("layers", values.get("layers"), lambda name: name in LAYERS, DEFAULT_LAYERS)
        focus_raw = values.get("focus") or None
        focus = focus_raw if focus_raw and self._is_node(focus_raw) else None
        if focus_raw and focus is None:
            self._note("focus", focus_raw, _("not a country or group the data know"))
        exporters = self._list("exporter", values.get("exporter"), self._is_node, ())[:MAX_PAIR_NODES]
        importers = self._list("importer", values.get("importer"), self._is_node, ())[:MAX_PAIR_NODES]
        title = "".join(ch for ch in values.get("title", "") if ch.isprintable())[:MAX_TITLE_CHARS].strip()
        node = values.get("node") or None
        if node is not None and not (_PLACE.fullmatch(node) and node in self.context.places):
            self._note("node", node, _("not a crossing, port or corridor the map knows"))
            node = None
        return ViewState(
            goods=goods,
            hs=hs,
            start=start,
            end=end,
            direction=self._choice("dir", values.get("dir"), tuple(DIRECTIONS), default.direction),
            side=self._choice("side", values.get("side"), tuple(SIDES), default.side),
            metric=self._choice("metric", values.get("metric"), tuple(METRICS), default.metric),
            layers=layers,
            focus=focus,
            exporters=exporters,
            importers=importers,
            eu=self._choice("eu", values.get("eu"), tuple(EU_MODES), default.eu),
            china=self._choice("china", values.get("china"), tuple(CHINA_MODES), default.china),
            title=title,
            node=node,
            step=self._choice("step", values.get("step") or None, tuple(STEPS), "")
            if values.get("step")
            else "",
            lang=self._choice("lang", values.get("lang"), tuple(LANGUAGES), SOURCE_LANGUAGE),
        )
