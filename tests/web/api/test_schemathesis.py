"""Property-based tests of the JSON API from its own OpenAPI description (schemathesis).

Every operation of ``/api/openapi.json`` gets generated requests, valid and invalid, through the
Django WSGI application in this process (so the test database and its transaction are used). The
patient routes are called signed in as the owner of a real record (session cookie and CSRF token,
as a browser would send them), and half the generated record ids are replaced by that record's id,
so the routes get past "not found" into the real code. No answer may be a server error (5xx).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.web.patients.conftest import FIXTURES, make_user

pytestmark = pytest.mark.django_db

#: Fixed, so the record made for the test can be put into the generated requests.
RECORD_ID = uuid.UUID("6a1f4e0c-51c2-4b8e-9d0e-2f1f8d3c7a10")
EXAMPLES = 50
ITEMS = ("1", "2", "3", "4", "6", "7", "8", "9", "10", "11", "12")


@pytest.fixture
def signed_in(db: None) -> dict[str, dict[str, str]]:
    """Cookies and headers of a signed-in owner of record RECORD_ID: the session, the CSRF cookie
    and the matching X-CSRFToken header."""
    from alsnav_web.patients import services
    from alsnav_web.patients.models import PatientRecord

    owner = make_user("pat")
    record = services.record_create(owner=owner)
    services.record_import(record=record, actor=owner, source=(FIXTURES / "limb-onset.json").read_bytes())
    PatientRecord.objects.filter(pk=record.pk).update(public_id=RECORD_ID)
    client = Client()
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    csrf = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
        "headers": {"X-CSRFToken": csrf},
    }


def _load_schema() -> Any:
    """The description as the running app serves it (Django is set up by pytest-django before
    collection; serving the description reads nothing from the database)."""
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


schema = _load_schema()


@pytest.fixture
def keep_test_connection() -> Iterator[None]:
    """What Django's own test client does: the WSGI app must not close the database connection
    at the start or end of a request, or on PostgreSQL the test's transaction is lost with it."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_the_api_never_answers_a_server_error(
    case: Any, signed_in: dict[str, dict[str, str]], keep_test_connection: None
) -> None:
    for name, real in (("record_id", str(RECORD_ID)), ("treatment_id", "riluzole")):
        generated = (case.path_parameters or {}).get(name)
        if generated is not None and sum(map(ord, str(generated))) % 2 == 0:
            case.path_parameters[name] = real  # half the cases reach a real record or entry
    if case.method == "POST" and isinstance(case.body, dict) and len(repr(case.body)) % 3 == 0:
        # A third of the new ALSFRS-R are made valid (random ones almost never are), so the
        # write itself runs too: a date after the record's onset, every item answered.
        day = dt.date(2025, 10, 1) + dt.timedelta(days=len(repr(case.body)) % 200)
        case.body = {"date": day.isoformat(), "alsfrs_r": {**dict.fromkeys(ITEMS, 3), "5a": 2}}
    case.call_and_validate(
        headers=signed_in["headers"], cookies=signed_in["cookies"], checks=[not_a_server_error]
    )
