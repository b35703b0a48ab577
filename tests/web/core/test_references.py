"""Every id an element points at (aria-describedby, aria-labelledby, label for, skip links) exists
on the page: over every page with a form, signed out and as owner, caregiver and clinician, both
as first shown and after an empty (invalid) submission that brings every error message up."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests.web.patients.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, id)
        self.forms = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "form":
            self.forms += 1
        for attribute in ("aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage"):
            for ref in values.get(attribute, "").split():
                self.refs.append((tag, attribute, ref))
        if tag == "label" and values.get("for"):
            self.refs.append((tag, "for", values["for"]))
        if tag == "a" and values.get("href", "").startswith("#") and len(values["href"]) > 1:
            self.refs.append((tag, "href", values["href"][1:]))


def broken_references(html: str) -> list[str]:
    """Every reference to an id that is not on the page, and every id given twice."""
    parser = _Refs()
    parser.feed(html)
    ids = set(parser.ids)
    missing = [f"<{tag} {attribute}> -> #{ref}" for tag, attribute, ref in parser.refs if ref not in ids]
    twice = sorted({i for i in parser.ids if parser.ids.count(i) > 1})
    return missing + [f"id {i} is used twice" for i in twice]


def check(client: Client, path: str, post: dict[str, Any] | None = None) -> None:
    response = client.get(path)
    assert response.status_code in (200, 400), (path, response.status_code)
    assert broken_references(response.content.decode()) == [], path
    if post is not None:
        response = client.post(path, post)
        if response.status_code in (200, 400):
            assert broken_references(response.content.decode()) == [], f"POST {path}"


PUBLIC_FORMS = [
    "/",
    "/accounts/sign-in/",
    "/accounts/sign-up/",
    "/accounts/password-reset/",
    "/treatments/riluzole/",
    "/community/ask/",
    "/search/?q=drooling",
    "/symptoms/",
    "/treatments/",
]


@pytest.mark.parametrize("path", PUBLIC_FORMS)
def test_every_reference_resolves_on_public_pages_signed_out(client: Client, path: str) -> None:
    check(client, path, post={} if path.startswith("/accounts/") or path.startswith("/community/") else None)


@pytest.mark.parametrize("path", ["/treatments/riluzole/", "/community/ask/", "/"])
def test_every_reference_resolves_on_public_pages_signed_in(owner: Any, path: str) -> None:
    check(client_for(owner), path, post={} if path.startswith("/community/") else None)


def test_the_comment_form_with_errors(client: Client) -> None:
    response = client.post("/community/treatments/riluzole/comments/", {"body": ""})
    if response.status_code in (200, 400):
        assert broken_references(response.content.decode()) == []


RECORD_PAGES = [
    ("", None),
    ("progress/", None),
    ("summary/", None),
    ("entries/", None),
    ("profile/", {"birth_date": "not a date", "height_cm": "-3"}),
    ("alsfrs-r/new/", {}),
    ("alsfrs-r/step/", {"action": "start"}),
    ("measurements/new/", {"weight": "2"}),
    ("sharing/", {}),
    ("activity/", None),
    ("data/", None),
    ("delete/", {}),
]


@pytest.mark.parametrize(("path", "post"), RECORD_PAGES)
@pytest.mark.parametrize("who", ["owner", "caregiver", "clinician"])
def test_every_reference_resolves_on_record_pages(
    record: Any, owner: Any, who: str, path: str, post: dict[str, Any] | None
) -> None:
    from alsnav_web.patients import services
    from alsnav_web.patients.selectors import ROLE_PERMISSIONS, Permission

    if who == "owner":
        client = client_for(owner)
    else:
        person = make_user(who)
        services.access_grant(record=record, actor=owner, grantee=person, role=who)
        client = client_for(person)
    url = f"/patients/{record.public_id}/{path}"
    response = client.get(url)
    if response.status_code == 403:
        assert who != "owner"
        return
    assert response.status_code == 200, url
    assert broken_references(response.content.decode()) == [], url
    if post is not None and (who == "owner" or Permission.ENTER in ROLE_PERMISSIONS[who]):
        response = client.post(url, post)
        if response.status_code in (200, 400):
            assert broken_references(response.content.decode()) == [], f"POST {url}"


def test_the_step_by_step_question_and_review_pages(record: Any, owner: Any) -> None:
    client = client_for(owner)
    url = f"/patients/{record.public_id}/alsfrs-r/step/"
    client.post(url, {"action": "start", "date": "2026-02-01", "answered_by": "self", "gastrostomy": "no"})
    for response in (client.get(url), client.post(url, {"action": "next"})):
        assert broken_references(response.content.decode()) == []
        assert (
            re.search(r'aria-describedby="[^"]*_error', response.content.decode())
            or response.status_code == 200
        )


def test_the_records_index(owner: Any) -> None:
    response = client_for(owner).get("/patients/")
    assert broken_references(response.content.decode()) == []


def test_the_new_record_pages(record: Any, owner: Any) -> None:
    """Changing an ALSFRS-R, changing what someone may do, and accepting an invitation."""
    from alsnav_web.patients import services
    from alsnav_web.patients.models import Assessment

    helper = make_user("helper")
    grant = services.access_grant(record=record, actor=owner, grantee=helper, role="caregiver")
    invitation = services.invitation_create(
        record=record,
        actor=owner,
        email="friend@example.org",
        role="clinician",
        permissions=["view"],
        accept_url=lambda token: f"/patients/invitations/{token}/",
    )
    assessment = Assessment.objects.filter(record=record).first()
    assert assessment is not None
    client = client_for(owner)
    base = f"/patients/{record.public_id}/"
    check(client, f"{base}sharing/{grant.pk}/", post={"permissions": []})
    check(client, f"{base}alsfrs-r/{assessment.pk}/edit/", post={"date": ""})
    check(client_for(make_user("friend")), f"/patients/invitations/{invitation.token}/")
