"""Walk every registered URL as a visitor who is signed out, a stranger and a revoked caregiver:
none of them reaches anything of a person's record, and nothing answers with a server error.

Route parameters are filled with the real record's ids, so a route that forgot its access check
would show the record. The person's record carries marker strings that must never appear.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from alsnav_web.patients import services
from alsnav_web.patients.models import AccessGrant, Assessment, Measurement
from tests.web.patients.conftest import FIXTURES, client_for, make_user

pytestmark = pytest.mark.django_db

MARKERS = ("PRIVATE-MARKER-ID", "zzprivatemedicine")
SKIP_PREFIXES = ("admin/", "static/", "__debug__")


def _patterns(resolvers: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def _fill(pattern: str, values: dict[str, str]) -> str | None:
    if pattern.startswith("^") or "(?P" in pattern:  # regex routes (the admin, static files): skip
        return None

    def value(match: re.Match[str]) -> str:
        converter, name = match.group(1) or "str", match.group(2)
        if converter == "uuid" or name in ("record_id", "public_id"):
            return values["uuid"]
        if converter == "int":
            return values.get(name, values["int"])
        return values.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, pattern)


@pytest.fixture
def world() -> dict[str, Any]:
    owner = make_user("pat")
    record = services.record_create(owner=owner)
    source = (FIXTURES / "limb-onset.json").read_text()
    source = source.replace('"example-limb-onset"', '"PRIVATE-MARKER-ID"').replace(
        '"riluzole"', '"zzprivatemedicine"'
    )
    services.record_import(record=record, actor=owner, source=source)
    carer = make_user("carer")
    grant = services.access_grant(record=record, actor=owner, grantee=carer, role="caregiver")
    services.access_revoke(record=record, actor=owner, grant_id=grant.pk)
    assert not AccessGrant.objects.filter(revoked_at__isnull=True).exists()
    return {
        "record": record,
        "values": {
            "uuid": str(record.public_id),
            "int": str(Assessment.objects.filter(record=record).values_list("id", flat=True)[0]),
            "measurement_id": str(Measurement.objects.filter(record=record).values_list("id", flat=True)[0]),
            "grant_id": str(grant.pk),
            "kind": "medication",
            "treatment_id": "riluzole",
        },
        "visitors": {
            "signed out": Client(),
            "stranger": client_for(make_user("stranger")),
            "revoked": client_for(carer),
        },
    }


def test_no_route_shows_a_record_to_someone_without_access(world: dict[str, Any]) -> None:
    urls = sorted(
        {
            url
            for pattern in _patterns(get_resolver().url_patterns)
            if not pattern.startswith(SKIP_PREFIXES)
            if (url := _fill(pattern, world["values"])) is not None
        }
    )
    assert len(urls) > 40
    assert sum(world["values"]["uuid"] in url for url in urls) >= 25  # every patient page is walked
    leaks, errors = [], []
    for who, client in world["visitors"].items():
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                body = response.content.decode("utf-8", "replace")
                if any(marker in body for marker in MARKERS):
                    leaks.append(f"{who} {method.upper()} {url}")
                if response.status_code >= 500:
                    errors.append(f"{who} {method.upper()} {url}: {response.status_code}")
                if world["values"]["uuid"] in url and response.status_code == 200:
                    leaks.append(f"{who} {method.upper()} {url}: 200")
    assert not leaks, leaks
    assert not errors, errors
