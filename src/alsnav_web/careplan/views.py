"""Care-plan pages: thin views over the core's care plan (alsnav.careplan)."""

from __future__ import annotations

import uuid
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from alsnav.careplan.engine import AREA_ORDER
from alsnav.careplan.models import CARE_AREA_LABELS, Priority
from alsnav_web.careplan import selectors, services
from alsnav_web.careplan.forms import ReminderForm
from alsnav_web.core.rendering import isolate
from alsnav_web.patients import selectors as patient_selectors
from alsnav_web.patients.models import AuditAction
from alsnav_web.patients.selectors import Permission, RecordAccess
from alsnav_web.patients.services import audit_record_event
from alsnav_web.trials.selectors import trial_windows

#: Audit action for reading the care plan (a value of its own; see the report to the lead).
VIEW_CARE_PLAN = AuditAction.VIEW_CARE_PLAN
CLINIC_PAGE_SIZE = 50


def _context(access: RecordAccess, title: str, **extra: Any) -> dict[str, Any]:
    record = access.record
    owner_name = patient_selectors.display_name(record.owner)
    heading = "My record" if access.is_owner else f"{isolate(owner_name)}'s record"
    crumbs: list[tuple[str, str | None]] = [
        ("Records", reverse("patients:index")),
        (heading, reverse("patients:dashboard", args=[record.public_id])),
        (title, None),
    ]
    return {
        "access": access,
        "record": record,
        "owner_name": owner_name,
        "record_heading": heading,
        "page": "care_plan",
        "page_title": title,
        "crumbs": crumbs,
        **extra,
    }


def grouped(recommendations: Any) -> list[dict[str, Any]]:
    """Recommendations grouped by priority, then care area (the order people act in)."""
    groups = []
    for priority, recs in groupby(recommendations, key=lambda r: r.priority):
        areas = []
        by_area = sorted(recs, key=lambda r: AREA_ORDER[r.care_area])
        for area, in_area in groupby(by_area, key=lambda r: r.care_area):
            areas.append({"area": area, "label": CARE_AREA_LABELS[area], "items": list(in_area)})
        groups.append({"priority": priority, "label": Priority(priority).label, "areas": areas})
    return groups


@require_safe
@login_required
@never_cache
def care_plan_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = patient_selectors.record_access(user=request.user, public_id=public_id, need=Permission.VIEW)
    audit_record_event(record=access.record, actor=request.user, action=VIEW_CARE_PLAN)
    preference = selectors.reminder_preference_of(record=access.record)
    form = ReminderForm(
        initial={"enabled": preference.enabled, "alsfrs_interval_days": preference.alsfrs_interval_days}
    )
    return _render_plan(request, access, form)


def _render_plan(
    request: HttpRequest, access: RecordAccess, form: ReminderForm, status: int = 200
) -> HttpResponse:
    """The care-plan page: today's plan, what changed, tests due, questions, trials, reminders."""
    today = timezone.localdate()
    view = selectors.care_plan_of(record=access.record, as_of=today)
    return render(
        request,
        "careplan/care_plan.html",
        _context(
            access,
            "Care plan",
            plan=view.plan,
            groups=grouped(view.plan.recommendations),
            changes=selectors.plan_changes(snapshot=view.snapshot, current=view.plan),
            monitoring=view.plan.monitoring,
            reminder_form=form,
            preference=selectors.reminder_preference_of(record=access.record),
            today=today,
            trials=None if view.plan.deceased else trial_windows(access.record, today),
        ),
        status=status,
    )


@login_required
@require_POST
def reminders_update(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = patient_selectors.record_access(
        user=request.user, public_id=public_id, need=Permission.MANAGE_RECORD
    )
    form = ReminderForm(request.POST)
    target = reverse("careplan:plan", args=[access.record.public_id])
    if not form.is_valid():
        return _render_plan(request, access, form, status=400)
    services.reminder_preference_update(
        record=access.record,
        actor=request.user,
        enabled=form.cleaned_data["enabled"],
        alsfrs_interval_days=form.cleaned_data["alsfrs_interval_days"],
    )
    messages.success(request, "Reminders are on." if form.cleaned_data["enabled"] else "Reminders are off.")
    return HttpResponseRedirect(target + "#reminders-heading")


SORT_LABELS = {
    "attention": "Needs attention first",
    "name": "Name",
    "alsfrs": "Latest ALSFRS-R (lowest first)",
    "date": "ALSFRS-R date (oldest first)",
    "slope": "Slope (fastest decline first)",
    "fvc": "FVC (lowest first)",
    "weight": "Weight change (most lost first)",
    "overdue": "Overdue items (most first)",
    "high": "High-priority steps (most first)",
}


@require_safe
@login_required
@never_cache
def clinic_list(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "attention")
    if sort not in selectors.SORTS:
        sort = "attention"
    rows = selectors.clinic_rows(user=request.user, today=timezone.localdate(), sort=sort)
    page = Paginator(rows, CLINIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "careplan/clinic.html",
        {
            "page_obj": page,
            "rows": page.object_list,
            "sort": sort,
            "sort_label": SORT_LABELS[sort],
            "sorts": SORT_LABELS,
            "crumbs": [("Records", reverse("patients:index")), ("Clinic list", None)],
        },
    )
