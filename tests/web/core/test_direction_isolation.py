"""Text people typed cannot flip the direction of the page around it.

A name such as "Sam\\u202Egnp.exe" (U+202E, RIGHT-TO-LEFT OVERRIDE) would show as "Samexe.png"
and reverse the rest of its line. Every place a page shows user-typed text (names, user names,
comments, report details, questions, a record's name, clinic number and medicines) isolates it:
inside <bdi>, inside an element with dir="auto", or (in the page title) between U+2068 and U+2069.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from alsnav_web.community.models import Comment, CommentStatus, Question, Report
from alsnav_web.patients import services
from tests.web.community.helpers import client_for, make_user
from tests.web.trials.conftest import studies, today

__all__ = ["studies", "today"]

pytestmark = pytest.mark.django_db

RLO = "\u202e"
SPOOF = f"Sam{RLO}gnp.exe"
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_ISOLATED_RUN = re.compile("\u2068[^\u2069]*\u2069")


class IsolationCheck(HTMLParser):
    """Collects every piece of page text with U+202E that is not isolated from its surroundings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.seen = 0
        self.leaks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if RLO not in data:
            return
        self.seen += data.count(RLO)
        if any(tag == "bdi" or attrs.get("dir") == "auto" for tag, attrs in self.stack):
            return
        if RLO in _ISOLATED_RUN.sub("", data):
            self.leaks.append(" > ".join(tag for tag, _ in self.stack) + f": {data.strip()!r}")


def assert_isolated(client: Client, path: str, *, at_least: int = 1) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    check = IsolationCheck()
    check.feed(response.content.decode())
    assert check.seen >= at_least, f"{path}: the typed text is not on the page"
    assert check.leaks == [], path


def test_names_and_comments_on_community_pages_are_isolated() -> None:
    author = make_user("alex")
    top = Comment.objects.create(
        treatment_id="riluzole",
        guest_name=SPOOF,
        body=f"My file {RLO}gnp.exe is here.",
        status=CommentStatus.PUBLISHED,
    )
    Comment.objects.create(
        treatment_id="riluzole",
        parent=top,
        author=author,
        body=f"Reply {RLO}txt.exe",
        status=CommentStatus.PUBLISHED,
    )
    waiting = Comment.objects.create(
        treatment_id="riluzole",
        guest_name=SPOOF,
        body="Waiting for a moderator.",
        status=CommentStatus.PENDING,
    )
    Report.objects.create(comment=top, reason="spam", details=f"It says {RLO}gnp.exe")
    Question.objects.create(text=f"What is {RLO}gnp.exe?", search_query=f"{RLO}gnp.exe")
    reader = Client()
    assert_isolated(reader, "/treatments/riluzole/", at_least=4)
    assert_isolated(reader, f"/community/comments/{top.pk}/reply/", at_least=2)
    assert_isolated(reader, f"/community/comments/{top.pk}/report/", at_least=2)
    moderator = client_for(make_user("mod", moderator=True))
    assert_isolated(moderator, "/community/moderation/", at_least=4)
    assert_isolated(moderator, f"/community/moderation/{waiting.pk}/", at_least=1)
    assert_isolated(moderator, "/community/reviews/", at_least=2)


@pytest.fixture
def shared_record(limb_onset_json: bytes) -> dict[str, Any]:
    owner = make_user("pat")
    owner.first_name = SPOOF
    owner.save()
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=limb_onset_json)
    services.profile_update(
        record=record, actor=owner, changes={}, names={"display_name": SPOOF, "clinic_number": f"A{RLO}1"}
    )
    services.medication_add(
        record=record, actor=owner, name=f"Riluzole {RLO}gnp", start_date=None, stop_date=None
    )
    carer = make_user("carer")
    carer.first_name = f"Kim{RLO}fdp.exe"
    carer.save()
    services.access_grant(record=record, actor=owner, grantee=carer, role="caregiver")
    clinician = make_user("doctor")
    services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    return {"owner": owner, "record": record, "carer": carer, "clinician": clinician}


@pytest.fixture
def limb_onset_json() -> bytes:
    from tests.web.patients.conftest import FIXTURES

    return (FIXTURES / "limb-onset.json").read_bytes()


def test_names_on_record_pages_are_isolated(shared_record: dict[str, Any]) -> None:
    record = shared_record["record"]
    base = f"/patients/{record.public_id}"
    carer = client_for(shared_record["carer"])
    assert_isolated(carer, "/patients/")  # the record's name
    for page in ("/", "/progress/", "/summary/", "/profile/", "/care-plan/", "/entries/"):
        assert_isolated(carer, base + page)
    owner = client_for(shared_record["owner"])
    assert_isolated(owner, f"{base}/sharing/", at_least=2)  # the caregiver's name
    carer.get(f"{base}/")  # the caregiver's visit goes to the activity log
    assert_isolated(owner, f"{base}/activity/")
    clinician = client_for(shared_record["clinician"])
    assert_isolated(clinician, "/patients/", at_least=2)  # the record's name and clinic number
    assert_isolated(clinician, "/clinic/")


def test_the_invitation_page_isolates_the_inviting_persons_name(shared_record: dict[str, Any]) -> None:
    invitation = services.invitation_create(
        record=shared_record["record"],
        actor=shared_record["owner"],
        email="friend@example.org",
        role="caregiver",
        permissions=None,
        accept_url=lambda token: f"/patients/invitations/{token}/",
    )
    assert_isolated(client_for(make_user("friend")), f"/patients/invitations/{invitation.token}/")


def test_the_trial_eligibility_page_isolates_the_persons_name(
    studies: None, shared_record: dict[str, Any]
) -> None:
    record = shared_record["record"]
    clinician = client_for(shared_record["clinician"])
    assert_isolated(clinician, f"/trials/NCT04297683/eligibility/?record={record.public_id}", at_least=2)
    assert_isolated(clinician, f"/trials/record/{record.public_id}/")


def test_the_isolation_check_catches_a_bare_name() -> None:
    check = IsolationCheck()
    check.feed(f"<p>Posted by <strong>{SPOOF}</strong></p><p><bdi>{SPOOF}</bdi></p>")
    assert check.seen == 2 and len(check.leaks) == 1


def test_what_a_person_searched_for_is_isolated_where_it_is_echoed() -> None:
    from urllib.parse import quote

    query = quote(f"drool{RLO}gnp")
    assert_isolated(Client(), f"/search/?q={query}", at_least=0)  # search also drops control characters
    assert_isolated(Client(), f"/community/ask/?q={query}")
    assert_isolated(Client(), f"/urgent/?country=X{RLO}")
    missing = Client().get(f"/treatments/no{quote(RLO)}such/")
    assert missing.status_code == 404
    check = IsolationCheck()
    check.feed(missing.content.decode())
    assert check.seen >= 1 and check.leaks == []
