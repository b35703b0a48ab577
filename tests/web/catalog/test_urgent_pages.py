"""Urgent help, the glossary and the "When to get help" sections, as a reader sees them."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from alsnav.symptoms import SYMPTOM_CODES

pytestmark = pytest.mark.django_db

NEW_ENTRIES = [
    "genetic-testing",
    "expanded-access",
    "cognitive-and-behaviour-change",
    "caregiver-support",
    "advance-care-planning",
    "driving",
    "hyoscine",
    "atropine",
    "laxatives",
    "pain-relief",
    "antidepressants",
    "mucus-management",
    "cannabinoids",
    "neck-support",
]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_page_links_to_urgent_help(client: Client) -> None:
    for url in ("/", "/treatments/riluzole/", "/symptoms/", "/search/?q=drooling", "/glossary/"):
        html = client.get(url).content.decode()
        assert '<a href="/urgent/"' in html, url


def test_urgent_page_has_three_levels_and_the_short_list_of_numbers(client: Client) -> None:
    html = client.get("/urgent/").content.decode()
    page = text(html)
    for heading in (
        "Call emergency services now",
        "Contact your ALS team or doctor today",
        "Mention it at your next visit",
    ):
        assert heading in page
    for number in ("911", "999", "112", "000", "119"):
        assert f"<strong>{number}</strong>" in html
    for situation in ("Choking that does not clear", "A feeding tube has come out", "Thoughts of suicide"):
        assert situation in page


def test_urgent_page_shows_the_chosen_country_and_its_crisis_line(client: Client) -> None:
    page = text(client.get("/urgent/?country=gb").content.decode())
    assert "United Kingdom" in page and "116 123" in page and "Samaritans" in page
    assert "Australia" not in page.split("Show the numbers for")[0]


def test_unknown_country_falls_back_to_the_short_list_and_says_so(client: Client) -> None:
    page = text(client.get("/urgent/?country=ZZ").content.decode())
    assert "We do not have numbers for “ ZZ ” yet" in page or "We do not have numbers for “ZZ” yet" in page
    assert "United States" in page


def test_unverified_numbers_are_shown_as_unverified(client: Client) -> None:
    html = client.get("/urgent/?country=EU").content.decode()
    assert "[M]" not in html
    assert "not yet checked against the original source" in html or "unverified" in html


@pytest.mark.parametrize("code", SYMPTOM_CODES)
def test_every_symptom_page_says_when_to_get_help_at_three_levels(client: Client, code: str) -> None:
    response = client.get(f"/symptoms/{code.replace('_', '-')}/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "When to get help" in page
    for heading in (
        "Call emergency services now",
        "Contact your ALS team or doctor today",
        "Mention it at your next visit",
    ):
        assert heading in page, heading
    assert "Emergency numbers:" in page


@pytest.mark.parametrize("treatment_id", NEW_ENTRIES)
def test_new_entries_are_published(client: Client, treatment_id: str) -> None:
    response = client.get(f"/treatments/{treatment_id}/")
    assert response.status_code == 200
    assert "Summary" in response.content.decode()


def test_treatment_pages_say_when_to_get_help_where_it_matters(client: Client) -> None:
    page = text(client.get("/treatments/feeding-tube/").content.decode())
    assert "When to get help" in page and "A feeding tube has come out" in page
    page = text(client.get("/treatments/tofersen/").content.decode())
    assert "New back pain, weakness or bladder change after a tofersen dose" in page


def test_regulatory_rows_show_their_source(client: Client) -> None:
    html = client.get("/treatments/tofersen/").content.decode()
    assert "Authorised under exceptional circumstances" in html
    assert 'href="https://www.ema.europa.eu/en/medicines/human/EPAR/qalsody"' in html


def test_glossary_explains_statistics_and_pages_link_to_it(client: Client) -> None:
    page = text(client.get("/glossary/").content.decode())
    for term in ("Hazard ratio", "P-value", "Confidence interval", "Placebo", "Phase 1, 2 and 3 trials"):
        assert term in page
    assert 'href="/glossary/#hazard-ratio"' in client.get("/treatments/riluzole/").content.decode()
    physio = client.get("/treatments/physical-therapy/").content.decode()
    assert 'href="/glossary/#confidence-interval"' in physio


def test_search_page_puts_urgent_help_above_the_results(client: Client) -> None:
    html = client.get("/search/", {"q": "cant breathe"}).content.decode()
    box = html.index("urgent-box")
    first_result = html.index('class="search-results')
    assert box < first_result
    assert "Call your emergency number now." in text(html)


def test_ordinary_search_has_no_urgent_box(client: Client) -> None:
    for query in ("drooling", "stiff legs", "cramps at night"):
        assert "urgent-box" not in client.get("/search/", {"q": query}).content.decode(), query


def test_api_search_carries_urgent(client: Client) -> None:
    data = json.loads(client.get("/api/search", {"q": "my PEG tube fell out"}).content)
    assert data["urgent"]["title"] == "A feeding tube has come out"
    assert data["urgent"]["url"] == "/urgent/#feeding-tube-out"
    assert json.loads(client.get("/api/search", {"q": "drooling"}).content)["urgent"] is None


def test_about_page_and_footers_tell_the_same_review_story(client: Client) -> None:
    about = text(client.get("/about/").content.decode())
    footer = text(client.get("/treatments/riluzole/").content.decode())
    assert "clinician sign-off pending" in footer
    assert "clinician sign-off pending" in about
    assert "A second person checks each fact" not in about


def test_also_called_shows_real_names_only_but_search_knows_the_misspellings(client: Client) -> None:
    page = text(client.get("/treatments/glycopyrrolate/").content.decode())
    also = page.split("Also called:")[1].split("Page last reviewed")[0]
    assert "Robinul" in also and "glycopyronium" not in also and "glycopyrolate" not in also
    assert "spit medicine" not in also
    data = json.loads(client.get("/api/search", {"q": "glycopyrolate"}).content)
    assert data["results"][0]["id"] == "glycopyrrolate"


def test_page_says_information_may_have_changed_once_expected_news_is_due(client: Client) -> None:
    from alsnav_web.catalog.models import Treatment

    row = Treatment.objects.get(id="tofersen")
    row.data["expected"][0]["date"] = "2099-01-31"  # still to come, whatever today is
    row.save()
    html = client.get("/treatments/tofersen/").content.decode()
    assert "This information may have changed" not in html
    assert "What we are waiting for" in html
    row.data["expected"][0]["date"] = "2025-01-31"
    row.save()
    html = client.get("/treatments/tofersen/").content.decode()
    assert "This information may have changed" in html
    assert "Japan" in text(html).split("This information may have changed")[1][:400]
