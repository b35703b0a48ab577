"""Trial pages through Django's test client: list and filters, checklist, eligibility with access
control and audit, next options, the care-plan summary and the import command."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from alsnav_web.patients import services
from alsnav_web.patients.models import AuditEvent
from alsnav_web.trials.models import Study
from alsnav_web.trials.selectors import trial_windows
from tests.web.patients.conftest import client_for, make_user
from tests.web.trials.conftest import CTGOV

pytestmark = pytest.mark.django_db


def test_the_list_shows_status_phase_countries_and_the_import_banner(client: Client, studies: None) -> None:
    page = client.get("/trials/").content.decode()
    assert "10 of 10 trials" in page
    assert "HEALEY ALS Platform Trial" in page
    assert "Phase 2" in page and "Recruiting" in page
    assert "<dt>Sites</dt><dd>1</dd>" in page  # the 30-month study lists one site
    assert "Check with the study team" in page
    assert "It is not a live listing" in page


def test_filters_for_country_and_recruiting_work_without_javascript(client: Client, studies: None) -> None:
    page = client.get("/trials/", {"country": "Netherlands"}).content.decode()
    assert "2 of 10 trials" in page and "ALS natural history registry" in page
    page = client.get("/trials/", {"recruiting": "1"}).content.decode()
    assert "HEALEY ALS Platform Trial" in page
    assert "Edaravone (MCI-186)" not in page  # completed
    page = client.get("/trials/", {"country": "Atlantis"}).content.decode()
    assert "10 of 10 trials" in page  # an unknown country is ignored


def test_a_trial_page_lists_the_criteria_as_a_checklist(client: Client, studies: None) -> None:
    page = client.get("/trials/NCT04297683/").content.decode()
    assert "Who can take part" in page and "Who cannot take part" in page
    assert "What we check: vital capacity" not in page
    assert "What we check: SVC is at least 50% predicted." in page
    assert "Not checked automatically: ask the study team." in page
    assert "Sign in</a> to compare your own record" in page
    assert "from als-trials-sample.json" in page  # where the listing came from is always shown
    assert client.get("/trials/NCT00000000/").status_code == 404


@pytest.fixture
def people(db: None) -> dict[str, Any]:
    owner = make_user("pat")
    record = services.record_create(owner=owner)
    source = (Path(__file__).resolve().parents[2] / "fixtures" / "records" / "limb-onset.json").read_bytes()
    services.record_import(record=record, actor=owner, source=source)
    clinician = make_user("dr")
    services.access_grant(record=record, actor=owner, grantee=clinician, role="clinician")
    caregiver = make_user("carer")
    services.access_grant(record=record, actor=owner, grantee=caregiver, role="caregiver")
    return {
        "owner": owner,
        "record": record,
        "clinician": clinician,
        "caregiver": caregiver,
        "stranger": make_user("x"),
    }


def test_owner_checks_eligibility_and_the_read_is_audited(studies: None, people: dict[str, Any]) -> None:
    record = people["record"]
    before = AuditEvent.objects.filter(record=record).count()
    response = client_for(people["owner"]).get(f"/trials/NCT04297683/eligibility/?record={record.public_id}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Could you join HEALEY ALS Platform Trial" in page
    assert "Not known yet" in page and "OK for you" in page
    assert "the window to join closes on 29 February 2028" in page
    assert "no SVC on record" in page
    assert AuditEvent.objects.filter(record=record).count() == before + 1


def test_without_a_record_parameter_the_owner_sees_their_own(studies: None, people: dict[str, Any]) -> None:
    response = client_for(people["owner"]).get("/trials/NCT04297683/eligibility/")
    assert response.status_code == 200


def test_a_clinician_may_check_and_others_get_404(studies: None, people: dict[str, Any]) -> None:
    url = f"/trials/NCT04297683/eligibility/?record={people['record'].public_id}"
    page = client_for(people["clinician"]).get(url).content.decode()
    assert "Could <bdi>pat</bdi> join" in page
    assert client_for(people["stranger"]).get(url).status_code == 404
    assert (
        client_for(people["stranger"]).get(f"/trials/record/{people['record'].public_id}/").status_code == 404
    )
    assert client_for(people["caregiver"]).get(url).status_code == 200  # caregivers may view (VIEW)
    assert Client().get(url).status_code == 302  # sign in first


def test_someone_ruled_out_sees_the_next_options(studies: None, people: dict[str, Any]) -> None:
    record = people["record"]
    page = client_for(people["owner"]).get(f"/trials/NCT02623699/eligibility/?record={record.public_id}")
    text = page.content.decode()
    assert "You cannot join" in text
    assert "Other options" in text
    assert "Observational studies" in text and "ALS natural history registry" in text
    assert "Expanded access programmes" in text and "Expanded access to an investigational ALS drug" in text
    assert "Other trials you may be able to join" in text
    assert "A recruiting study within 30 months of onset" in text
    assert "Coenzyme Q10 in ALS (QALS)" not in text  # completed: not offered as an option
    assert "What would help us tell" not in text  # no questions for a study already ruled out


def test_the_record_page_ranks_every_trial_and_asks_questions(studies: None, people: dict[str, Any]) -> None:
    record = people["record"]
    text = client_for(people["owner"]).get(f"/trials/record/{record.public_id}/").content.decode()
    assert "Questions that would settle the most rules" in text
    assert "What was your latest SVC" in text
    assert text.index("You might be able to join: more to check") < text.index("Ruled out by the study")
    assert 'aria-current="page">Clinical trials</a>' in text  # the record navigation
    assert "Not taking people now (for reference)" in text


def test_trial_windows_summary_for_the_care_plan(studies: None, people: dict[str, Any]) -> None:
    windows = trial_windows(people["record"])
    assert windows.count == 2  # HEALEY and the 30-month study are recruiting and not ruled out
    assert str(windows.first_closes) == "2027-08-31"  # onset 2025-03-01 + 30 × 30.4375 days
    assert windows.text == "2 trials you may be able to join; the first window closes on 31 August 2027"


def test_import_command_is_idempotent_and_refuses_a_malformed_file(db: None, tmp_path: Path) -> None:
    out = StringIO()
    call_command("import_trials", str(CTGOV), stdout=out)
    assert out.getvalue().startswith("created 7, updated 0, unchanged 7")
    first = {s.nct_id: s.imported_at for s in Study.objects.all()}
    out = StringIO()
    call_command("import_trials", str(CTGOV), stdout=out)
    assert out.getvalue().startswith("created 0, updated 0, unchanged 14")
    assert {s.nct_id: s.imported_at for s in Study.objects.all()} == first
    bad = json.loads((CTGOV / "als-trials-sample.json").read_text(encoding="utf-8"))
    bad["studies"][3]["protocolSection"]["identificationModule"]["nctId"] = "NCT123"
    for study in bad["studies"]:
        study["protocolSection"]["identificationModule"]["nctId"] = study["protocolSection"][
            "identificationModule"
        ]["nctId"].replace("NCT0", "NCT8")
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_trials", str(tmp_path / "bad.json"), stdout=StringIO(), stderr=err)
    assert caught.value.returncode == 2
    assert "bad.json: studies[3].protocolSection.identificationModule.nctId" in err.getvalue()
    assert Study.objects.count() == 7  # nothing from the bad file


def test_the_public_navigation_links_to_the_finder(client: Client, db: None) -> None:
    assert 'href="/trials/"' in client.get("/").content.decode()


def test_pages_with_health_data_are_never_cached(studies: None, people: dict[str, Any]) -> None:
    owner = client_for(people["owner"])
    record = people["record"]
    for url in (
        f"/trials/NCT04297683/eligibility/?record={record.public_id}",
        f"/trials/record/{record.public_id}/",
    ):
        cache_control = owner.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


def test_match_command_screens_against_the_database(studies: None) -> None:
    out = StringIO()
    record = Path(__file__).resolve().parents[2] / "fixtures" / "records" / "limb-onset.json"
    call_command("match_trials", str(record), "--as-of", "2026-06-01", "--json", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["id"] == "example-limb-onset" and len(doc["trials"]) == 10
    assert {"nct_id", "verdict", "score", "criteria", "window_closes"} <= set(doc["trials"][0])


def test_a_window_already_past_reads_closed(studies: None, people: dict[str, Any]) -> None:
    record = people["record"]
    url = f"/trials/NCT03548311/eligibility/?record={record.public_id}"  # within 12 months of onset
    text = client_for(people["owner"]).get(url).content.decode()
    assert "the window to join closed on 1 March 2026" in text


def test_the_care_plan_says_how_many_trials_and_when_the_first_window_closes(
    studies: None, people: dict[str, Any]
) -> None:
    record = people["record"]
    page = client_for(people["owner"]).get(f"/patients/{record.public_id}/care-plan/").content.decode()
    assert "2 trials you may be able to join; the first window closes on 31 August 2027" in page
    assert f"/trials/record/{record.public_id}/" in page


def test_the_care_plan_says_when_no_trial_listing_was_imported(people: dict[str, Any]) -> None:
    record = people["record"]
    page = client_for(people["owner"]).get(f"/patients/{record.public_id}/care-plan/").content.decode()
    assert "No trial listing has been imported on this site yet" in page
