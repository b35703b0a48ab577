"""The care-plan page, the reminders setting, the clinic list and the summary, through Django's
test client: who may see what, what a reader sees, and bad input refused with nothing stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alsnav_web.careplan.models import ClinicRow, ReminderPreference, ReminderSent
from alsnav_web.careplan.services import send_reminders
from alsnav_web.patients import services as patient_services
from alsnav_web.patients.models import AuditEvent
from alsnav_web.patients.services import NewMeasurement
from tests.web.patients.conftest import client_for, make_user

pytestmark = pytest.mark.django_db


def url(record: Any) -> str:
    return f"/patients/{record.public_id}/care-plan/"


def test_the_owner_sees_the_plan_grouped_with_sources_and_questions(
    owner_client: Client, record: Any
) -> None:
    response = owner_client.get(url(record))
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Suggested next steps",
        "Discuss at the next visit",
        "Why this is suggested, and the sources",
        "Questions to bring to the clinic",
        "Tests and check-ups",
        "What changed since the last visit",
        'aria-current="page">Care plan</a>',
    ):
        assert text in html, text
    assert AuditEvent.objects.filter(record=record, action="view_care_plan").count() == 1


def test_a_clinician_sees_the_plan(clinician_client: Client, record: Any) -> None:
    assert clinician_client.get(url(record)).status_code == 200


def test_strangers_get_not_found(stranger_client: Client, record: Any) -> None:
    assert stranger_client.get(url(record)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(record: Any) -> None:
    response = Client().get(url(record))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_entering_data_changes_the_plan(owner_client: Client, owner: Any, record: Any) -> None:
    before = owner_client.get(url(record)).content.decode()
    assert "Communication aids" not in before
    today = timezone.localdate()
    scores = {
        "1": 1,
        "2": 4,
        "3": 4,
        "4": 4,
        "5a": 4,
        "6": 4,
        "7": 4,
        "8": 4,
        "9": 4,
        "10": 4,
        "11": 4,
        "12": 4,
    }
    patient_services.assessment_add(
        record=record, actor=owner, when=today, scores=scores, answered_by="self", today=today
    )
    after = owner_client.get(url(record)).content.decode()
    assert "Communication aids" in after
    assert "<strong>New:</strong> Communication aids (high priority)" in after


def test_reminder_opt_in_is_saved_and_bad_input_stores_nothing(owner_client: Client, record: Any) -> None:
    target = f"/patients/{record.public_id}/care-plan/reminders/"
    bad = owner_client.post(target, {"enabled": "on", "alsfrs_interval_days": "3"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
    assert not ReminderPreference.objects.exists()
    good = owner_client.post(target, {"enabled": "on", "alsfrs_interval_days": "28"})
    assert good.status_code == 302
    preference = ReminderPreference.objects.get(record=record)
    assert (preference.enabled, preference.alsfrs_interval_days) == (True, 28)


def test_only_the_owner_changes_reminders(clinician_client: Client, record: Any) -> None:
    response = clinician_client.post(
        f"/patients/{record.public_id}/care-plan/reminders/", {"enabled": "on", "alsfrs_interval_days": "28"}
    )
    assert response.status_code == 403
    assert not ReminderPreference.objects.exists()


def test_a_reminder_is_sent_once_per_due_item(record: Any) -> None:
    ReminderPreference.objects.create(record=record, enabled=True, alsfrs_interval_days=28)
    today = timezone.localdate()
    assert send_reminders(today=today) == 1
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "A new ALSFRS-R questionnaire" in body and f"/patients/{record.public_id}/care-plan/" in body
    assert mail.outbox[0].to == ["pat@example.org"]
    sent = ReminderSent.objects.count()
    assert send_reminders(today=today) == 0
    call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1 and ReminderSent.objects.count() == sent


def test_no_reminders_without_opting_in(record: Any) -> None:
    ReminderPreference.objects.create(record=record, enabled=False)
    assert send_reminders(today=timezone.localdate()) == 0 and mail.outbox == []


def test_the_alsfrs_reminder_waits_for_the_chosen_interval(owner: Any, record: Any) -> None:
    today = timezone.localdate()
    scores = {k: 4 for k in ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")}
    patient_services.assessment_add(
        record=record,
        actor=owner,
        when=today - dt.timedelta(days=20),
        scores=scores,
        answered_by="self",
        today=today,
    )
    ReminderPreference.objects.create(record=record, enabled=True, alsfrs_interval_days=28)
    send_reminders(today=today)
    assert not ReminderSent.objects.filter(item="alsfrs_r_entry").exists()
    send_reminders(today=today + dt.timedelta(days=8))
    assert ReminderSent.objects.filter(item="alsfrs_r_entry").count() == 1


def test_the_clinic_list_orders_people_by_need(record: Any, owner: Any, clinician: Any) -> None:
    patient_services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    today = timezone.localdate()
    patient_services.measurements_add(
        record=record, actor=owner, when=today, values=[NewMeasurement("fvc_percent", 40.0)], today=today
    )
    calm_owner = make_user("calm")
    calm = patient_services.record_create(owner=calm_owner)
    patient_services.access_grant(record=calm, actor=calm_owner, grantee=clinician, role="clinician")
    client = client_for(clinician)
    html = client.get("/clinic/").content.decode()
    assert html.index(">pat<") < html.index(">calm<")  # pat has high-priority steps
    by_name = client.get("/clinic/?sort=name").content.decode()
    assert by_name.index(">calm<") < by_name.index(">pat<")
    assert f'href="/patients/{record.public_id}/care-plan/"' in html
    assert ClinicRow.objects.count() == 2


def test_the_clinic_list_refreshes_when_data_changes(record: Any, owner: Any, clinician: Any) -> None:
    patient_services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    client = client_for(clinician)
    client.get("/clinic/")
    before = ClinicRow.objects.get(record=record).latest_date
    today = timezone.localdate()
    scores = {k: 4 for k in ("1", "2", "3", "4", "5a", "6", "7", "8", "9", "10", "11", "12")}
    patient_services.assessment_add(
        record=record, actor=owner, when=today, scores=scores, answered_by="self", today=today
    )
    client.get("/clinic/")
    row = ClinicRow.objects.get(record=record)
    assert before != today and row.latest_date == today and row.latest_total == 48


def test_caregivers_are_not_on_the_clinic_list(record: Any, caregiver_client: Client) -> None:
    assert "Nobody has shared" in caregiver_client.get("/clinic/").content.decode()


def test_the_summary_has_the_care_plan_and_questions(owner_client: Client, record: Any) -> None:
    html = owner_client.get(f"/patients/{record.public_id}/summary/").content.decode()
    assert "Care plan on" in html and "Questions to bring to the clinic" in html


def test_unverified_markers_are_shown_as_unverified() -> None:
    from alsnav_web.careplan.templatetags.careplan_tags import unverified

    assert (
        unverified("tofersen <b> risk [M]")
        == 'tofersen &lt;b&gt; risk <span class="unverified">(unverified)</span>'
    )


def test_a_never_measured_item_is_reminded_once_not_every_day(record: Any) -> None:
    ReminderPreference.objects.create(record=record, enabled=True, alsfrs_interval_days=28)
    today = timezone.localdate()
    send_reminders(today=today)
    first = set(ReminderSent.objects.values_list("item", flat=True))
    assert "snip_or_mip" in first  # never measured in the fixture
    send_reminders(today=today + dt.timedelta(days=1))
    assert ReminderSent.objects.filter(item="snip_or_mip").count() == 1
