"""A database that cannot be reached answers 503 with a plain message, never a traceback or a bare
500: the site's layout for pages, the API's error shape for /api/, and ``Retry-After`` on both."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path

from alsnav_web.core.middleware import RETRY_AFTER_SECONDS, UNAVAILABLE_DETAIL
from config.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def _down(request: HttpRequest) -> HttpResponse:
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def _closed(request: HttpRequest) -> HttpResponse:
    raise InterfaceError("connection already closed")


def _remember(request: HttpRequest) -> HttpResponse:
    request.session["seen"] = True  # saved by SessionMiddleware after the view has answered
    return HttpResponse("ok")


def _bug(request: HttpRequest) -> HttpResponse:
    raise IntegrityError("a bug, not an outage")


urlpatterns = [
    path("down/", _down),
    path("closed/", _closed),
    path("bug/", _bug),
    path("remember/", _remember),
    path("api/down", _down),
    *site_urls,
]
handler500 = "alsnav_web.core.middleware.server_error_or_unavailable"

ON_THIS_URLCONF = override_settings(ROOT_URLCONF=__name__)


def _page_ok(response: Any) -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html and '<main id="main"' in html
    assert UNAVAILABLE_DETAIL in html
    assert "Traceback" not in html and "OperationalError" not in html and "5432" not in html
    return html


@ON_THIS_URLCONF
@pytest.mark.parametrize("url", ["/down/", "/closed/"])
def test_a_page_answers_503_in_the_layout(url: str, caplog: pytest.LogCaptureFixture) -> None:
    _page_ok(Client().get(url))
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "5432" not in logged and "127.0.0.1" not in logged  # the class only, not the message


@ON_THIS_URLCONF
def test_the_api_answers_503_in_its_error_shape() -> None:
    response = Client().get("/api/down")
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": UNAVAILABLE_DETAIL, "problems": []}


@ON_THIS_URLCONF
def test_a_signed_in_person_gets_the_page_without_another_database_query(
    django_user_model: Any,
) -> None:
    user = django_user_model.objects.create_user(username="pat", password="a-long-test-password")
    client = Client()
    client.force_login(user)
    html = _page_ok(client.get("/down/"))
    assert "Signed in as" not in html  # rendered without the session: nothing read from the database


@ON_THIS_URLCONF
def test_a_failure_in_a_middleware_is_also_503() -> None:
    """Saving the session happens in a middleware, after the view; its failure goes through handler500."""
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=OperationalError("server closed the connection unexpectedly"),
    ):
        response = client.get("/remember/")
    _page_ok(response)


@ON_THIS_URLCONF
def test_other_database_errors_stay_500() -> None:
    response = Client(raise_request_exception=False).get("/bug/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_the_site_uses_the_middleware_and_the_handler() -> None:
    from django.conf import settings

    import config.urls

    assert "alsnav_web.core.middleware.DatabaseUnavailableMiddleware" in settings.MIDDLEWARE
    assert config.urls.handler500 == "alsnav_web.core.middleware.server_error_or_unavailable"
