"""A record's display name, date of birth and clinic number: on the profile form, the summary, the
record header and the clinic's list of records; never the account's user name when a name is set."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from alsnav_web.patients import services
from alsnav_web.patients.models import PatientRecord

pytestmark = pytest.mark.django_db


def test_the_profile_form_asks_for_the_name_and_clinic_number(
    owner_client: Client, record: PatientRecord
) -> None:
    page = owner_client.get(f"/patients/{record.public_id}/profile/").content.decode()
    assert "Name to show on the record" in page and "Clinic or hospital number" in page
    assert "Date of birth" in page


def test_the_name_and_clinic_number_show_where_clinics_look(
    owner: Any, record: PatientRecord, clinician_client: Client
) -> None:
    services.profile_update(
        record=record,
        actor=owner,
        changes={},
        names={"display_name": "Pat Jones", "clinic_number": "MRN 40213"},
    )
    summary = clinician_client.get(f"/patients/{record.public_id}/summary/").content.decode()
    assert "ALS summary: <bdi>Pat Jones</bdi>" in summary and "<bdi>MRN 40213</bdi>" in summary
    assert "Born" in summary  # the fixture has a date of birth
    header = clinician_client.get(f"/patients/{record.public_id}/progress/").content.decode()
    assert "<bdi>Pat Jones</bdi>'s record" in header
    listing = clinician_client.get("/patients/").content.decode()
    assert "<bdi>Pat Jones</bdi>" in listing and "Clinic number <bdi>MRN 40213</bdi>" in listing
    assert ">pat<" not in listing


def test_the_profile_form_saves_the_names_without_touching_the_record_format(
    owner_client: Client, record: PatientRecord
) -> None:
    page = owner_client.get(f"/patients/{record.public_id}/profile/")
    form = page.context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data.update({"display_name": "Pat Jones", "clinic_number": "A-1"})
    assert owner_client.post(f"/patients/{record.public_id}/profile/", data).status_code == 302
    record.refresh_from_db()
    assert record.display_name == "Pat Jones" and record.clinic_number == "A-1"
    exported = owner_client.get(f"/patients/{record.public_id}/data/record.json").json()
    assert "display_name" not in exported and "clinic_number" not in exported
