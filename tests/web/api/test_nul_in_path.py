"""A NUL character in an address (``%00``) is "not found", never a server error.

Found by probing the API's string path parameters on PostgreSQL, which refuses a NUL in a query
with an error (SQLite simply finds no row): ``/api/community/treatments/a%00b/comments`` and the
pages ``/community/treatments/<id>/comments/``, ``/trials/<id>/``, ``/patients/invitations/<token>/``
answered 500 there.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

API = [
    "/api/treatments/a%00b",
    "/api/community/treatments/a%00b/comments",
    "/api/community/treatments/a%00b/experiences",
]
PAGES = [
    "/treatments/a%00b/",
    "/community/treatments/a%00b/comments/",
    "/community/treatments/a%00b/experience/",
    "/trials/a%00b/",
    "/trials/a%00b/eligibility/",
    "/patients/invitations/a%00b/",
]


@pytest.mark.parametrize("url", API)
def test_api_paths_with_nul_are_json_404(url: str) -> None:
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("url", PAGES)
def test_pages_with_nul_are_the_404_page(url: str, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="pat", password="a-long-test-password")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    for response in (client.get(url), client.post(url, {"body": "hello"})):
        assert response.status_code == 404
        assert "We could not find that page" in response.content.decode()
