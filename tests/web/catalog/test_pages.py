"""The catalogue pages, as a reader without JavaScript gets them (server-rendered HTML)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_explains_what_the_site_is_and_that_it_does_not_replace_the_team(client: Client) -> None:
    html = client.get("/").content.decode()
    assert "ALS Navigator" in html
    assert "does not replace your ALS team" in html
    assert 'href="#main"' in html  # skip link


def test_treatment_list_groups_every_entry_by_category(client: Client) -> None:
    html = client.get("/treatments/").content.decode()
    for heading in (
        "Medicines that may slow ALS",
        "Medicines for symptoms",
        "Dietary supplements",
        "Breathing and cough support",
        "Communication",
    ):
        assert heading in html
    assert html.count('class="card"') >= 42
    assert 'href="/treatments/riluzole/"' in html


def test_treatment_page_has_summary_evidence_references_and_review_dates(client: Client) -> None:
    response = client.get("/treatments/riluzole/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Summary",
        "How it works",
        "The evidence",
        "Approval and availability",
        "References",
        "Page last reviewed",
        "Next review due",
        "Related treatments",
        "Level A",
    ):
        assert text in html, text
    assert "https://pubmed.ncbi.nlm.nih.gov/17253460/" in html
    assert 'href="/treatments/edaravone/"' in html


def test_unverified_facts_are_shown_as_such(client: Client) -> None:
    html = client.get("/treatments/riluzole/").content.decode()
    assert "[M]" not in html
    assert "not yet checked against the original source" in html


def test_supplement_page_shows_evidence_grades(client: Client) -> None:
    html = client.get("/treatments/coenzyme-q10/").content.decode()
    assert "Evidence grades" in html and "Pre-clinical" in html and "Risks" in html


def test_unknown_treatment_is_a_helpful_404(client: Client) -> None:
    response = client.get("/treatments/rilutek-tablets/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "rilutek-tablets" in html
    assert 'href="/treatments/"' in html and "/search/?q=" in html


def test_misspelled_treatment_404_suggests_the_right_page(client: Client) -> None:
    response = client.get("/treatments/baclofan/")
    assert response.status_code == 404
    assert 'href="/treatments/baclofen/"' in response.content.decode()


def test_symptom_index_and_page_answer_what_helps(client: Client) -> None:
    index = client.get("/symptoms/").content.decode()
    assert "What helps with drooling?" in index
    page = client.get("/symptoms/sialorrhea/")
    assert page.status_code == 200
    html = page.content.decode()
    for treatment in ("glycopyrrolate", "trihexyphenidyl", "amitriptyline", "botulinum-toxin"):
        assert f'href="/treatments/{treatment}/"' in html
    assert client.get("/symptoms/no-such-symptom/").status_code == 404


def test_about_page_explains_review(client: Client) -> None:
    html = client.get("/about/").content.decode()
    assert 'id="unverified"' in html and "ALSUntangled" in html


def test_every_page_has_security_headers(client: Client) -> None:
    response = client.get("/treatments/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_html_in_content_is_never_rendered_raw() -> None:
    from alsnav_web.core.rendering import render_markdown, render_text

    assert "<script" not in render_markdown("Hi <script>alert(1)</script> [x](javascript:alert(1))")
    assert 'href="javascript:' not in render_markdown("[x](javascript:alert(1))")
    assert "&lt;b&gt;" in render_text("<b>bold</b>")


def test_the_home_page_offers_the_personal_record_and_the_trial_finder(client: Client) -> None:
    page = client.get("/").content.decode()
    assert "Keep your own record" in page and "/accounts/sign-up/" in page
    assert 'href="/trials/"' in page


def test_trial_years_are_printed_once_and_no_heading_is_empty(client: Client) -> None:
    import re

    page = client.get("/treatments/riluzole/").content.decode()
    assert "updated 2012)</strong>." in page  # the name already holds its year: no "(2012)" after it
    assert not re.search(r"<h2[^>]*>More detail</h2>\s*<h2", page)
    headings = re.findall(r"<(h[1-4])[^>]*>(.*?)</\1>\s*<(h[1-4])", page, re.S)
    assert not [h for h in headings if h[0] == h[2]], headings  # no heading followed by one of the same level
