"""'Was this page helpful?' on every page, and the 'Ask a question' page for empty searches."""

from __future__ import annotations

import pytest
from django.test import Client

from alsnav_web.community.models import PageFeedback, Question
from tests.web.community.helpers import aged_token, client_for, html_of, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/treatments/", "/treatments/riluzole/", "/about/", "/community/ask/"])
def test_every_page_asks_whether_it_was_helpful(client: Client, path: str) -> None:
    html = html_of(client.get(path))
    assert "<legend>Was this page helpful?</legend>" in html
    assert f'name="path" value="{path}"' in html


def test_yes_is_stored_and_thanked(client: Client) -> None:
    response = client.post("/community/feedback/", {"path": "/about/", "helpful": "yes"}, follow=True)
    assert response.redirect_chain[-1][0] == "/about/"
    assert "Thank you for your feedback." in html_of(response)
    feedback = PageFeedback.objects.get()
    assert feedback.path == "/about/" and feedback.helpful is True


def test_no_asks_what_was_missing_and_stores_it(client: Client) -> None:
    response = client.post("/community/feedback/", {"path": "/treatments/riluzole/", "helpful": "no"})
    feedback = PageFeedback.objects.get()
    assert response["Location"] == f"/community/feedback/{feedback.pk}/more/"
    page = html_of(client.get(response["Location"]))
    assert "What were you looking for, or what could be better?" in page
    assert 'href="/treatments/riluzole/">Skip and go back to the page</a>' in page
    empty = client.post(response["Location"], {"details": ""})
    assert empty.status_code == 400 and "Tell us what you were looking for" in html_of(empty)
    done = client.post(response["Location"], {"details": "How to take it with a feeding tube"}, follow=True)
    assert done.redirect_chain[-1][0] == "/treatments/riluzole/"
    assert "Our content team will read this." in html_of(done)
    feedback.refresh_from_db()
    assert feedback.details == "How to take it with a feeding tube"
    # Nobody else can add to someone's feedback.
    assert Client().get(response["Location"]).status_code == 404


def test_htmx_answers_in_place(client: Client) -> None:
    response = client.post("/community/feedback/", {"path": "/", "helpful": "yes"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = html_of(response).strip()
    assert html.startswith('<div class="page-feedback" id="page-feedback">')  # a fragment, not a page
    assert "Thank you for your feedback." in html and "autofocus" in html  # focus moves to the thanks
    no = client.post("/community/feedback/", {"path": "/", "helpful": "no"}, HTTP_HX_REQUEST="true")
    assert 'hx-post="/community/feedback/' in html_of(no) and "<textarea" in html_of(no)


def test_feedback_never_redirects_off_the_site(client: Client) -> None:
    for path in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        response = client.post("/community/feedback/", {"path": path, "helpful": "yes"})
        assert response["Location"] == "/"


def test_reviewers_read_the_feedback_and_questions(client: Client) -> None:
    client.post("/community/feedback/", {"path": "/about/", "helpful": "no"})
    Question.objects.create(text="Is there a trial near Leeds?", search_query="trial leeds")
    assert client_for(make_user("alex")).get("/community/reviews/").status_code == 403
    html = html_of(client_for(make_user("mod", moderator=True)).get("/community/reviews/"))
    assert '<a href="/about/">/about/</a>' in html
    assert "Is there a trial near Leeds?" in html and "trial leeds" in html


def test_ask_page_prefills_the_search_and_stores_the_question(client: Client) -> None:
    html = html_of(client.get("/community/ask/?q=cannabis oil for cramps"))
    assert "We could not find an answer to “<bdi>cannabis oil for cramps</bdi>”" in html
    assert ">\ncannabis oil for cramps</textarea>" in html
    response = client.post(
        "/community/ask/",
        {
            "text": "Does cannabis oil help with cramps?",
            "search_query": "cannabis oil for cramps",
            "form_token": aged_token(),
            "leave_this_empty": "",
        },
        follow=True,
    )
    assert "Your question has been sent to our content team" in html_of(response)
    question = Question.objects.get()
    assert question.search_query == "cannabis oil for cramps" and question.text.startswith("Does cannabis")


def test_ask_page_refuses_empty_and_automated_questions(client: Client) -> None:
    empty = client.post("/community/ask/", {"text": "", "form_token": aged_token()})
    assert (
        empty.status_code == 400
        and '<a href="#id_text">Your question: Enter your question</a>' in html_of(empty)
    )
    bot = client.post(
        "/community/ask/",
        {"text": "buy pills", "form_token": aged_token(), "leave_this_empty": "x"},
        follow=True,
    )
    assert "Your question has been sent" in html_of(bot)
    assert Question.objects.count() == 0


def test_ask_page_rate_limit_keeps_the_question(client: Client) -> None:
    for n in range(5):
        client.post("/community/ask/", {"text": f"Question {n}", "form_token": aged_token()})
    limited = client.post("/community/ask/", {"text": "My sixth question", "form_token": aged_token()})
    assert limited.status_code == 429
    assert "You can try again in about" in html_of(limited) and "My sixth question" in html_of(limited)
