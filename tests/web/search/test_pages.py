"""The search page and the suggestions fragment, as a reader without JavaScript gets them."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def page(client: Client, query: str) -> str:
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def result_links(html: str) -> list[str]:
    body = html.split('class="search-results', 1)[1] if 'class="search-results' in html else ""
    return re.findall(r'<a href="(/treatments/[^"]+/)">', body)


def test_results_link_to_the_treatments_best_first(client: Client) -> None:
    html = page(client, "rilutek")
    assert "Search results for “rilutek”" in html
    assert result_links(html)[0] == "/treatments/riluzole/"


def test_snippets_highlight_the_words_searched_for(client: Client) -> None:
    html = page(client, "drooling")
    assert re.search(r'class="search-snippet">[^<]*(<mark>[^<]+</mark>[^<]*)+', html)
    assert "<mark>drooling</mark>" in html.casefold()


def test_a_symptom_search_says_which_symptom_it_found_and_links_its_page(client: Client) -> None:
    html = page(client, "my husband drools all the time")
    assert "You described a symptom" in html
    assert '<a href="/symptoms/sialorrhea/">What helps with drooling?</a>' in html
    assert set(result_links(html)[:3]) <= {
        "/treatments/glycopyrrolate/",
        "/treatments/trihexyphenidyl/",
        "/treatments/amitriptyline/",
        "/treatments/botulinum-toxin/",
        "/treatments/hyoscine/",
        "/treatments/atropine/",
    }
    assert "Can help with: drooling and too much saliva" in html


def test_a_corrected_typo_is_offered_as_a_link(client: Client) -> None:
    html = page(client, "baclofem")
    assert result_links(html)[0] == "/treatments/baclofen/"
    assert 'href="/search/?q=baclofen"' in html


def test_zero_results_offer_did_you_mean_the_symptom_index_and_the_community(client: Client) -> None:
    html = page(client, "glycopiroleyt")
    assert "No results for “glycopiroleyt”" in html
    assert "Did you mean" in html and 'href="/search/?q=Glycopyrrolate"' in html
    assert 'href="/symptoms/"' in html
    assert 'href="/community/ask/?q=glycopiroleyt"' in html


def test_every_results_page_also_offers_to_ask_the_community(client: Client) -> None:
    html = page(client, "cough machine settings")
    assert f'href="/community/ask/?q={quote("cough machine settings")}"' in html


def test_an_empty_search_explains_what_to_type(client: Client) -> None:
    html = page(client, "")
    assert "<h1>Search</h1>" in html and 'href="/symptoms/"' in html


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        '" OR 1=1 --',
        "NEAR(",
        "*",
        "\x00\x01\x1b[0m drooling",
        "x" * 10_000,
        "🙂",
    ],
)
def test_odd_queries_get_a_normal_page_with_the_query_escaped(client: Client, query: str) -> None:
    html = page(client, query)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "\x00" not in html and "\x1b" not in html
    assert html.count("x" * 201) == 0  # long queries are shown cut, not in full


def test_html_in_a_query_is_shown_as_text(client: Client) -> None:
    html = page(client, "<b>stiff</b> legs")
    assert "&lt;b&gt;stiff&lt;/b&gt; legs" in html


def test_every_page_has_the_header_search_box_wired_for_suggestions(client: Client) -> None:
    html = client.get("/treatments/riluzole/").content.decode()
    assert 'hx-get="/search/suggest/"' in html and 'role="listbox"' in html
    assert "search/combobox.js" in html
    assert 'role="combobox"' not in html  # added by the script: without it the box is a plain field


def test_suggestions_fragment_lists_treatment_and_symptom_options(client: Client) -> None:
    html = client.get("/search/suggest/", {"q": "dro"}).content.decode()
    options = re.findall(r'<li role="option" id="([^"]+)"[^>]*data-href="([^"]+)"', html)
    assert options[0] == ("site-search-option-1", "/symptoms/sialorrhea/")
    assert ("site-search-option-all", "/search/?q=dro") in options
    assert "What helps with drooling?" in html


@pytest.mark.parametrize("query", ["", "x", "   ", "\x00", "<script>", "x" * 10_000])
def test_suggestions_for_odd_input_are_empty_or_escaped(client: Client, query: str) -> None:
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_ten_best_matches_first_then_more_on_request(client: Client) -> None:
    html = page(client, "side effects")
    assert len(result_links(html)) == 10 and "The 10 best matches" in html
    assert 'href="/search/?q=side%20effects&amp;more=1"' in html
    more = client.get("/search/", {"q": "side effects", "more": "1"}).content.decode()
    assert len(result_links(more)) > 10 and "Show more results" not in more
