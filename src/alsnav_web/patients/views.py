"""Patient pages: thin views — check access, parse the form, call a selector or service, render.

Every view needs a signed-in user and goes through :func:`selectors.record_access`, which answers
404 to anyone without access and 403 to someone whose role does not allow the action. Reads of a
record are written to its audit log here; writes are logged by the services.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alsnav import terms
from alsnav.errors import AccessDenied, InputError
from alsnav.export import record_to_fhir_bundle
from alsnav.scales import alsfrs
from alsnav.terms import MEASUREMENTS as SPECS
from alsnav_web.catalog.selectors import catalog_current
from alsnav_web.core.actors import signed_in
from alsnav_web.core.rendering import isolate
from alsnav_web.patients import explanations, selectors, services
from alsnav_web.patients.charts import date_text
from alsnav_web.patients.forms import (
    INTERVENTION_LABELS,
    AssessmentForm,
    DeleteForm,
    DraftItemForm,
    DraftStartForm,
    GrantPermissionsForm,
    ImportForm,
    InterventionForm,
    InviteForm,
    MeasurementForm,
    MedicationForm,
    ProfileForm,
    SettingsForm,
    SymptomForm,
)
from alsnav_web.patients.mapper import record_json
from alsnav_web.patients.models import (
    INVITATION_VALID_DAYS,
    AccessGrant,
    Assessment,
    AssessmentDraft,
    AuditAction,
    Measurement,
    Role,
)
from alsnav_web.patients.progress import record_progress
from alsnav_web.patients.selectors import Permission, RecordAccess

DEFAULT_ANSWERED_BY = selectors.DEFAULT_ANSWERED_BY


def _access(
    request: HttpRequest, public_id: uuid.UUID, need: Permission, audit: str | None = None
) -> RecordAccess:
    access = selectors.record_access(user=request.user, public_id=public_id, need=need)
    if audit is not None:
        services.audit_record_event(record=access.record, actor=request.user, action=audit)
    return access


def _context(
    request: HttpRequest, access: RecordAccess, page: str, title: str, **extra: Any
) -> dict[str, Any]:
    record = access.record
    owner_name = selectors.record_name(record)
    dashboard = reverse("patients:dashboard", args=[record.public_id])
    heading = "My record" if access.is_owner else f"{isolate(owner_name)}'s record"
    crumbs: list[tuple[str, str | None]] = [("Records", reverse("patients:index"))]
    if page != "dashboard":
        crumbs.append((heading, dashboard))
    crumbs.append((title, None))
    return {
        "access": access,
        "record": record,
        "owner_name": owner_name,
        "record_heading": heading,
        "page": page,
        "page_title": title,
        "crumbs": crumbs,
        **extra,
    }


def _today() -> dt.date:
    return timezone.localdate()


# --- Index and record creation ----------------------------------------------------------------


@require_safe
@login_required
@never_cache
def index(request: HttpRequest) -> HttpResponse:
    own = selectors.record_owned_by(user=request.user)
    shared = selectors.records_shared_with(user=request.user)
    people: list[dict[str, Any]] = [
        {
            "grant": grant,
            "name": selectors.record_name(grant.record),
            "record": grant.record,
            "can": "; ".join(w[:1].lower() + w[1:] for w in _grant_words(grant.role, grant.permissions)),
        }
        for grant in shared
    ]
    return render(
        request,
        "patients/index.html",
        {
            "own": own,
            "clinician_of": [p for p in people if p["grant"].role == Role.CLINICIAN],
            "caregiver_of": [p for p in people if p["grant"].role == Role.CAREGIVER],
            "crumbs": [("Records", None)],
        },
    )


@login_required
@require_POST
def record_start(request: HttpRequest) -> HttpResponse:
    record = services.record_create(owner=signed_in(request))
    messages.success(request, "Your record is ready. Start by adding your profile or an ALSFRS-R.")
    return redirect("patients:dashboard", public_id=record.public_id)


# --- Overview, progress, summary --------------------------------------------------------------


@require_safe
@login_required
@never_cache
def dashboard(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The overview. Someone who may enter but not view the record sees what they can add and the
    entries they made themselves, nothing else of the record."""
    try:
        access = _access(request, public_id, Permission.VIEW, AuditAction.VIEW_DASHBOARD)
    except AccessDenied:
        access = _access(request, public_id, Permission.ENTER)
    progress = None
    own_entries: dict[str, Any] = {}
    if access.can_view:
        progress = record_progress(record=access.record, show_prognosis=False, access=access)
    else:
        own_entries = {
            "assessments": Assessment.objects.filter(record=access.record, entered_by_id=request.user.pk)
            .order_by("-date")
            .only("id", "date"),
            "measurements": Measurement.objects.filter(record=access.record, entered_by_id=request.user.pk)
            .order_by("-date", "type")
            .only("id", "date", "type", "value"),
        }
    title = "Overview"
    return render(
        request,
        "patients/dashboard.html",
        _context(
            request,
            access,
            "dashboard",
            title,
            progress=progress,
            draft=_draft_of(request, access),
            own_entries=own_entries,
            measurement_labels={spec.type: f"{spec.short} ({spec.unit})" for spec in SPECS},
        ),
    )


@require_safe
@login_required
@never_cache
def progress_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.VIEW, AuditAction.VIEW_PROGRESS)
    progress = record_progress(record=access.record, show_prognosis=access.is_clinician, access=access)
    settings_form = None
    if access.can_manage_record:  # the prognosis choice is the person's own, made where they read about it
        settings_form = SettingsForm(initial={"prognosis_opt_in": access.record.prognosis_opt_in})
    return render(
        request,
        "patients/progress.html",
        _context(
            request,
            access,
            "progress",
            "Progress",
            progress=progress,
            text=explanations,
            settings_form=settings_form,
        ),
    )


@require_safe
@login_required
@never_cache
def summary(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.VIEW, AuditAction.VIEW_SUMMARY)
    record = access.record
    progress = record_progress(record=record, show_prognosis=False)
    return render(
        request,
        "patients/summary.html",
        _context(
            request,
            access,
            "summary",
            "Summary for a clinic visit",
            progress=progress,
            text=explanations,
            recent=progress.rows[:6],
            medications=record.medications.all(),
            interventions=[(INTERVENTION_LABELS.get(i.type, i.type), i) for i in record.interventions.all()],
            symptoms=[(_symptom_labels().get(s.code, s.code), s) for s in record.symptoms.all()],
            printed_on=_today(),
        ),
    )


# --- Profile ----------------------------------------------------------------------------------


def _symptom_labels() -> dict[str, str]:
    vocabulary = catalog_current().vocabulary
    if vocabulary is None:
        return {}
    return {s.code: s.label for s in vocabulary.symptoms}


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _profile_initial(access: RecordAccess) -> dict[str, Any]:
    r = access.record
    initial: dict[str, Any] = {
        "display_name": r.display_name,
        "clinic_number": r.clinic_number,
        "external_id": r.external_id,
        "sex": r.sex,
        "birth_date": r.birth_date,
        "country": r.country,
        "onset_date": r.onset_date,
        "diagnosis_date": r.diagnosis_date,
        "onset_region": r.onset_region,
        "diagnosis_criteria": r.diagnosis_criteria,
        "diagnosis_category": r.diagnosis_category,
        "cognition": r.cognition,
        "in_multidisciplinary_clinic": _yes_no(r.in_multidisciplinary_clinic),
        "premorbid_weight_kg": r.premorbid_weight_kg,
        "height_cm": r.height_cm,
        "deceased": _yes_no(r.deceased),
        "death_date": r.death_date,
    }
    for gene, result in (r.genetics or {}).items():
        initial[f"gene_{gene}"] = result
    return initial


def _render_profile(request: HttpRequest, access: RecordAccess, **forms: Any) -> HttpResponse:
    record = access.record
    labels = _symptom_labels()
    treatments = {t.id for t in catalog_current().treatments}
    context = _context(
        request,
        access,
        "profile",
        "Profile",
        form=forms.get("form") or ProfileForm(initial=_profile_initial(access)),
        medication_form=forms.get("medication_form") or MedicationForm(prefix="medication"),
        intervention_form=forms.get("intervention_form") or InterventionForm(prefix="intervention"),
        symptom_form=forms.get("symptom_form") or SymptomForm(prefix="symptom", labels=labels),
        medications=[(m, m.name if m.name in treatments else None) for m in record.medications.all()],
        interventions=[(INTERVENTION_LABELS.get(i.type, i.type), i) for i in record.interventions.all()],
        symptoms=[(labels.get(s.code, s.code), s) for s in record.symptoms.all()],
        other_genes=sorted(
            (g, v) for g, v in (record.genetics or {}).items() if f"gene_{g}" not in ProfileForm().fields
        ),
    )
    status = 400 if any(f is not None and f.errors for f in forms.values()) else 200
    return render(request, "patients/profile.html", context, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if request.method == "GET":
        access = _access(request, public_id, Permission.VIEW, AuditAction.VIEW_PROFILE)
        return _render_profile(request, access)
    access = _access(request, public_id, Permission.EDIT)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.profile_update(
                record=access.record,
                actor=request.user,
                changes=form.changes(),
                genetics=form.genetics(),
                names=form.names(),
            )
        except InputError as exc:
            form.add_problems(exc.problems, ProfileForm.FIELD_OF_PATH)
        else:
            messages.success(request, "Profile saved.")
            return redirect("patients:profile", public_id=public_id)
    return _render_profile(request, access, form=form)


@login_required
@require_POST
def profile_add(request: HttpRequest, public_id: uuid.UUID, kind: str) -> HttpResponse:
    access = _access(request, public_id, Permission.EDIT)
    record, actor = access.record, request.user
    form: Any
    try:
        if kind == "medication":
            form = MedicationForm(request.POST, prefix="medication")
            if form.is_valid():
                services.medication_add(record=record, actor=actor, **form.cleaned_data)
        elif kind == "intervention":
            form = InterventionForm(request.POST, prefix="intervention")
            if form.is_valid():
                data = dict(form.cleaned_data)
                data["refused"] = True if data["refused"] else None
                services.intervention_add(record=record, actor=actor, **data)
        elif kind == "symptom":
            form = SymptomForm(request.POST, prefix="symptom", labels=_symptom_labels())
            if form.is_valid():
                services.symptom_add(record=record, actor=actor, **form.cleaned_data)
        else:
            raise Http404("No such list")
    except InputError as exc:
        form.add_problems(exc.problems)
    if not form.errors:
        messages.success(request, "Added to the profile.")
        return HttpResponseRedirect(reverse("patients:profile", args=[public_id]) + f"#{kind}s")
    return _render_profile(request, access, **{f"{kind}_form": form})


@login_required
@require_POST
def profile_remove(request: HttpRequest, public_id: uuid.UUID, kind: str, entry_id: int) -> HttpResponse:
    access = _access(request, public_id, Permission.EDIT)
    if kind not in ("medication", "intervention", "symptom"):
        raise Http404("No such list")
    if services.profile_entry_remove(record=access.record, actor=request.user, kind=kind, entry_id=entry_id):
        messages.success(request, "Removed from the profile.")
    return HttpResponseRedirect(reverse("patients:profile", args=[public_id]) + f"#{kind}s")


# --- ALSFRS-R: all on one page ----------------------------------------------------------------


def _item5_for(request: HttpRequest, access: RecordAccess) -> str:
    choice = request.POST.get("item5") or request.GET.get("item5")
    if choice in ("5a", "5b"):
        return choice
    return "5b" if selectors.has_gastrostomy(record=access.record) else "5a"


def _after_entry(access: RecordAccess) -> HttpResponse:
    page = "patients:progress" if access.can_view else "patients:dashboard"
    return redirect(page, public_id=access.record.public_id)


def _assessment_initial(post: Any, form: AssessmentForm) -> dict[str, Any]:
    """The answers given so far, to show again on a re-drawn form (no errors shown)."""
    return {name: post.get(name) for name in form.fields if post.get(name) not in (None, "")}


def _render_assessment_form(
    request: HttpRequest,
    access: RecordAccess,
    form: AssessmentForm,
    item5: str,
    *,
    editing: Any = None,
) -> HttpResponse:
    public_id = access.record.public_id
    if editing is not None:
        action = reverse("patients:assessment_edit", args=[public_id, editing.pk])
        title = f"Change the ALSFRS-R of {date_text(editing.date)}"
    else:
        action = reverse("patients:assessment_new", args=[public_id])
        title = "Enter an ALSFRS-R"
    context = _context(
        request,
        access,
        "assessment",
        title,
        form=form,
        item5=item5,
        form_action=action,
        editing=editing,
        intro=explanations.ALSFRS_INTRO,
    )
    return render(request, "patients/assessment_form.html", context, status=400 if form.errors else 200)


def _duplicate_date_link(access: RecordAccess, form: AssessmentForm, when: dt.date) -> None:
    """Replace "there is already an ALSFRS-R on …" by the same words and a way to edit that one."""
    existing = Assessment.objects.filter(record=access.record, date=when).first()
    errors = form.errors.get("date")
    if existing is None or not errors:
        return
    url = reverse("patients:assessment_edit", args=[access.record.public_id, existing.pk])
    message = format_html(
        'There is already an ALSFRS-R on {}. Choose another date, or <a href="{}">'
        "change the one on that date</a>.",
        date_text(when),
        url,
    )
    form.errors["date"] = form.error_class([message])


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.ENTER)
    item5 = _item5_for(request, access)
    if request.method == "POST" and request.POST.get("action") == "switch-item5":
        item5 = "5a" if item5 == "5b" else "5b"
        shell = AssessmentForm(item5=item5)
        initial = _assessment_initial(request.POST, shell)
        initial.pop(f"item_{item5}", None)
        return _render_assessment_form(request, access, AssessmentForm(item5=item5, initial=initial), item5)
    if request.method == "POST":
        form = AssessmentForm(request.POST, item5=item5)
        if form.is_valid():
            when = form.cleaned_data["date"]
            try:
                services.assessment_add(
                    record=access.record,
                    actor=request.user,
                    when=when,
                    scores=form.scores(),
                    answered_by=form.cleaned_data["answered_by"],
                    today=_today(),
                    reveal=access.can_view,
                )
            except InputError as exc:
                form.add_problems(exc.problems, AssessmentForm.FIELD_OF_PATH)
                if access.can_view:
                    _duplicate_date_link(access, form, when)
            else:
                messages.success(request, "ALSFRS-R saved.")
                return _after_entry(access)
    else:
        form = AssessmentForm(
            item5=item5, initial={"date": _today(), "answered_by": DEFAULT_ANSWERED_BY[access.role]}
        )
    return _render_assessment_form(request, access, form, item5)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, public_id: uuid.UUID, assessment_id: int) -> HttpResponse:
    """Change a saved ALSFRS-R. The earlier answers go to the activity log (only the owner sees it)."""
    try:  # EDIT corrects anyone's entries; ENTER one's own
        access = _access(request, public_id, Permission.EDIT)
    except AccessDenied:
        access = _access(request, public_id, Permission.ENTER)
    assessment = get_object_or_404(Assessment, record=access.record, pk=assessment_id)
    if not access.can_edit_entry(assessment.entered_by_id):
        raise PermissionDenied("You can change only the entries you made yourself")
    item5 = "5b" if assessment.item_5b is not None else "5a"
    if request.POST.get("item5") in ("5a", "5b"):
        item5 = request.POST["item5"]
    if request.method == "POST" and request.POST.get("action") == "switch-item5":
        item5 = "5a" if item5 == "5b" else "5b"
        kept = _assessment_initial(request.POST, AssessmentForm(item5=item5))
        form = AssessmentForm(item5=item5, initial=kept)
        return _render_assessment_form(request, access, form, item5, editing=assessment)
    if request.method == "POST":
        form = AssessmentForm(request.POST, item5=item5)
        if form.is_valid():
            when = form.cleaned_data["date"]
            try:
                services.assessment_update(
                    access=access,
                    actor=request.user,
                    assessment_id=assessment.pk,
                    when=when,
                    scores=form.scores(),
                    answered_by=form.cleaned_data["answered_by"],
                    today=_today(),
                )
            except InputError as exc:
                form.add_problems(exc.problems, AssessmentForm.FIELD_OF_PATH)
                if access.can_view:
                    _duplicate_date_link(access, form, when)
            else:
                messages.success(request, "ALSFRS-R changed. The earlier answers are in the activity log.")
                return _after_entry(access)
    else:
        initial: dict[str, Any] = {"date": assessment.date, "answered_by": assessment.answered_by}
        initial.update({f"item_{key}": score for key, score in assessment.scores().items()})
        form = AssessmentForm(item5=item5, initial=initial)
    return _render_assessment_form(request, access, form, item5, editing=assessment)


@require_safe
@login_required
@never_cache
def entries(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Every ALSFRS-R and measurement with a button to delete one entered by mistake."""
    access = _access(request, public_id, Permission.VIEW, AuditAction.VIEW_ENTRIES)
    progress = record_progress(record=access.record, show_prognosis=False, access=access)
    return render(
        request,
        "patients/entries.html",
        _context(request, access, "progress", "Change or delete an entry", progress=progress),
    )


@login_required
@require_POST
def assessment_delete(request: HttpRequest, public_id: uuid.UUID, assessment_id: int) -> HttpResponse:
    access = _access(request, public_id, Permission.ENTER)
    if services.assessment_delete(access=access, actor=request.user, assessment_id=assessment_id):
        messages.success(request, "ALSFRS-R deleted.")
    return redirect("patients:entries", public_id=public_id)


# --- ALSFRS-R: one question per screen --------------------------------------------------------


def _draft_of(request: HttpRequest, access: RecordAccess) -> AssessmentDraft | None:
    return AssessmentDraft.objects.filter(record=access.record, user_id=signed_in(request).pk).first()


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def assessment_steps(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Each question on its own page. Answers are kept on the server after every step, so the
    person can stop and come back later (on any device) and carry on where they were."""
    access = _access(request, public_id, Permission.ENTER)
    draft = _draft_of(request, access)
    action = request.POST.get("action", "")

    if request.method == "POST" and action == "restart" and draft is not None:
        if not draft.answers:  # nothing to lose
            draft.delete()
            return redirect("patients:assessment_steps", public_id=public_id)
        return _draft_review(request, access, draft, confirm_restart=True)
    if request.method == "POST" and action == "restart-confirmed" and draft is not None:
        draft.delete()
        messages.success(request, "Your answers were deleted. You can start again.")
        return redirect("patients:assessment_steps", public_id=public_id)

    if draft is None or action == "start":
        return _draft_start(request, access)

    keys = services.draft_item_keys(draft)
    if request.method == "POST":
        if action.startswith("goto-"):
            step = int(action.removeprefix("goto-")) if action.removeprefix("goto-").isdigit() else 0
            services.draft_go_to(draft=draft, step=step)
            return redirect("patients:assessment_steps", public_id=public_id)
        if action == "back":
            step = draft.step
            if step < len(keys) and "answer" in request.POST:  # keep an answer chosen before going back
                form = DraftItemForm(request.POST, item=alsfrs.ITEM_BY_KEY[keys[step]])
                if form.is_valid():
                    services.draft_answer(draft=draft, key=keys[step], score=int(form.cleaned_data["answer"]))
            services.draft_go_to(draft=draft, step=step - 1)
            return redirect("patients:assessment_steps", public_id=public_id)
        if action == "save":
            try:
                services.draft_finish(draft=draft, actor=request.user, today=_today(), reveal=access.can_view)
            except InputError as exc:
                return _draft_review(request, access, draft, problems=[p.message for p in exc.problems])
            messages.success(request, "ALSFRS-R saved. Thank you.")
            return _after_entry(access)
        if action in ("next", "stop") and draft.step < len(keys):
            key = keys[draft.step]
            form = DraftItemForm(request.POST, item=alsfrs.ITEM_BY_KEY[key])
            if form.is_valid():
                services.draft_answer(draft=draft, key=key, score=int(form.cleaned_data["answer"]))
                if action == "stop":
                    messages.success(
                        request, "Your answers so far are saved. Come back any time to carry on."
                    )
                    return redirect("patients:dashboard", public_id=public_id)
                return redirect("patients:assessment_steps", public_id=public_id)
            if action == "stop" and "answer" not in request.POST:
                messages.success(request, "Your answers so far are saved. Come back any time to carry on.")
                return redirect("patients:dashboard", public_id=public_id)
            return _draft_question(request, access, draft, form)
        return redirect("patients:assessment_steps", public_id=public_id)

    if draft.step >= len(keys):
        return _draft_review(request, access, draft)
    key = keys[draft.step]
    initial = {"answer": draft.answers.get(key)} if key in draft.answers else {}
    return _draft_question(
        request, access, draft, DraftItemForm(item=alsfrs.ITEM_BY_KEY[key], initial=initial)
    )


def _draft_start(request: HttpRequest, access: RecordAccess) -> HttpResponse:
    if request.method == "POST" and request.POST.get("action") == "start":
        form = DraftStartForm(request.POST)
        if form.is_valid():
            try:
                services.draft_start(
                    record=access.record,
                    user=signed_in(request),
                    when=form.cleaned_data["date"],
                    answered_by=form.cleaned_data["answered_by"],
                    gastrostomy=form.cleaned_data["gastrostomy"],
                    today=_today(),
                    reveal=access.can_view,
                )
            except InputError as exc:
                form.add_problems(exc.problems)
            else:
                return redirect("patients:assessment_steps", public_id=access.record.public_id)
    else:
        tube = selectors.has_gastrostomy(record=access.record)
        form = DraftStartForm(
            initial={
                "date": _today(),
                "answered_by": DEFAULT_ANSWERED_BY[access.role],
                "gastrostomy": "yes" if tube else "no",
            }
        )
    context = _context(
        request,
        access,
        "assessment",
        "ALSFRS-R, one question at a time",
        form=form,
        intro=explanations.ALSFRS_INTRO,
    )
    return render(request, "patients/steps_start.html", context, status=400 if form.errors else 200)


def _draft_question(
    request: HttpRequest, access: RecordAccess, draft: AssessmentDraft, form: DraftItemForm
) -> HttpResponse:
    keys = services.draft_item_keys(draft)
    number = draft.step + 1
    context = _context(
        request,
        access,
        "assessment",
        f"Question {number} of {len(keys)}: {form.item.title}",
        form=form,
        draft=draft,
        item=form.item,
        number=number,
        count=len(keys),
        answered=len([k for k in keys if k in draft.answers]),
    )
    return render(request, "patients/steps_question.html", context, status=400 if form.errors else 200)


def _draft_review(
    request: HttpRequest,
    access: RecordAccess,
    draft: AssessmentDraft,
    problems: list[str] | None = None,
    confirm_restart: bool = False,
) -> HttpResponse:
    keys = services.draft_item_keys(draft)
    answers = []
    for step, key in enumerate(keys):
        item = alsfrs.ITEM_BY_KEY[key]
        score = draft.answers.get(key)
        answers.append(
            {
                "step": step,
                "item": item,
                "score": score,
                "wording": item.answer(score) if score is not None else None,
            }
        )
    complete = all(a["score"] is not None for a in answers)
    total = sum(int(a["score"]) for a in answers) if complete else None
    context = _context(
        request,
        access,
        "assessment",
        "Check your answers",
        draft=draft,
        answers=answers,
        complete=complete,
        total=total,
        problems=problems or [],
        answered_by=terms.ANSWERED_BY_LABELS[draft.answered_by],
        confirm_restart=confirm_restart,
        answered_count=len(draft.answers),
    )
    return render(request, "patients/steps_review.html", context, status=400 if problems else 200)


# --- Measurements -----------------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def measurement_new(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.ENTER)
    if request.method == "POST":
        form = MeasurementForm(request.POST)
        if form.is_valid():
            values = [
                services.NewMeasurement(
                    type=spec.type,
                    value=float(form.cleaned_data[spec.type]),
                    position=form.cleaned_data.get(f"{spec.type}_position", "") or "",
                )
                for spec in SPECS
                if form.cleaned_data.get(spec.type) is not None
            ]
            try:
                services.measurements_add(
                    record=access.record,
                    actor=request.user,
                    when=form.cleaned_data["date"],
                    values=values,
                    today=_today(),
                    reveal=access.can_view,
                )
            except InputError as exc:
                form.add_problems(exc.problems)
            else:
                messages.success(
                    request, f"{len(values)} measurement{'s' if len(values) != 1 else ''} saved."
                )
                return _after_entry(access)
    else:
        form = MeasurementForm(initial={"date": _today()})
    context = _context(request, access, "measurements", "Add measurements", form=form)
    return render(request, "patients/measurement_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def measurement_delete(request: HttpRequest, public_id: uuid.UUID, measurement_id: int) -> HttpResponse:
    access = _access(request, public_id, Permission.ENTER)
    if services.measurement_delete(access=access, actor=request.user, measurement_id=measurement_id):
        messages.success(request, "Measurement deleted.")
    return HttpResponseRedirect(reverse("patients:entries", args=[public_id]) + "#measurements")


# --- Sharing and settings ---------------------------------------------------------------------


def _grant_words(role: str, stored: list[str]) -> list[str]:
    given = selectors.grant_permissions(role, stored)
    return [selectors.GRANT_WORDS[p] for p in selectors.GRANTABLE if p in given]


#: What the invitation form offers ticked: what a new caregiver grant gives.
DEFAULT_INVITE = sorted(selectors.DEFAULT_GRANT[Role.CAREGIVER.value], key=selectors.GRANTABLE.index)


def _render_sharing(
    request: HttpRequest, access: RecordAccess, invite_form: InviteForm | None = None, status: int = 200
) -> HttpResponse:
    grants = list(selectors.grants_of(record=access.record))
    invitations = selectors.invitations_of(record=access.record)
    context = _context(
        request,
        access,
        "sharing",
        "Sharing",
        form=invite_form
        or InviteForm(initial={"permissions": [p.value for p in selectors.DEFAULT_GRANT["caregiver"]]}),
        active=[
            {
                "grant": g,
                "name": selectors.display_name(g.grantee),
                "can": _grant_words(g.role, g.permissions),
            }
            for g in grants
            if g.active
        ],
        past=[{"grant": g, "name": selectors.display_name(g.grantee)} for g in grants if not g.active],
        pending=[{"invitation": i, "can": _grant_words(i.role, i.permissions)} for i in invitations],
    )
    return render(request, "patients/sharing.html", context, status=status)


#: What the owner is told after inviting, whether or not the address has an account.
INVITED_MESSAGE = (
    "Invitation sent to {email}. It stays pending until they open the link in the e-mail and accept. "
    "If they do not get it, check the address, or cancel it and invite them again."
)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    if request.method == "GET":
        access = _access(request, public_id, Permission.MANAGE_SHARING, AuditAction.VIEW_SHARING)
        return _render_sharing(request, access)
    access = _access(request, public_id, Permission.MANAGE_SHARING)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            services.invitation_create(
                record=access.record,
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                permissions=form.cleaned_data["permissions"],
                accept_url=lambda token: request.build_absolute_uri(
                    reverse("patients:invitation", args=[token])
                ),
            )
        except InputError as exc:
            form.add_problems(exc.problems)
        else:
            messages.success(request, INVITED_MESSAGE.format(email=form.cleaned_data["email"]))
            return redirect("patients:sharing", public_id=public_id)
    return _render_sharing(request, access, form, status=400)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def sharing_change(request: HttpRequest, public_id: uuid.UUID, grant_id: int) -> HttpResponse:
    """Change what one person may do."""
    access = _access(request, public_id, Permission.MANAGE_SHARING)
    grant = AccessGrant.objects.filter(record=access.record, pk=grant_id, revoked_at__isnull=True).first()
    if grant is None:  # taken away meanwhile
        messages.error(request, "That person no longer has access.")
        return redirect("patients:sharing", public_id=public_id)
    current = [p.value for p in selectors.grant_permissions(grant.role, grant.permissions)]
    if request.method == "POST":
        form = GrantPermissionsForm(request.POST)
        if form.is_valid():
            try:
                services.access_change(
                    record=access.record,
                    actor=request.user,
                    grant_id=grant.pk,
                    permissions=form.cleaned_data["permissions"],
                )
            except InputError as exc:
                form.add_problems(exc.problems)
            else:
                name = isolate(selectors.display_name(grant.grantee))
                messages.success(request, f"Saved what {name} may do.")
                return redirect("patients:sharing", public_id=public_id)
    else:
        form = GrantPermissionsForm(initial={"permissions": current})
    name = selectors.display_name(grant.grantee)
    context = _context(request, access, "sharing", f"What {name} may do", form=form, grant=grant, person=name)
    return render(request, "patients/sharing_change.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def sharing_revoke(request: HttpRequest, public_id: uuid.UUID, grant_id: int) -> HttpResponse:
    access = _access(request, public_id, Permission.MANAGE_SHARING)
    if services.access_revoke(record=access.record, actor=request.user, grant_id=grant_id):
        messages.success(request, "Access removed. They can no longer open your record.")
    return redirect("patients:sharing", public_id=public_id)


@login_required
@require_POST
def invitation_cancel(request: HttpRequest, public_id: uuid.UUID, invitation_id: int) -> HttpResponse:
    access = _access(request, public_id, Permission.MANAGE_SHARING)
    if services.invitation_cancel(record=access.record, actor=request.user, invitation_id=invitation_id):
        messages.success(request, "Invitation cancelled. The link in the e-mail no longer works.")
    return redirect("patients:sharing", public_id=public_id)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page the link in an invitation e-mail opens: accept it (signed in) or be told it is gone."""
    pending = services.invitation_pending(token=token)
    if pending is None:
        return render(
            request,
            "patients/invitation.html",
            {"gone": True, "valid_days": INVITATION_VALID_DAYS, "crumbs": [("Invitation", None)]},
        )
    if request.method == "POST":
        try:
            grant = services.invitation_accept(token=token, user=signed_in(request))
        except InputError as exc:
            messages.error(request, str(exc.problems[0].message).capitalize() + ".")
            return redirect("patients:index")
        messages.success(request, "Invitation accepted. The record is now in your list.")
        return redirect("patients:dashboard", public_id=grant.record.public_id)
    return render(
        request,
        "patients/invitation.html",
        {
            "invitation": pending,
            "name": selectors.record_name(pending.record),
            "can": _grant_words(pending.role, pending.permissions),
            "crumbs": [("Records", reverse("patients:index")), ("Invitation", None)],
        },
    )


@login_required
@require_POST
def settings_update(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.MANAGE_RECORD)
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.settings_update(
            record=access.record, actor=request.user, prognosis_opt_in=form.cleaned_data["prognosis_opt_in"]
        )
        messages.success(request, "Setting saved.")
    return HttpResponseRedirect(reverse("patients:progress", args=[public_id]) + "#encals-heading")


# --- Audit log --------------------------------------------------------------------------------

AUDIT_PAGE_SIZE = 50


@require_safe
@login_required
@never_cache
def audit_log(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.MANAGE_SHARING, AuditAction.VIEW_AUDIT)
    paginator = Paginator(selectors.audit_events_of(record=access.record), AUDIT_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [
        {
            "at": event.at,
            "who": "You" if event.actor_id == request.user.pk else selectors.display_name(event.actor),
            "action": event.get_action_display(),
        }
        for event in page
    ]
    context = _context(request, access, "audit", "Activity log", page_obj=page, rows=rows)
    return render(request, "patients/audit.html", context)


# --- Your data: import, export, download, delete ---------------------------------------------


@require_safe
@login_required
@never_cache
def data_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.VIEW)
    return render(
        request,
        "patients/data.html",
        _context(request, access, "data", "Export and import", import_form=ImportForm(), problems=[]),
    )


def _attachment(
    document: dict[str, Any], filename: str, content_type: str = "application/json", *, compact: bool = False
) -> HttpResponse:
    """A JSON download. ``compact`` leaves out indentation (the FHIR bundle, which can be large)."""
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=None if compact else 2, default=str) + "\n",
        content_type=f"{content_type}; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _file_stem(access: RecordAccess) -> str:
    return f"als-record-{str(access.record.public_id)[:8]}-{_today().isoformat()}"


@require_safe
@login_required
def export_json(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.VIEW, AuditAction.EXPORT_JSON)
    return _attachment(record_json(record=access.record), _file_stem(access) + ".json")


@require_safe
@login_required
def export_fhir(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.VIEW, AuditAction.EXPORT_FHIR)
    bundle = record_to_fhir_bundle(
        selectors.record_snapshot(record=access.record),
        subject_key=str(access.record.public_id),
        timestamp=timezone.now(),
    )
    return _attachment(bundle, _file_stem(access) + ".fhir.json", "application/fhir+json", compact=True)


@require_safe
@login_required
def download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Everything stored about the record, for the owner: the record, sharing and the activity log."""
    access = _access(request, public_id, Permission.MANAGE_RECORD, AuditAction.DOWNLOAD)
    record = access.record
    document = {
        "about": "Everything ALS Navigator stores in your patient record, downloaded by you.",
        "downloaded_at": timezone.now().isoformat(timespec="seconds"),
        "record": record_json(record=record),
        "settings": {"prognosis_opt_in": record.prognosis_opt_in},
        "sharing": [
            {
                "with": selectors.display_name(g.grantee),
                "role": g.role,
                "granted_at": g.granted_at.isoformat(timespec="seconds"),
                "revoked_at": g.revoked_at.isoformat(timespec="seconds") if g.revoked_at else None,
            }
            for g in selectors.grants_of(record=record)
        ],
        "activity_log": [
            {
                "at": e.at.isoformat(timespec="seconds"),
                "who": selectors.display_name(e.actor),
                "action": e.action,
            }
            for e in selectors.audit_events_of(record=record)
        ],
    }
    return _attachment(document, _file_stem(access) + "-all-data.json")


@login_required
@never_cache
@require_POST
def import_record(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.MANAGE_RECORD)
    form = ImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            parsed = services.record_import(
                record=access.record, actor=request.user, source=form.cleaned_data["file"]
            )
        except InputError as exc:
            problems = [str(p) for p in exc.problems]
            form.add_error("file", "The file was not imported because it has problems. Nothing was changed.")
        else:
            count = len(parsed.assessments)
            messages.success(
                request, f"Record imported: {count} ALSFRS-R and {len(parsed.measurements)} measurements."
            )
            return redirect("patients:dashboard", public_id=public_id)
    context = _context(request, access, "data", "Export and import", import_form=form, problems=problems)
    return render(request, "patients/data.html", context, status=400)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def delete_record(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    access = _access(request, public_id, Permission.MANAGE_RECORD)
    if request.method == "POST":
        form = DeleteForm(request.POST)
        if form.is_valid():
            services.record_delete(record=access.record)
            messages.success(request, "Your record and everything in it have been deleted.")
            return redirect("patients:index")
    else:
        form = DeleteForm()
    context = _context(request, access, "data", "Delete my data", form=form)
    return render(request, "patients/delete.html", context, status=400 if form.errors else 200)
