"""Nothing on the Russian page is left in English: the layout, a drawn view (map, charts, cards, notes),
the Method page and the JSON view's labels. Text the reference data hold only in English (HS titles,
event descriptions, citations, Latin-script place names) is allowed; any other run of English words fails.
"""

from __future__ import annotations

import html
import json
import re

import plotly.graph_objects as go
import pytest
from dash import no_update

from callbacks.country import profile_section
from callbacks.render import render_view
from dashboard.figures.flows import empty_flow_traces
from dashboard.figures.map_figure import build_map_figure
from dashboard.figures.reference_layers import LAYERS
from dashboard.layout import build_layout
from dashboard.method_page import method_html
from geodata.i18n import use_language

#: Names, codes and abbreviations that are the same in Russian text.
KEPT = {
    "Corridor", "Atlas", "CHPL", "Tier", "HS", "EU", "EU27", "USD", "EUR", "PNG", "SVG", "PPTX", "PDF",
    "CSV", "XLSX", "JSON", "UN", "Comtrade", "Eurostat", "Comext", "CEPII", "BACI", "FinCEN", "BIS",
    "OFAC", "INSTC", "TITR", "ISO", "WCAG", "API", "URL", "DuckDB", "Parquet", "Plus", "CIF", "FOB",
    "HS2017", "HS2022", "No", "Russia", "English", "basis", "PowerPoint", "Power", "Point", "Excel", "Esc",
}  # fmt: skip
TEXT_PROPS = ("children", "placeholder", "title", "aria-label", "label", "alt")
SHOWN_KEYS = ("text", "title", "hovertemplate", "ticktext", "label")  # figure keys whose strings show
TAG = re.compile(r"<[^>]+>|%\{[^}]*\}|&\w+;|https?://\S+")
# basis_months, motCode, paths, web hosts: code and addresses, not words
CODE_NAME = re.compile(
    r"\b\w*_\w*\b|\b[a-z]+[A-Z]\w*\b|\S+/\S+|\b[\w-]+(?:\.[\w-]+)+\b|\.\w+\b|\b\w+-[0-9a-f]{6,}\b"
)  # and file types (.pptx), digests (demo-8d13…)
MIN_WORDS = 1
QUOTED = re.compile(r"«[^»]*»")  # a name quoted in Russian text (a README section) stays as it is
IDENTIFIER = re.compile(r"[a-z0-9_]+(?:-[a-z0-9_]+)+")
WORD_RUN = re.compile(r"[A-Za-z][a-z]{2,}(?:[ ,;:()'’-]+[A-Za-z][a-z]{2,})*")


@pytest.fixture(scope="module")
def data_texts(demo_services) -> list[str]:
    """Texts the reference tables and the catalogue hold only in English, longest first."""
    reference, catalogue = demo_services.reference, demo_services.catalogue
    texts = [
        *reference.crossings["name_en"], *reference.hubs["name_en"], *reference.crossings["name_local"],
        *reference.hubs["name_local"], *reference.events["description"],
        *reference.events["source"], *reference.crossings["source"], *reference.corridors["description"],
        *reference.crossings["status"], *reference.hubs["notes"], *reference.hubs["water_body"],
        *reference.hubs["source"], *reference.corridors["source"], *reference.countries["source"],
        *catalogue.chapters["title"], *catalogue.headings["title"], *catalogue.codes["title"],
        *catalogue.baskets["name"], *catalogue.baskets["description"], *catalogue.chpl["description"],
        *(f["vintage"] for f in demo_services.source_files),
        *(f["name"] for f in demo_services.source_files),
    ]  # fmt: skip
    return sorted({str(t) for t in texts if str(t).strip()}, key=len, reverse=True)


def english_runs(text: str, data_texts: list[str]) -> list[str]:
    """Runs of two or more English words left in ``text`` once data texts (whole, or cut short for a
    label), tags and kept words go; identifiers (``selected-period``) are not text.
    """
    if IDENTIFIER.fullmatch(text):
        return []
    text = html.unescape(text.replace("-<br>", "-").replace("<br>", " "))
    text = _without_cut_data_texts(text, data_texts)  # first: a name inside a cut text must not split it
    for known in data_texts:  # longest first, for the same reason
        text = text.replace(known, " ")
    text = TAG.sub(" ", CODE_NAME.sub(" ", QUOTED.sub(" ", text)))
    runs = []
    for run in WORD_RUN.findall(text):
        words = [w for w in re.findall(r"[A-Za-z]+", run) if w not in KEPT]
        if len(words) >= MIN_WORDS:
            runs.append(run)
    return runs


def _without_cut_data_texts(text: str, data_texts: list[str]) -> str:
    """``text`` less the data texts a label cuts short (at its end, or with "…", maybe inside an HTML
    entity), the longest cut first so that a shorter text sharing its start cannot split it.
    """
    while True:
        best: tuple[int, int] | None = None
        for known in data_texts:
            position = text.find(known[:20]) if len(known) >= 20 else -1
            while position >= 0:
                length = 20
                while (
                    position + length < len(text)
                    and length < len(known)
                    and text[position + length] == known[length]
                ):
                    length += 1
                cut = re.match(r"\s*(?:[#\w]{0,8}…|$)", text[position + length :])
                if cut and (best is None or length + cut.end() > best[1]):
                    best = (position, length + cut.end())
                position = text.find(known[:20], position + 1)
        if best is None:
            return text
        text = text[: best[0]] + " " + text[best[0] + best[1] :]


def component_texts(node) -> list[str]:
    """Every string a Dash component tree shows (children and the props a reader sees)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, list | tuple):
        return [text for item in node for text in component_texts(item)]
    if hasattr(node, "to_plotly_json"):
        return component_texts(json.loads(json.dumps(node.to_plotly_json(), cls=_Encoder)))
    if not isinstance(node, dict):
        return []
    if "props" in node:
        return component_texts(node["props"])
    return [text for key, value in node.items() for text in _prop_texts(key, value)]


def _prop_texts(key: str, value) -> list[str]:
    if key in TEXT_PROPS or key == "options":
        return component_texts(value)
    if key == "figure":
        return figure_texts(value) if value else []
    if isinstance(value, dict):
        return component_texts(value)
    if isinstance(value, list):  # components inside (children of other names); bare values are data
        return [text for item in value if not isinstance(item, str) for text in component_texts(item)]
    return []


class _Encoder(json.JSONEncoder):
    def default(self, o):
        return o.to_plotly_json() if hasattr(o, "to_plotly_json") else str(o)


def figure_texts(figure) -> list[str]:
    """The texts a plotly figure shows: titles, annotations, tick and hover texts, and the names of
    the traces in its legend (not the names of hidden helper traces and shapes).
    """
    raw = json.loads(
        json.dumps(figure if isinstance(figure, dict) else go.Figure(figure).to_dict(), cls=_Encoder)
    )
    texts = []
    for trace in raw.get("data", []) if isinstance(raw.get("data"), list) else []:
        if isinstance(trace, dict) and trace.get("showlegend") is not False and trace.get("name"):
            texts.append(trace["name"])
    return texts + _shown_texts(raw)


def _shown_texts(node) -> list[str]:
    if isinstance(node, list):
        return [text for item in node for text in _shown_texts(item)]
    if not isinstance(node, dict):
        return []
    texts = []
    for key, value in node.items():
        if key in SHOWN_KEYS and isinstance(value, str):
            texts.append(value)
        elif key in SHOWN_KEYS and isinstance(value, list):
            texts += [item for item in value if isinstance(item, str)]
        else:
            texts += _shown_texts(value)
    return texts


def assert_russian(texts: list[str], data_texts: list[str], where: str) -> None:
    left = {text: runs for text in texts if (runs := english_runs(str(text), data_texts))}
    assert not left, f"English left on the Russian {where}: " + "; ".join(
        f"{runs} in {text[:90]!r}" for text, runs in list(left.items())[:10]
    )


def test_the_detector_finds_english(data_texts):
    assert english_runs("Trade value reaching Russia", data_texts) == ["Trade value reaching Russia"]
    assert english_runs("Стоимость торговли: 4,5 млрд $ (CHPL Tier 1, HS 8542)", data_texts) == []
    assert english_runs("Export", data_texts) == ["Export"]  # one word is enough
    assert english_runs("Chapter 01 — Live animals", data_texts) == [
        "Chapter"
    ]  # data text goes, the word stays
    assert english_runs("Группа 01 — Live animals", data_texts) == []
    assert english_runs("Источник: eur-lex.europa.eu · «Signals» · basis_months", data_texts) == []


def test_the_layout_is_russian(demo_services, data_texts):
    with use_language("ru"):
        layout = build_layout(demo_services)
    assert_russian(component_texts(layout), data_texts, "layout")


@pytest.mark.parametrize(
    "query",
    [
        "goods=chpl&from=2024-01&to=2024-12&lang=ru",
        "goods=chpl&from=2024-01&to=2024-12&dir=all&metric=change&focus=KAZ&lang=ru",
        "hs=854231&exporter=CHN&importer=RUS&from=2023-01&to=2023-06&lang=ru",
        "goods=bearings&from=2025-06&to=2025-06&node=upper_lars&lang=ru",
    ],
)
def test_a_drawn_view_is_russian(demo_services, data_texts, query):
    with use_language("ru"):
        figure = build_map_figure(demo_services.reference, flow_traces=empty_flow_traces())
        trace_layers = [trace.meta["layer"] for trace in figure.data]
        outputs = render_view(query, demo_services, trace_layers, presenting=False)
    assert outputs["map"] is not no_update
    texts = []
    for key, value in outputs.items():
        if key == "map":
            texts += figure_texts(value.to_plotly_json())
        elif key in ("timeseries", "top", "sankey"):
            texts += figure_texts(value)
        else:
            texts += component_texts(value)
    assert_russian(texts, data_texts, f"view {query}")


@pytest.mark.parametrize("country", ["KAZ", "ARM", "TUR"])
def test_a_country_profile_is_russian(demo_services, data_texts, country):
    with use_language("ru"):
        children, hidden = profile_section(f"/country/{country}", "goods=chpl&lang=ru", demo_services)
    assert not hidden
    assert_russian(component_texts(children), data_texts, f"profile of {country}")


def test_the_method_page_is_russian(demo_services, data_texts):
    with use_language("ru"):
        page = method_html(demo_services)
    assert 'lang="ru"' in page
    body = re.sub(r"<style.*?</style>|<script.*?</script>", " ", page, flags=re.S)
    assert_russian([re.sub(r"<[^>]+>", " ", body)], data_texts, "Method page")


def test_every_map_layer_has_a_russian_title():
    from dashboard.figures.reference_layers import LAYER_TITLES
    from geodata.i18n import _

    with use_language("ru"):
        assert all(_(LAYER_TITLES[layer]) != LAYER_TITLES[layer] for layer in LAYERS)
