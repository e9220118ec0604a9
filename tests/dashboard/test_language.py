"""The language a request is answered in, the switch, and the page in Russian."""

from __future__ import annotations

import json

import pytest

from callbacks.language import language_links
from dashboard.app import create_app, page_in_language
from dashboard.components.language_switch import switch_links
from dashboard.graph_config import chart_config, geo_graph_config
from dashboard.language import query_language, request_language, switched_query
from dashboard.settings import Settings
from geodata.i18n import use_language


@pytest.mark.parametrize(
    ("args", "referrer", "expected"),
    [
        ({"lang": "ru"}, None, "ru"),
        ({}, "http://127.0.0.1:8050/?goods=chpl&lang=ru", "ru"),
        ({"lang": "en"}, "http://127.0.0.1:8050/?lang=ru", "en"),  # the request's own word first
        ({}, "http://127.0.0.1:8050/?goods=chpl", "en"),
        ({"lang": "xx"}, "http://127.0.0.1:8050/?lang=<script>", "en"),
        ({}, "not a url at all ?lang=ru%00", "en"),
        ({}, None, "en"),
    ],
)
def test_the_request_language_comes_from_its_url_or_the_page_it_came_from(args, referrer, expected):
    assert request_language(args, referrer) == expected


def test_opening_a_page_ignores_the_language_of_the_page_left_behind():
    assert request_language({}, "http://127.0.0.1:8050/?lang=ru", navigation=True) == "en"


def test_query_language_ignores_unknown_codes():
    assert query_language("lang=ru") == "ru"
    assert query_language("lang=de&lang=ru") is None  # the first word counts, and it is unknown
    assert query_language("goods=chpl") is None


def test_switching_keeps_the_view_and_drops_lang_for_english():
    assert switched_query("goods=chpl&from=2023-01", "ru") == "goods=chpl&from=2023-01&lang=ru"
    assert switched_query("?goods=chpl&lang=ru", "en") == "goods=chpl"
    assert switched_query("lang=ru&lang=ru", "ru") == "lang=ru"


def test_the_switch_links_every_other_language_and_marks_the_current_one():
    links = switch_links("goods=chpl", "en")
    current = [link for link in links if link.to_plotly_json()["type"] == "Span"]
    others = [link for link in links if link.to_plotly_json()["type"] == "A"]
    assert [c.children for c in current] == ["English"]
    assert [(o.children, o.href, o.lang) for o in others] == [("Русский", "?goods=chpl&lang=ru", "ru")]
    assert [link.children for link in language_links("?goods=chpl&lang=ru") if hasattr(link, "href")] == [
        "English"
    ]
    assert language_links(None)[0].children == "English"


def test_graphs_get_plotly_in_the_page_language():
    assert "locale" not in chart_config("x")
    with use_language("ru"):
        config = geo_graph_config("/assets/topojson/")
    russian = config["locales"]["ru"]
    assert config["locale"] == "ru" and config["showSendToCloud"] is False
    assert russian["format"]["months"][0] == "январь" and russian["format"]["shortDays"][0] == "вс"
    assert russian["format"]["decimal"] == ","
    assert russian["dictionary"]["Zoom in"] == "Увеличить"


def test_the_html_names_the_language():
    assert page_in_language('<!DOCTYPE html>\n<html lang="en">\n<head>', "ru").count('lang="ru"') == 1


def test_the_page_and_its_layout_answer_in_the_language_of_the_link(demo_data_dir):
    client = create_app(Settings(data_dir=demo_data_dir)).server.test_client()
    page = client.get("/?lang=ru").get_data(as_text=True)
    assert '<html lang="ru">' in page
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)
    back_to_english = client.get(  # the switch's link, followed from the Russian page
        "/?goods=chpl", headers={"Referer": "http://127.0.0.1:8050/?lang=ru", "Sec-Fetch-Mode": "navigate"}
    )
    assert '<html lang="en">' in back_to_english.get_data(as_text=True)
    russian = client.get("/_dash-layout", headers={"Referer": "http://127.0.0.1:8050/?lang=ru"})
    english = client.get("/_dash-layout")
    layout = json.dumps(russian.get_json(), ensure_ascii=False)
    assert "Язык" in layout and "Язык" not in json.dumps(english.get_json(), ensure_ascii=False)
    assert '"label": "Казахстан"' in layout  # the country pickers name countries in Russian


def test_country_names_follow_the_language(demo_services):
    assert demo_services.names["KAZ"] == "Kazakhstan"
    with use_language("ru"):
        assert demo_services.names["KAZ"] == "Казахстан"
        assert demo_services.names["RUS"] == "Россия"
        assert demo_services.names["DEU"] == "Германия"  # a store country beyond the reference table
        assert "ЕС" in demo_services.names["EU27"]
    assert demo_services.names["RUS"] == "Russia"


def test_money_changes_and_periods_read_as_russian():
    from datetime import date

    from dashboard.formatting import money, month_label, percent_change

    with use_language("ru"):
        assert money(1_234_000_000) == "1,23 млрд $"
        assert money(-350_000_000) == "−350 млн $"
        assert money(12_500) == "12,5 тыс. $"
        assert percent_change(12.4) == "+12 %" and percent_change(-40.2) == "−40 %"
        assert percent_change(float("nan")).startswith("новый")
        assert month_label(date(2023, 1, 1), date(2023, 12, 1)) == "янв. 2023 – дек. 2023"
    assert (
        money(1_234_000_000) == "$1.23 bn" and month_label(date(2023, 1, 1), date(2023, 1, 1)) == "Jan 2023"
    )


def test_pictures_rendered_outside_the_page_write_numbers_the_languages_way():
    from dashboard.plotly_locale import number_separators

    assert number_separators() is None
    with use_language("ru"):
        assert number_separators() == ",\xa0"
