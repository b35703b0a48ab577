"""The patient pages as a person uses them: entering data, seeing progress, sharing, import/export."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class

from alsnav.record import parse_record
from alsnav.scales.alsfrs import ITEM_BY_KEY
from alsnav_web.patients import services
from alsnav_web.patients.models import (
    AccessGrant,
    Assessment,
    AssessmentDraft,
    AuditAction,
    AuditEvent,
    Intervention,
    Measurement,
    PatientRecord,
)
from tests.web.patients.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

ITEMS_5A = ["1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12"]


def _answers(score: int = 3, item5: str = "5a") -> dict[str, str]:
    keys = [k if k != "5a" else item5 for k in ITEMS_5A]
    return {f"item_{k}": str(score) for k in keys}


def _url(record: PatientRecord, path: str = "") -> str:
    return f"/patients/{record.public_id}/{path}"


def _actions(record: PatientRecord) -> list[str]:
    return list(AuditEvent.objects.filter(record=record).order_by("id").values_list("action", flat=True))


# --- Starting a record ------------------------------------------------------------------------


def test_a_person_starts_their_record_from_the_records_page(owner_client: Client, owner: Any) -> None:
    page = owner_client.get("/patients/")
    assert b"Start my record" in page.content
    response = owner_client.post("/patients/start/")
    record = PatientRecord.objects.get(owner=owner)
    assert response["Location"] == _url(record)
    assert _actions(record) == [AuditAction.CREATE_RECORD]
    # Starting again does not make a second record.
    owner_client.post("/patients/start/")
    assert PatientRecord.objects.filter(owner=owner).count() == 1


def test_clinicians_see_the_people_who_gave_them_access(
    clinician_client: Client, caregiver_client: Client, record: PatientRecord
) -> None:
    page = clinician_client.get("/patients/").content.decode()
    assert "People who gave you clinician access" in page
    assert _url(record) in page and "pat" in page
    carer_page = caregiver_client.get("/patients/").content.decode()
    assert "People you care for" in carer_page and _url(record) in carer_page


# --- ALSFRS-R on one page --------------------------------------------------------------------


def test_the_form_shows_the_full_wording_of_every_answer(owner_client: Client, record: PatientRecord) -> None:
    page = owner_client.get(_url(record, "alsfrs-r/new/")).content.decode()
    for key in ITEMS_5A:
        for wording in ITEM_BY_KEY[key].answers:
            assert wording.replace("'", "&#x27;") in page
    assert ITEM_BY_KEY["5b"].answers[2] not in page
    assert page.count('class="choice"') >= 12 * 5


def test_item_5b_is_asked_when_the_profile_has_a_gastrostomy(
    owner_client: Client, record: PatientRecord
) -> None:
    Intervention.objects.create(record=record, type="gastrostomy", start_date="2025-12-01")
    page = owner_client.get(_url(record, "alsfrs-r/new/")).content.decode()
    assert ITEM_BY_KEY["5b"].answers[2] in page  # "Some help needed with closures and fasteners"
    assert 'name="item_5b"' in page and 'name="item_5a"' not in page
    # A button switches version without JavaScript, keeping the answers given so far.
    assert 'name="action" value="switch-item5"' in page
    switched = owner_client.post(
        _url(record, "alsfrs-r/new/"), {"action": "switch-item5", "item5": "5b", "item_1": "2"}
    ).content.decode()
    assert 'name="item_5a"' in switched and 'name="item_5b"' not in switched
    assert 'name="item_1" value="2"' in switched and "checked" in switched


def test_saving_an_alsfrs_r_records_who_answered_and_shows_it_on_the_progress_page(
    owner_client: Client, record: PatientRecord
) -> None:
    data = {"date": "2026-02-01", "answered_by": "caregiver", **_answers(3), "item5": "5a"}
    response = owner_client.post(_url(record, "alsfrs-r/new/"), data)
    assert response.status_code == 302 and response["Location"] == _url(record, "progress/")
    stored = Assessment.objects.get(record=record, date="2026-02-01")
    assert stored.answered_by == "caregiver" and stored.item_5a == 3 and stored.item_5b is None
    assert sum(stored.scores().values()) == 36
    progress = owner_client.get(_url(record, "progress/")).content.decode()
    assert "<strong>36</strong> out of 48" in progress
    assert "Caregiver" in progress


def test_a_missing_answer_is_named_and_nothing_is_stored(owner_client: Client, record: PatientRecord) -> None:
    data = {"date": "2026-02-01", "answered_by": "self", **_answers(3)}
    del data["item_7"]
    response = owner_client.post(_url(record, "alsfrs-r/new/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose an answer for question 7 (Turning in bed and adjusting bed clothes)." in page
    assert 'href="#id_item_7_0"' in page  # the error summary links to the question
    assert Assessment.objects.filter(record=record).count() == 2


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("2025-01-01", "is before the first symptoms"),
        ("2026-01-12", "there is already an ALSFRS-R on 12 Jan 2026"),
        ("2999-01-01", "is in the future"),
        ("12/01/2026", "Enter a real date"),
    ],
)
def test_a_bad_date_is_refused_beside_the_date_field(
    owner_client: Client, record: PatientRecord, date: str, message: str
) -> None:
    response = owner_client.post(
        _url(record, "alsfrs-r/new/"), {"date": date, "answered_by": "self", **_answers(3)}
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert Assessment.objects.filter(record=record).count() == 2


# --- ALSFRS-R one question at a time ----------------------------------------------------------


def test_one_question_per_screen_keeps_progress_on_the_server(
    owner_client: Client, record: PatientRecord
) -> None:
    url = _url(record, "alsfrs-r/step/")
    start = owner_client.get(url).content.decode()
    assert "Do you have a feeding tube (gastrostomy)?" in start
    owner_client.post(
        url, {"action": "start", "date": "2026-02-02", "answered_by": "self", "gastrostomy": "yes"}
    )

    first = owner_client.get(url).content.decode()
    assert "Question 1 of 12" in first and "Normal speech processes" in first
    owner_client.post(url, {"action": "next", "answer": "4"})
    owner_client.post(url, {"action": "stop", "answer": "3"})  # stop after question 2
    draft = AssessmentDraft.objects.get(record=record)
    assert draft.answers == {"1": 4, "2": 3} and draft.step == 2

    # Coming back (e.g. from another device: a fresh session) carries on at question 3.
    again = client_for(record.owner)
    assert "Question 3 of 12" in again.get(url).content.decode()
    assert "You have an ALSFRS-R in progress" in again.get(_url(record)).content.decode()
    for _ in range(10):
        again.post(url, {"action": "next", "answer": "2"})
    review = again.get(url).content.decode()
    assert "Check your answers" in review
    assert "Unable to perform any aspect of task" not in review  # 5b asked; answer 2 shown
    assert ITEM_BY_KEY["5b"].answers[2] in review
    assert "<strong>27</strong> out of 48" in review  # 4 + 3 + 10 x 2

    response = again.post(url, {"action": "save"})
    assert response.status_code == 302
    stored = Assessment.objects.get(record=record, date="2026-02-02")
    assert stored.item_5b == 2 and stored.item_5a is None and stored.item_1 == 4
    assert not AssessmentDraft.objects.filter(record=record).exists()


def test_a_step_without_an_answer_says_so(owner_client: Client, record: PatientRecord) -> None:
    url = _url(record, "alsfrs-r/step/")
    owner_client.post(
        url, {"action": "start", "date": "2026-02-02", "answered_by": "self", "gastrostomy": "no"}
    )
    response = owner_client.post(url, {"action": "next"})
    assert response.status_code == 400
    assert "Choose an answer for question 1 (Speech)." in response.content.decode()


def test_going_back_and_changing_an_answer(owner_client: Client, record: PatientRecord) -> None:
    url = _url(record, "alsfrs-r/step/")
    owner_client.post(
        url, {"action": "start", "date": "2026-02-02", "answered_by": "self", "gastrostomy": "no"}
    )
    owner_client.post(url, {"action": "next", "answer": "4"})
    owner_client.post(url, {"action": "back", "answer": "1"})  # answer 2, then go back to 1
    page = owner_client.get(url).content.decode()
    assert "Question 1 of 12" in page
    assert re.search(r'value="4"[^>]*checked', page)  # the earlier answer is kept
    assert AssessmentDraft.objects.get(record=record).answers == {"1": 4, "2": 1}


def test_the_step_start_refuses_a_date_that_already_has_an_alsfrs_r(
    owner_client: Client, record: PatientRecord
) -> None:
    response = owner_client.post(
        _url(record, "alsfrs-r/step/"),
        {"action": "start", "date": "2026-01-12", "answered_by": "self", "gastrostomy": "no"},
    )
    assert response.status_code == 400
    assert "already an ALSFRS-R on 12 Jan 2026" in response.content.decode()
    assert not AssessmentDraft.objects.exists()


# --- Measurements ----------------------------------------------------------------------------


def test_measurements_are_stored_with_their_units(owner_client: Client, record: PatientRecord) -> None:
    response = owner_client.post(
        _url(record, "measurements/new/"),
        {"date": "2026-02-01", "fvc_percent": "78", "fvc_percent_position": "supine", "weight_kg": "61.2"},
    )
    assert response.status_code == 302
    fvc = Measurement.objects.get(record=record, date="2026-02-01", type="fvc_percent")
    assert fvc.value == 78 and fvc.position == "supine"
    progress = owner_client.get(_url(record, "progress/")).content.decode()
    assert "78 % predicted" in progress and "61.2 kg" in progress and "Lying down" in progress


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("weight_kg", "6.2", "Enter 20 kg or more. Check the unit."),
        ("fvc_percent", "0.8", "Enter 5 % predicted or more. Check the unit."),
        ("pcf_l_min", "4000", "Enter 1000 L/min or less. Check the unit."),
        ("weight_kg", "sixty", "Enter a number in kg"),
    ],
)
def test_out_of_range_values_are_refused_and_nothing_is_stored(
    owner_client: Client, record: PatientRecord, field: str, value: str, message: str
) -> None:
    before = Measurement.objects.count()
    response = owner_client.post(
        _url(record, "measurements/new/"), {"date": "2026-02-01", "svc_percent": "80", field: value}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in page
    assert Measurement.objects.count() == before  # not even the valid SVC


def test_an_empty_measurement_form_asks_for_a_value(owner_client: Client, record: PatientRecord) -> None:
    response = owner_client.post(_url(record, "measurements/new/"), {"date": "2026-02-01"})
    assert response.status_code == 400
    assert "Enter at least one measurement." in response.content.decode()


# --- Progress --------------------------------------------------------------------------------


def test_progress_shows_chart_table_rates_and_stages(owner_client: Client, record: PatientRecord) -> None:
    page = owner_client.get(_url(record, "progress/")).content.decode()
    assert page.count('role="img"') >= 2
    assert '<desc id="total-chart-desc">' in page and "The total went from 45 to 41" in page
    assert '<caption id="table-caption">' in page
    assert "King's stage" in page and "Two body regions are affected: the arms and the legs." in page
    assert "MiToS stage" in page and "Stage 0." in page
    assert "ΔFRS" in page and "0.67 points per month" in page
    assert "-1.02 points per month, over 2 ALSFRS-R" in page


def test_data_quality_warnings_are_shown(owner_client: Client, record: PatientRecord, owner: Any) -> None:
    scores = dict.fromkeys(["1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12"], 4)
    services.assessment_add(
        record=record,
        actor=owner,
        when=parse_date("2026-01-30"),
        scores=scores,
        answered_by="self",
        today=parse_date("2026-02-01"),
    )
    page = owner_client.get(_url(record, "progress/")).content.decode()
    assert "Please check this entry" in page
    assert "rose from 2 on 12 Jan 2026 to 4 on 30 Jan 2026" in page


def parse_date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_encals_is_shown_only_to_clinicians_of_people_who_opted_in(
    owner_client: Client, clinician_client: Client, record: PatientRecord, owner: Any
) -> None:
    url = _url(record, "progress/")
    assert "ENCALS survival estimate (for clinicians)" not in owner_client.get(url).content.decode()
    hidden = clinician_client.get(url).content.decode()
    assert "has not asked for the ENCALS survival estimate" in hidden and "Linear predictor" not in hidden

    response = owner_client.post(_url(record, "settings/"), {"prognosis_opt_in": "on"})
    assert response.status_code == 302
    shown = clinician_client.get(url).content.decode()
    assert "ENCALS survival estimate (for clinicians)" in shown
    assert "What it means" in shown and "Its limits" in shown
    # The limb-onset example uses Gold Coast criteria and no C9orf72 result: the model says what it lacks.
    assert "the revised El Escorial category" in shown
    # The owner still does not see the number on their own page (only the choice, folded away).
    own = owner_client.get(url).content.decode()
    assert "ENCALS survival estimate (for clinicians)" not in own and "Linear predictor" not in own
    assert "A survival estimate for your clinicians (your choice)" in own
    assert _actions(record).count(AuditAction.CHANGE_SETTINGS) == 1


def test_encals_number_for_a_complete_record(
    clinician_client: Client, record: PatientRecord, owner: Any
) -> None:
    services.profile_update(
        record=record,
        actor=owner,
        changes={"diagnosis.criteria": "el_escorial_revised", "diagnosis.category": "definite"},
        genetics={"C9orf72": "negative"},
    )
    services.settings_update(record=record, actor=owner, prognosis_opt_in=True)
    page = clinician_client.get(_url(record, "progress/")).content.decode()
    assert "months from the first symptoms (median)" in page
    api = clinician_client.get(f"/api/patients/records/{record.public_id}/assess").json()
    assert api["encals"]["median_survival_months"] > 0 and api["encals"]["missing"] == []


def test_caregiver_entry_goes_to_the_progress_page_they_may_now_read(
    caregiver_client: Client, record: PatientRecord
) -> None:
    data = {"date": "2026-02-01", "answered_by": "caregiver", **_answers(2)}
    response = caregiver_client.post(_url(record, "alsfrs-r/new/"), data)
    assert response.status_code == 302 and response["Location"] == _url(record, "progress/")
    progress = caregiver_client.get(_url(record, "progress/")).content.decode()
    assert "out of 48" in progress
    assert "Caregiver" in progress


def test_an_entry_made_by_mistake_is_deleted_from_the_entries_page(
    owner_client: Client, record: PatientRecord
) -> None:
    page = owner_client.get(_url(record, "entries/")).content.decode()
    assert "12 Jan 2026: total 41" in page and "FVC 84 % predicted" in page
    latest = Assessment.objects.get(record=record, date="2026-01-12")
    fvc = Measurement.objects.filter(record=record, type="fvc_percent").first()
    assert fvc is not None
    response = owner_client.post(_url(record, f"alsfrs-r/{latest.pk}/delete/"))
    assert response["Location"] == _url(record, "entries/")
    owner_client.post(_url(record, f"measurements/{fvc.pk}/delete/"))
    assert not Assessment.objects.filter(pk=latest.pk).exists()
    assert not Measurement.objects.filter(pk=fvc.pk).exists()
    actions = _actions(record)
    assert AuditAction.DELETE_ASSESSMENT in actions and AuditAction.DELETE_MEASUREMENT in actions


# --- Profile ---------------------------------------------------------------------------------


def test_an_onset_date_after_the_entries_is_one_problem_in_plain_words(
    owner_client: Client, record: PatientRecord
) -> None:
    response = owner_client.post(_url(record, "profile/"), {"onset_date": "2030-01-01"})
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count("dated before this date") == 2  # once in the summary, once at the field
    assert "assessments[" not in html and "onset_date 20" not in html
    assert "the earliest on 15 Sep 2025" in html


def test_profile_saves_and_refuses_inconsistent_dates(owner_client: Client, record: PatientRecord) -> None:
    page = owner_client.get(_url(record, "profile/")).content.decode()
    assert 'value="2025-03-01"' in page  # onset date from the record
    response = owner_client.post(
        _url(record, "profile/"),
        {
            "onset_date": "2025-03-01",
            "diagnosis_date": "2025-01-01",
            "country": "gb",
            "gene_SOD1": "negative",
        },
    )
    assert response.status_code == 400
    assert "1 Jan 2025 is before the date of the first symptoms 1 Mar 2025" in response.content.decode()
    record.refresh_from_db()
    assert record.diagnosis_date.isoformat() == "2025-09-15"

    response = owner_client.post(
        _url(record, "profile/"),
        {"onset_date": "2025-03-01", "diagnosis_date": "2025-09-20", "country": "gb", "gene_FUS": "negative"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.country == "GB" and record.diagnosis_date.isoformat() == "2025-09-20"
    assert record.genetics == {"FUS": "negative"}  # SOD1/C9orf72 set to "not given" in the form
    assert record.sex == ""


def test_profile_lists_add_and_remove(owner_client: Client, record: PatientRecord) -> None:
    owner_client.post(
        _url(record, "profile/symptom/add/"), {"symptom-code": "cramps", "symptom-since": "2025-05-01"}
    )
    owner_client.post(
        _url(record, "profile/intervention/add/"),
        {"intervention-type": "niv", "intervention-start_date": "2026-01-01"},
    )
    bad = owner_client.post(
        _url(record, "profile/medication/add/"),
        {
            "medication-name": "baclofen",
            "medication-start_date": "2026-01-10",
            "medication-stop_date": "2026-01-01",
        },
    )
    assert bad.status_code == 400 and "is before start_date" in bad.content.decode()
    page = owner_client.get(_url(record, "profile/")).content.decode()
    assert "Breathing support by mask" in page
    # NIV from 2026-01-01 makes the latest ALSFRS-R King's stage 4B.
    progress = owner_client.get(_url(record, "progress/")).content.decode()
    assert "Breathing support (such as BiPAP) is used or needed (4B)." in progress
    niv = Intervention.objects.get(record=record, type="niv")
    owner_client.post(_url(record, f"profile/intervention/{niv.pk}/remove/"))
    assert not Intervention.objects.filter(record=record, type="niv").exists()


# --- Sharing and the audit log ----------------------------------------------------------------


def _invite(owner_client: Client, record: PatientRecord, email: str, **extra: Any) -> Any:
    data = {"email": email, "role": "clinician", "permissions": ["view", "enter"], **extra}
    return owner_client.post(_url(record, "sharing/"), data, follow=True)


def test_an_invitation_says_the_same_whether_or_not_the_address_has_an_account(
    owner_client: Client, record: PatientRecord, mailoutbox: list[Any]
) -> None:
    make_user("nurse")  # nurse@example.org has an account; nobody@example.org has none
    known = _invite(owner_client, record, "NURSE@example.org").content.decode()
    unknown = _invite(owner_client, record, "nobody@example.org").content.decode()

    def strip(html: str) -> str:
        for address in ("NURSE@example.org", "nurse@example.org", "nobody@example.org"):
            html = html.replace(address, "X")
        return html

    assert (
        strip(known).count("Invitation sent to X") == 1 and strip(unknown).count("Invitation sent to X") == 1
    )
    assert "No account" not in known + unknown
    assert not AccessGrant.objects.filter(record=record).exists()  # pending until accepted
    assert [m.to for m in mailoutbox] == [["nurse@example.org"], ["nobody@example.org"]]
    assert "/patients/invitations/" in mailoutbox[0].body


def test_owner_invites_the_invited_person_accepts_then_access_is_changed_and_removed(
    owner_client: Client, record: PatientRecord, mailoutbox: list[Any]
) -> None:
    nurse = make_user("nurse")
    _invite(owner_client, record, "nurse@example.org")
    link = re.search(r"/patients/invitations/[^/\s]+/", mailoutbox[0].body)
    assert link is not None
    nurse_client = client_for(nurse)
    assert nurse_client.get(_url(record, "progress/")).status_code == 404  # not before accepting
    page = nurse_client.get(link.group(0)).content.decode()
    assert "Accept the invitation" in page and "as their clinician" in page
    assert nurse_client.post(link.group(0)).status_code == 302
    assert nurse_client.get(_url(record, "progress/")).status_code == 200
    assert "cannot be used" in nurse_client.get(link.group(0)).content.decode()  # used once
    grant = AccessGrant.objects.get(record=record, grantee=nurse, revoked_at__isnull=True)

    # The owner lets the nurse only view: entering is then refused.
    owner_client.post(_url(record, f"sharing/{grant.pk}/"), {"permissions": ["view"]})
    assert nurse_client.get(_url(record, "alsfrs-r/new/")).status_code == 403
    assert nurse_client.get(_url(record, "progress/")).status_code == 200
    # Nothing beyond the table: a clinician cannot be given sharing.
    refused = owner_client.post(_url(record, f"sharing/{grant.pk}/"), {"permissions": ["manage_sharing"]})
    assert refused.status_code == 400
    owner_client.post(_url(record, f"sharing/{grant.pk}/revoke/"))
    assert nurse_client.get(_url(record, "progress/")).status_code == 404


def test_an_invitation_can_be_cancelled(
    owner_client: Client, record: PatientRecord, mailoutbox: list[Any]
) -> None:
    from alsnav_web.patients.models import Invitation

    _invite(owner_client, record, "friend@example.org", role="caregiver")
    invitation = Invitation.objects.get(record=record)
    owner_client.post(_url(record, f"sharing/invitations/{invitation.pk}/cancel/"))
    friend = client_for(make_user("friend"))
    assert "cannot be used" in friend.get(f"/patients/invitations/{invitation.token}/").content.decode()
    assert friend.post(f"/patients/invitations/{invitation.token}/").status_code == 200
    assert not AccessGrant.objects.filter(record=record).exists()


def test_an_invitation_link_stops_working_after_its_days_and_says_so(
    owner_client: Client, record: PatientRecord, mailoutbox: list[Any]
) -> None:
    import datetime as dt

    from django.utils import timezone

    from alsnav_web.patients.models import INVITATION_VALID_DAYS, Invitation

    _invite(owner_client, record, "late@example.org", role="caregiver")
    assert f"The link works for {INVITATION_VALID_DAYS} days" in mailoutbox[0].body
    invitation = Invitation.objects.get(record=record)
    late = client_for(make_user("late"))
    link = f"/patients/invitations/{invitation.token}/"

    def sent_ago(delta: dt.timedelta) -> None:
        Invitation.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - delta)

    sent_ago(dt.timedelta(days=INVITATION_VALID_DAYS) - dt.timedelta(minutes=5))
    assert "Accept the invitation" in late.get(link).content.decode()
    sent_ago(dt.timedelta(days=INVITATION_VALID_DAYS, minutes=1))
    gone = late.get(link).content.decode()
    assert "cannot be used" in gone and "expired" in gone
    assert late.post(link).status_code == 200
    sharing = owner_client.get(_url(record, "sharing/")).content.decode()
    assert "Expired" in sharing and "late@example.org" in sharing
    assert not AccessGrant.objects.filter(record=record).exists()


def test_audit_log_has_a_row_for_every_read_and_write(
    owner_client: Client, clinician_client: Client, record: PatientRecord
) -> None:
    AuditEvent.objects.all().delete()
    clinician_client.get(_url(record, "progress/"))
    clinician_client.post(_url(record, "measurements/new/"), {"date": "2026-02-01", "weight_kg": "60"})
    clinician_client.get(_url(record, "data/fhir.json"))
    clinician_client.get(f"/api/patients/records/{record.public_id}")
    page = owner_client.get(_url(record, "activity/")).content.decode()
    assert _actions(record) == [
        AuditAction.VIEW_PROGRESS,
        AuditAction.ADD_MEASUREMENT,
        AuditAction.EXPORT_FHIR,
        AuditAction.VIEW_API,
        AuditAction.VIEW_AUDIT,
    ]
    assert page.count("doctor") == 4
    for label in (
        "Viewed the progress page",
        "Added measurements",
        "Exported the record (FHIR)",
        "Viewed this log",
    ):
        assert label in page
    # The log holds who, when, what and which record; ``detail`` only what a change replaced.
    event = AuditEvent.objects.filter(record=record).first()
    assert event is not None
    fields = {f.name for f in AuditEvent._meta.get_fields()}
    assert fields == {"id", "record", "actor", "action", "at", "detail"}
    assert not AuditEvent.objects.filter(record=record).exclude(detail={}).exists()


# --- Import, export, download and delete -------------------------------------------------------


def test_import_refuses_a_bad_record_with_json_paths_and_stores_nothing(
    owner_client: Client, record: PatientRecord, limb_onset_json: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = json.loads(limb_onset_json)
    data["assessments"][1]["alsfrs_r"]["5b"] = 2
    data["assessments"][0]["alsfrs_r"]["3"] = 7
    data["symptoms"].append({"code": "sneezing"})
    data["sex"] = "female"
    before = json.dumps(services.record_json(record=record), sort_keys=True)
    upload = SimpleUploadedFile("bad.json", json.dumps(data).encode(), content_type="application/json")
    response = owner_client.post(_url(record, "data/import/"), {"file": upload, "replace": "on"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "assessments[1].alsfrs_r.5a: both 5a and 5b given" in page
    assert "assessments[0].alsfrs_r.3: must be an integer from 0 to 4, got 7" in page
    assert "symptoms[2].code: unknown symptom code" in page
    assert "Nothing was changed" in page
    assert json.dumps(services.record_json(record=record), sort_keys=True) == before
    assert _actions(record) == [AuditAction.CREATE_RECORD, AuditAction.IMPORT]  # the fixture's own


def test_import_of_broken_json_names_the_line(owner_client: Client, record: PatientRecord) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bad.json", b'{"sex": "female",\n "onset_date": }')
    response = owner_client.post(_url(record, "data/import/"), {"file": upload, "replace": "on"})
    assert response.status_code == 400
    assert "record: invalid JSON at line 2" in response.content.decode()
    assert Assessment.objects.filter(record=record).count() == 2


def test_import_needs_confirmation(
    owner_client: Client, record: PatientRecord, limb_onset_json: bytes
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("good.json", limb_onset_json)
    response = owner_client.post(_url(record, "data/import/"), {"file": upload})
    assert response.status_code == 400
    assert "Tick the box to confirm" in response.content.decode()


def test_export_round_trips_and_fhir_validates(
    owner_client: Client, record: PatientRecord, limb_onset_json: bytes
) -> None:
    exported = owner_client.get(_url(record, "data/record.json"))
    assert exported["Content-Disposition"].startswith("attachment;")
    document = json.loads(exported.content)
    original = parse_record(limb_onset_json)
    again = parse_record(document)
    assert again.assessments == original.assessments
    assert sorted(again.measurements, key=repr) == sorted(original.measurements, key=repr)
    assert again.model_dump(exclude={"measurements"}) == original.model_dump(exclude={"measurements"})
    assert json.loads(limb_onset_json)["assessments"][0]["alsfrs_r"] == document["assessments"][0]["alsfrs_r"]

    fhir = owner_client.get(_url(record, "data/fhir.json"))
    assert fhir["Content-Type"].startswith("application/fhir+json")
    bundle = json.loads(fhir.content)
    get_fhir_model_class("Bundle").model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == 2 and kinds.count("Patient") == 1


def test_download_my_data_holds_record_sharing_and_activity(
    owner_client: Client, clinician_client: Client, record: PatientRecord
) -> None:
    clinician_client.get(_url(record, "progress/"))
    document = json.loads(owner_client.get(_url(record, "data/all.json")).content)
    assert document["record"]["id"] == "example-limb-onset"
    assert document["sharing"][0]["with"] == "doctor" and document["sharing"][0]["role"] == "clinician"
    assert {"at", "who", "action"} == set(document["activity_log"][0])
    assert any(e["who"] == "doctor" and e["action"] == "view_progress" for e in document["activity_log"])


def test_delete_my_data_needs_confirmation_then_deletes_everything(
    owner_client: Client, clinician_client: Client, record: PatientRecord
) -> None:
    page = owner_client.get(_url(record, "delete/")).content.decode()
    assert "This cannot be undone" in page
    refused = owner_client.post(_url(record, "delete/"), {})
    assert refused.status_code == 400 and PatientRecord.objects.filter(pk=record.pk).exists()
    response = owner_client.post(_url(record, "delete/"), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/patients/"
    assert not PatientRecord.objects.filter(pk=record.pk).exists()
    for model in (Assessment, Measurement, AccessGrant, AuditEvent):
        assert not model.objects.filter(record_id=record.pk).exists()
    assert clinician_client.get(_url(record, "progress/")).status_code == 404


def test_printable_summary_fits_the_essentials(owner_client: Client, record: PatientRecord) -> None:
    page = owner_client.get(_url(record, "summary/")).content.decode()
    assert "ALS summary: <bdi>pat</bdi>" in page
    assert "<strong>41/48</strong>" in page and "King's stage" in page
    assert "FVC: <strong>84 % predicted</strong>" in page
    assert "riluzole" in page and "Muscle cramps" in page
    assert 'href="/static/css/print.css" media="print"' in page


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (lambda d: d.update(id="\ud800"), "id: contains a broken character"),
        (lambda d: d.update(id="a\u0000b"), "id: contains a control character"),
        (
            lambda d: d["assessments"][0].update(date="2999-01-01"),
            "assessments[0].date: must be a date between",
        ),
        (
            lambda d: d["measurements"][0].update(date="2100-01-01"),
            "measurements[0].date: 2100-01-01 is in the future",
        ),
        (
            lambda d: d["measurements"][0].update(value=1e308),
            "measurements[0].value: fvc_percent must be between",
        ),
    ],
    ids=["surrogate", "nul", "year-2999", "future", "huge-value"],
)
def test_import_refuses_what_the_forms_refuse_without_an_error_page(
    owner_client: Client, record: PatientRecord, limb_onset_json: bytes, change: Any, shown: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = json.loads(limb_onset_json)
    change(data)
    before = json.dumps(services.record_json(record=record), sort_keys=True)
    body = json.dumps(data, ensure_ascii=True).encode()
    upload = SimpleUploadedFile("bad.json", body, content_type="application/json")
    response = owner_client.post(_url(record, "data/import/"), {"file": upload, "replace": "on"})
    assert response.status_code == 400
    assert shown in response.content.decode()
    assert json.dumps(services.record_json(record=record), sort_keys=True) == before


def test_import_of_a_5000_digit_number_is_refused_by_path(
    owner_client: Client, record: PatientRecord
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = b'{"id": "x", "height_cm": ' + b"9" * 5000 + b"}"
    upload = SimpleUploadedFile("bad.json", body, content_type="application/json")
    response = owner_client.post(_url(record, "data/import/"), {"file": upload, "replace": "on"})
    assert response.status_code == 400
    assert "height_cm:" in response.content.decode() and "too long" in response.content.decode()
