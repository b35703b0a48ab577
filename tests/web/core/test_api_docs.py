"""/api/docs is served from the project's own static files under the normal CSP."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_api_viewer_loads_only_same_origin_scripts_under_the_site_csp(client: Client) -> None:
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    styles = re.findall(r"<link[^>]*\bhref=\"([^\"]+)\"", html)
    assert scripts and all(src.startswith("/static/") for src in scripts), scripts
    assert all(href.startswith("/static/") for href in styles), styles
    assert "cdn" not in html.lower() and "https://" not in html
    # No inline script: only the JSON settings block, which is data.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert all('type="application/json"' in attrs for attrs in inline)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    assert '"url": "/api/openapi.json"' in html


def test_the_openapi_description_is_served(client: Client) -> None:
    assert client.get("/api/openapi.json").json()["info"]["title"] == "ALS Navigator API"
