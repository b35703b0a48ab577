"""Who may open what: every page and API route of a record, for every kind of visitor.

Anyone without access gets 404 (the record's existence is not revealed), a caregiver or clinician
asking for more than their role allows gets 403 (what each role may do is read from the one table,
``selectors.ROLE_PERMISSIONS``, never copied here), and a visitor who is not signed in is sent to sign
in (pages) or gets 401 (API). Nothing is read or changed by a refused request.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from alsnav_web.patients import services
from alsnav_web.patients.models import AccessGrant, Assessment, AuditEvent, Measurement, PatientRecord, Role
from alsnav_web.patients.selectors import DEFAULT_GRANT, GRANTABLE, ROLE_PERMISSIONS, Permission
from tests.web.patients.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

# (method, path under /patients/<id>/, the permission the route needs, or a tuple: any one of them).
# {assessment} and {measurement} stand for entries of the record that its owner entered.
Need = Permission | tuple[Permission, ...]
ROUTES: list[tuple[str, str, Need]] = [
    ("get", "", (Permission.VIEW, Permission.ENTER)),  # the overview; without VIEW: one's own entries
    ("get", "progress/", Permission.VIEW),
    ("get", "summary/", Permission.VIEW),
    ("get", "entries/", Permission.VIEW),
    ("get", "profile/", Permission.VIEW),
    ("post", "profile/", Permission.EDIT),
    ("post", "profile/medication/add/", Permission.EDIT),
    ("post", "profile/symptom/1/remove/", Permission.EDIT),
    ("get", "alsfrs-r/new/", Permission.ENTER),
    ("post", "alsfrs-r/new/", Permission.ENTER),
    ("get", "alsfrs-r/step/", Permission.ENTER),
    ("post", "alsfrs-r/step/", Permission.ENTER),
    ("get", "alsfrs-r/{assessment}/edit/", Permission.EDIT),
    ("post", "alsfrs-r/{assessment}/edit/", Permission.EDIT),
    ("post", "alsfrs-r/{assessment}/delete/", Permission.DELETE),
    ("get", "measurements/new/", Permission.ENTER),
    ("post", "measurements/new/", Permission.ENTER),
    ("post", "measurements/{measurement}/delete/", Permission.DELETE),
    ("get", "data/", Permission.VIEW),
    ("get", "data/record.json", Permission.VIEW),
    ("get", "data/fhir.json", Permission.VIEW),
    ("get", "sharing/", Permission.MANAGE_SHARING),
    ("post", "sharing/", Permission.MANAGE_SHARING),
    ("get", "sharing/1/", Permission.MANAGE_SHARING),
    ("post", "sharing/1/", Permission.MANAGE_SHARING),
    ("post", "sharing/1/revoke/", Permission.MANAGE_SHARING),
    ("post", "sharing/invitations/1/cancel/", Permission.MANAGE_SHARING),
    ("get", "activity/", Permission.MANAGE_SHARING),
    ("post", "settings/", Permission.MANAGE_RECORD),
    ("get", "data/all.json", Permission.MANAGE_RECORD),
    ("post", "data/import/", Permission.MANAGE_RECORD),
    ("get", "delete/", Permission.MANAGE_RECORD),
    ("post", "delete/", Permission.MANAGE_RECORD),
]

API_ROUTES: list[tuple[str, str, Need]] = [
    ("get", "", Permission.VIEW),
    ("get", "/assess", Permission.VIEW),
    ("post", "/assessments", Permission.ENTER),
]

def allowed(need: Need, given: frozenset[Permission] | set[Permission]) -> bool:
    """Whether ``given`` permissions open a route that needs ``need``."""
    return any(p in given for p in need) if isinstance(need, tuple) else need in given


ROUTE_IDS = [f"{m.upper()} {p or '/'}" for m, p, _ in ROUTES]


def test_every_patient_route_is_in_the_table() -> None:
    """A new page under /patients/<id>/ must be added to ROUTES, so its access is tested."""
    from django.urls import get_resolver

    patterns = {
        str(p.pattern).removeprefix("<uuid:public_id>/")
        for app in get_resolver().url_patterns
        if str(app.pattern) == "patients/"
        for p in getattr(app, "url_patterns", [])
        if "<uuid:public_id>" in str(p.pattern)
    }
    tested = {
        path.format(assessment="<int:assessment_id>", measurement="<int:measurement_id>")
        for _, path, _ in ROUTES
    }
    tested = {
        t.replace("medication/add/", "<str:kind>/add/")
        .replace("symptom/1/remove/", "<str:kind>/<int:entry_id>/remove/")
        .replace("sharing/1/revoke/", "sharing/<int:grant_id>/revoke/")
        .replace("sharing/invitations/1/cancel/", "sharing/invitations/<int:invitation_id>/cancel/")
        .replace("sharing/1/", "sharing/<int:grant_id>/")
        for t in tested
    }
    assert patterns <= tested, f"untested routes: {sorted(patterns - tested)}"


def _url(record: PatientRecord, path: str) -> str:
    assessment = Assessment.objects.filter(record=record).order_by("id").values_list("id", flat=True).first()
    measurement = (
        Measurement.objects.filter(record=record).order_by("id").values_list("id", flat=True).first()
    )
    return f"/patients/{record.public_id}/" + path.format(assessment=assessment, measurement=measurement)


def _call(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    return client.post(url, {"confirm": "on", "who": "nobody", "role": "clinician", "action": "start"})


def _snapshot(record: PatientRecord) -> tuple[int, int, int, int, str]:
    return (
        Assessment.objects.filter(record=record).count(),
        Measurement.objects.filter(record=record).count(),
        AccessGrant.objects.filter(record=record).count(),
        PatientRecord.objects.filter(pk=record.pk).count(),
        str(PatientRecord.objects.filter(pk=record.pk).values_list("onset_date", "sex", "country").first()),
    )


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_another_account_gets_404_on_every_page_and_nothing_happens(
    stranger_client: Client, record: PatientRecord, method: str, path: str, need: Need
) -> None:
    before, audit_before = _snapshot(record), AuditEvent.objects.filter(record=record).count()
    response = _call(stranger_client, method, _url(record, path))
    assert response.status_code == 404
    assert _snapshot(record) == before
    assert AuditEvent.objects.filter(record=record).count() == audit_before
    assert b"Pat" not in response.content and b"riluzole" not in response.content


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(
    client: Client, record: PatientRecord, method: str, path: str, need: Need
) -> None:
    response = _call(client, method, _url(record, path))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("role", [Role.CAREGIVER.value, Role.CLINICIAN.value])
@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_each_role_gets_exactly_what_the_permission_table_gives(
    request: pytest.FixtureRequest, record: PatientRecord, role: str, method: str, path: str, need: Need
) -> None:
    """Walks the table itself: a new grant gives DEFAULT_GRANT (within ROLE_PERMISSIONS); allowed
    routes answer, the others are 403 and change nothing."""
    assert DEFAULT_GRANT[role] <= ROLE_PERMISSIONS[role]
    client: Client = request.getfixturevalue(f"{role}_client")
    before = _snapshot(record)
    response = _call(client, method, _url(record, path))
    if allowed(need, DEFAULT_GRANT[role]):
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403
        assert _snapshot(record) == before


#: Choices an owner can make per person (each a subset of GRANTABLE).
CHOICES = [("view",), ("enter",), ("edit",), ("view", "enter", "edit")]


@pytest.mark.parametrize("chosen", CHOICES, ids="+".join)
@pytest.mark.parametrize("role", [Role.CAREGIVER.value, Role.CLINICIAN.value])
@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_each_person_gets_exactly_what_the_owner_chose_within_the_table(
    record: PatientRecord,
    owner: Any,
    role: str,
    chosen: tuple[str, ...],
    method: str,
    path: str,
    need: Need,
) -> None:
    """The owner's choice per person, walked over every route: what was chosen (and the table
    allows for the role) answers; everything else is 403 and changes nothing."""
    person = make_user("helper")
    services.access_grant(record=record, actor=owner, grantee=person, role=role, permissions=list(chosen))
    given = {Permission(p) for p in chosen} & ROLE_PERMISSIONS[role]
    before = _snapshot(record)
    response = _call(client_for(person), method, _url(record, path))
    if allowed(need, given):
        assert response.status_code in (200, 302, 400)
    else:
        assert response.status_code == 403
        assert _snapshot(record) == before


@pytest.mark.parametrize("role", [Role.CAREGIVER.value, Role.CLINICIAN.value])
def test_an_owner_cannot_give_more_than_the_table_allows(
    record: PatientRecord, owner: Any, role: str
) -> None:
    from alsnav.errors import InputError

    person = make_user("helper")
    beyond = [p.value for p in Permission if p not in ROLE_PERMISSIONS[role]]
    assert beyond  # sharing, deleting others' entries and managing the record stay the owner's
    for extra in beyond:
        with pytest.raises(InputError):
            services.access_grant(record=record, actor=owner, grantee=person, role=role, permissions=[extra])
    with pytest.raises(InputError):
        services.access_grant(record=record, actor=owner, grantee=person, role=role, permissions=[])
    assert not AccessGrant.objects.filter(grantee=person).exists()
    assert set(GRANTABLE) <= ROLE_PERMISSIONS[role]


@pytest.mark.parametrize(("method", "path", "need"), ROUTES, ids=ROUTE_IDS)
def test_the_owner_may_do_everything(
    owner_client: Client, record: PatientRecord, method: str, path: str, need: Need
) -> None:
    assert allowed(need, ROLE_PERMISSIONS[Role.OWNER.value])
    assert _call(owner_client, method, _url(record, path)).status_code in (200, 302, 400)


@pytest.mark.parametrize("role", [Role.CAREGIVER.value, Role.CLINICIAN.value])
def test_whoever_entered_an_entry_may_delete_it_but_not_other_peoples(
    request: pytest.FixtureRequest, record: PatientRecord, role: str
) -> None:
    client: Client = request.getfixturevalue(f"{role}_client")
    response = client.post(
        f"/patients/{record.public_id}/measurements/new/", {"date": "2026-01-05", "weight_kg": "61"}
    )
    assert response.status_code == 302
    mine = Measurement.objects.filter(record=record, date="2026-01-05").get()
    theirs = Measurement.objects.filter(record=record).exclude(pk=mine.pk).first()
    assert theirs is not None
    entries = client.get(f"/patients/{record.public_id}/entries/").content.decode()
    assert f"/measurements/{mine.pk}/delete/" in entries
    assert f"/measurements/{theirs.pk}/delete/" not in entries
    assert client.post(f"/patients/{record.public_id}/measurements/{theirs.pk}/delete/").status_code == 403
    assert Measurement.objects.filter(pk=theirs.pk).exists()
    assert client.post(f"/patients/{record.public_id}/measurements/{mine.pk}/delete/").status_code == 302
    assert not Measurement.objects.filter(pk=mine.pk).exists()


def test_a_caregiver_can_read_the_profile_but_sees_no_edit_forms(
    caregiver_client: Client, record: PatientRecord
) -> None:
    page = caregiver_client.get(f"/patients/{record.public_id}/profile/").content.decode()
    assert "riluzole" in page
    assert "Save profile" not in page and "Add medicine" not in page
    assert "Only the person whose record it is, or someone they allow, can change it" in page


def test_a_record_id_that_does_not_exist_is_404(owner_client: Client, record: PatientRecord) -> None:
    assert owner_client.get("/patients/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_revoked_caregiver_loses_access_at_once(
    caregiver_client: Client, record: PatientRecord, owner: Any
) -> None:
    url = f"/patients/{record.public_id}/alsfrs-r/new/"
    assert caregiver_client.get(url).status_code == 200
    grant = AccessGrant.objects.get(record=record, revoked_at__isnull=True)
    assert services.access_revoke(record=record, actor=owner, grant_id=grant.pk)
    for method, path, _ in ROUTES:
        assert _call(caregiver_client, method, _url(record, path)).status_code == 404
    assert caregiver_client.get("/api/patients/records").json() == []


# --- API ---------------------------------------------------------------------------------------

ASSESSMENT = {
    "date": "2026-01-20",
    "alsfrs_r": {
        "1": 4,
        "2": 4,
        "3": 4,
        "4": 2,
        "5a": 3,
        "6": 3,
        "7": 3,
        "8": 3,
        "9": 3,
        "10": 4,
        "11": 4,
        "12": 4,
    },
}


def _api(client: Client, method: str, url: str) -> Any:
    if method == "get":
        return client.get(url)
    return client.post(url, ASSESSMENT, content_type="application/json")


@pytest.mark.parametrize(("method", "path", "need"), API_ROUTES)
def test_api_refuses_another_account_with_404(
    stranger_client: Client, record: PatientRecord, method: str, path: str, need: Need
) -> None:
    response = _api(stranger_client, method, f"/api/patients/records/{record.public_id}{path}")
    assert response.status_code == 404
    assert Assessment.objects.filter(record=record).count() == 2
    assert stranger_client.get("/api/patients/records").json() == []


@pytest.mark.parametrize(("method", "path", "need"), API_ROUTES)
def test_api_needs_a_signed_in_session(
    client: Client, record: PatientRecord, method: str, path: str, need: Need
) -> None:
    assert _api(client, method, f"/api/patients/records/{record.public_id}{path}").status_code == 401
    assert client.get("/api/patients/records").status_code == 401


@pytest.mark.parametrize("role", [Role.CAREGIVER.value, Role.CLINICIAN.value])
@pytest.mark.parametrize(("method", "path", "need"), API_ROUTES)
def test_api_each_role_gets_what_the_permission_table_gives(
    request: pytest.FixtureRequest, record: PatientRecord, role: str, method: str, path: str, need: Need
) -> None:
    client: Client = request.getfixturevalue(f"{role}_client")
    response = _api(client, method, f"/api/patients/records/{record.public_id}{path}")
    if allowed(need, DEFAULT_GRANT[role]):
        assert response.status_code in (200, 201)
    else:
        assert response.status_code == 403
        assert "riluzole" not in response.content.decode()


def test_api_revoked_caregiver_cannot_post(
    caregiver_client: Client, record: PatientRecord, owner: Any
) -> None:
    grant = AccessGrant.objects.get(record=record, revoked_at__isnull=True)
    services.access_revoke(record=record, actor=owner, grant_id=grant.pk)
    response = _api(caregiver_client, "post", f"/api/patients/records/{record.public_id}/assessments")
    assert response.status_code == 404
    assert Assessment.objects.filter(record=record).count() == 2
