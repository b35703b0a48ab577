"""Fixtures of the patient-record tests: accounts with each role, and a record loaded from a fixture."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "records"


def make_user(username: str) -> Any:
    return get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="a-long-test-password"
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def limb_onset_json() -> bytes:
    return (FIXTURES / "limb-onset.json").read_bytes()


@pytest.fixture
def owner(db: None) -> Any:
    return make_user("pat")


@pytest.fixture
def record(owner: Any, limb_onset_json: bytes) -> Any:
    from alsnav_web.patients import services

    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=limb_onset_json)
    return record


@pytest.fixture
def owner_client(owner: Any) -> Client:
    return client_for(owner)


@pytest.fixture
def stranger(db: None) -> Any:
    return make_user("stranger")


@pytest.fixture
def stranger_client(stranger: Any) -> Client:
    return client_for(stranger)


@pytest.fixture
def caregiver(db: None) -> Any:
    return make_user("carer")


@pytest.fixture
def clinician(db: None) -> Any:
    return make_user("doctor")


@pytest.fixture
def caregiver_client(record: Any, owner: Any, caregiver: Any) -> Client:
    from alsnav_web.patients import services

    services.access_grant(record=record, actor=owner, grantee=caregiver, role="caregiver")
    return client_for(caregiver)


@pytest.fixture
def clinician_client(record: Any, owner: Any, clinician: Any) -> Client:
    from alsnav_web.patients import services

    services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    return client_for(clinician)
