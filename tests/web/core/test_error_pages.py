"""403, 404 and 500 use the site's layout, say what happened in plain words and offer a way on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from tests.web.core.test_references import broken_references
from tests.web.patients.conftest import client_for, make_user

pytestmark = pytest.mark.django_db

WAYS_ON = ('href="/"', 'href="/search/"', 'href="/patients/"')


def _in_layout(html: str) -> None:
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<main id="main"' in html and 'class="skip-link"' in html
    for link in WAYS_ON:
        assert link in html
    assert broken_references(html) == []


def test_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    _in_layout(html)
    assert "We could not find that page" in html


def test_403_page(record: Any, owner: Any) -> None:
    from alsnav_web.patients import services

    carer = make_user("carer")
    services.access_grant(record=record, actor=owner, grantee=carer, role="caregiver")
    response = client_for(carer).get(f"/patients/{record.public_id}/sharing/")
    assert response.status_code == 403
    html = response.content.decode()
    _in_layout(html)
    assert "You cannot do this here" in html and "Nothing was changed" in html


def test_500_page_renders_in_the_layout_without_a_request_context(settings: Any) -> None:
    settings.DEBUG = False
    response = server_error(RequestFactory().get("/patients/"))  # Django's handler500
    assert response.status_code == 500
    html = response.content.decode()
    _in_layout(html)
    assert "Something went wrong on our side" in html
