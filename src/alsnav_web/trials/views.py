"""Trial finder pages: thin views over the core screener.

Anyone can read the list and a trial's criteria. Checking eligibility needs a signed-in user with
read access to the record (``record_access``: no access at all is a 404); every such check is
written to the record's audit log.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from alsnav.trials.screen import INELIGIBLE, prepared
from alsnav_web.core.pagecache import public_page
from alsnav_web.core.rendering import isolate
from alsnav_web.patients import selectors as patient_selectors
from alsnav_web.patients.models import AuditAction
from alsnav_web.patients.selectors import Permission, RecordAccess
from alsnav_web.patients.services import audit_record_event
from alsnav_web.trials import selectors
from alsnav_web.trials.models import Study

#: Reads of a record by the trial pages are logged as a look at the record's overview
#: (no dedicated audit action exists yet; see the report to the lead).
AUDIT_ACTION = AuditAction.VIEW_TRIALS

OUTCOME_WORDS = {
    "pass": ("OK for you", "outcome-pass"),
    "fail": ("Rules you out", "outcome-fail"),
    "unknown": ("Not known yet", "outcome-unknown"),
    "not_applicable": ("Sets no limit", "outcome-na"),
}
VERDICT_WORDS = {
    "eligible": "You may be able to join",
    "possibly_eligible": "You might be able to join: some things are not known yet",
    "ineligible": "You cannot join, going by the study's criteria",
}


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [("Clinical trials", reverse("trials:list")), *items]


def _common(**extra: Any) -> dict[str, Any]:
    return {"imported_at": selectors.last_import(), "today": timezone.localdate(), **extra}


@require_safe
@public_page
def trial_list(request: HttpRequest) -> HttpResponse:
    countries = selectors.country_choices()
    country = request.GET.get("country", "")
    if country not in countries:
        country = ""
    recruiting = request.GET.get("recruiting") == "1"
    studies = sorted(  # studies taking people now first
        selectors.study_list(country=country, recruiting=recruiting),
        key=lambda s: (not s.recruiting, s.nct_id),
    )
    own = patient_selectors.record_owned_by(user=request.user)
    return render(
        request,
        "trials/list.html",
        _common(
            studies=studies,
            countries=countries,
            country=country,
            recruiting=recruiting,
            total=Study.objects.count(),
            own_record=own,
            crumbs=[("Clinical trials", None)],
        ),
    )


def _readable_records(request: HttpRequest) -> list[RecordAccess]:
    if not request.user.is_authenticated:
        return []
    return [a for a in patient_selectors.record_accessible_list(user=request.user) if a.can_view]


@require_safe
@public_page
def trial_detail(request: HttpRequest, nct_id: str) -> HttpResponse:
    study = get_object_or_404(Study, nct_id=nct_id.upper())
    core = selectors.core_study(study)
    checklist = prepared(core).criteria
    return render(
        request,
        "trials/detail.html",
        _common(
            study=study,
            core=core,
            checklist=checklist,
            inclusion=[c for c in checklist if c.criterion.kind.value == "inclusion"],
            exclusion=[c for c in checklist if c.criterion.kind.value == "exclusion"],
            records=_readable_records(request),
            crumbs=_crumbs((study.nct_id, None)),
        ),
    )


def _record_id(request: HttpRequest) -> uuid.UUID | None:
    value = request.GET.get("record", "")
    if value:
        try:
            return uuid.UUID(value)
        except ValueError:
            raise Http404("No such record") from None
    own = patient_selectors.record_owned_by(user=request.user)
    return own.public_id if own is not None else None


@require_safe
@login_required
@never_cache
def trial_eligibility(request: HttpRequest, nct_id: str) -> HttpResponse:
    study = get_object_or_404(Study, nct_id=nct_id.upper())
    public_id = _record_id(request)
    if public_id is None:
        return redirect("patients:index")
    access = patient_selectors.record_access(user=request.user, public_id=public_id, need=Permission.VIEW)
    audit_record_event(record=access.record, actor=request.user, action=AUDIT_ACTION)
    report = selectors.record_match(record=access.record)
    result = next((t for t in report.trials if t.nct_id == study.nct_id), None)
    if result is None:  # pragma: no cover - the study was just read from the same table
        result = selectors.study_screen(study=study, record=access.record)
    options = (
        selectors.next_options(report=report, exclude=study.nct_id) if result.verdict == INELIGIBLE else None
    )
    return render(
        request,
        "trials/eligibility.html",
        _common(
            study=study,
            result=result,
            access=access,
            record=access.record,
            owner_name=patient_selectors.display_name(access.record.owner),
            verdict_text=VERDICT_WORDS[result.verdict],
            outcomes=OUTCOME_WORDS,
            options=options,
            questions=[q for q in report.questions if any(c.fact == q.fact.value for c in result.criteria)],
            crumbs=_crumbs(
                (study.nct_id, reverse("trials:detail", args=[study.nct_id])), ("Eligibility", None)
            ),
        ),
    )


@require_safe
@login_required
@never_cache
def record_trials(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = patient_selectors.record_access(user=request.user, public_id=public_id, need=Permission.VIEW)
    audit_record_event(record=access.record, actor=request.user, action=AUDIT_ACTION)
    report = selectors.record_match(record=access.record)
    windows = selectors.trial_windows(access.record, report=report)
    owner_name = patient_selectors.display_name(access.record.owner)
    heading = "My record" if access.is_owner else f"{isolate(owner_name)}'s record"
    return render(
        request,
        "trials/record.html",
        _common(
            report=report,
            windows=windows,
            access=access,
            record=access.record,
            owner_name=owner_name,
            record_heading=heading,
            page="trials",
            verdicts=VERDICT_WORDS,
            groups=_groups(report.trials),
            crumbs=[
                ("Records", reverse("patients:index")),
                (heading, reverse("patients:dashboard", args=[access.record.public_id])),
                ("Clinical trials", None),
            ],
        ),
    )


def _groups(trials: Any) -> list[tuple[str, str, list[Any]]]:
    """Studies taking people now (may join, might join), then ruled out, then the rest."""
    open_now = [t for t in trials if t.study.recruiting]
    return [
        ("eligible", "You may be able to join", [t for t in open_now if t.verdict == "eligible"]),
        (
            "possibly_eligible",
            "You might be able to join: more to check",
            [t for t in open_now if t.verdict == "possibly_eligible"],
        ),
        ("ineligible", "Ruled out by the study's criteria", [t for t in trials if t.verdict == INELIGIBLE]),
        (
            "closed",
            "Not taking people now (for reference)",
            [t for t in trials if t.verdict != INELIGIBLE and not t.study.recruiting],
        ),
    ]
