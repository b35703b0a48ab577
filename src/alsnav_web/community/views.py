"""Community pages: thin views that parse the form, call a service, then redirect (PRG) or re-render.

Every form works without JavaScript. A refused post is shown again with the typed text kept and an
error summary at the top; a successful one redirects with a message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from alsnav_web.catalog.models import Treatment
from alsnav_web.community import protection, selectors, services
from alsnav_web.community.forms import (
    CommentForm,
    ExperienceForm,
    FeedbackDetailsForm,
    GuestCommentForm,
    ModerationForm,
    PageFeedbackForm,
    QuestionForm,
    ReportForm,
    finish_widgets,
)
from alsnav_web.community.markdown import render_comment
from alsnav_web.community.models import Comment, CommentStatus, Experience, PageFeedback
from alsnav_web.community.protection import CommunityError, RateLimited
from alsnav_web.core.actors import Account, signed_in

OWN_COMMENTS_KEY = selectors.OWN_COMMENTS_SESSION_KEY
REPORTED_KEY = "community_reported_comments"
FEEDBACK_KEY = "community_feedback_ids"
SESSION_LIST_MAX = 50

AWAITING_MODERATION_MESSAGE = (
    "Thank you. Your comment is awaiting moderation: a moderator will check it before it appears "
    "for everyone. Until then, only you can see it."
)


# Helpers ---------------------------------------------------------------------------------------


def own_comment_ids(request: HttpRequest) -> list[int]:
    return [int(i) for i in request.session.get(OWN_COMMENTS_KEY, [])]


def _session_append(request: HttpRequest, key: str, value: int) -> None:
    values = [int(v) for v in request.session.get(key, [])]
    values.append(int(value))
    request.session[key] = values[-SESSION_LIST_MAX:]


def _user_or_none(request: HttpRequest) -> Account | None:
    user = request.user
    return user if isinstance(user, Account) and user.is_authenticated else None


def _treatment_url(treatment_id: str, anchor: str = "comments", page: int = 1) -> str:
    query = f"?{selectors.COMMENT_PAGE_PARAM}={page}" if page > 1 else ""
    return reverse("catalog:treatment_detail", args=[treatment_id]) + f"{query}#{anchor}"


def _comment_url(request: HttpRequest, comment: Comment, anchor: str | None = None) -> str:
    """The treatment page, on the page of comments that shows ``comment`` (or its thread)."""
    page = selectors.comment_page_number(
        comment=comment, user=request.user, own_comment_ids=own_comment_ids(request)
    )
    return _treatment_url(comment.treatment_id, anchor or f"comment-{comment.pk}", page)


def _refused(form: Any, exc: CommunityError) -> int:
    """Put a refusal on the form (typed text stays) and return the HTTP status to answer with."""
    form.add_error(None, str(exc))
    return 429 if isinstance(exc, RateLimited) else 400


def _render(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    retry_after: int | None = None,
) -> HttpResponse:
    for value in context.values():
        if hasattr(value, "fields") and hasattr(value, "is_bound"):
            finish_widgets(value)
    response = render(request, template, context, status=status)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _crumbs(treatment: Treatment, here: str) -> list[tuple[str, str | None]]:
    return [
        ("Treatments", reverse("catalog:treatment_list")),
        (treatment.title, reverse("catalog:treatment_detail", args=[treatment.pk])),
        (here, None),
    ]


def _local_path(candidate: str | None, request: HttpRequest, default: str = "/") -> str:
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
    ):
        return candidate
    return default


# Comments --------------------------------------------------------------------------------------


def _comment_form_view(request: HttpRequest, *, treatment: Treatment, parent: Comment | None) -> HttpResponse:
    form_class = CommentForm if request.user.is_authenticated else GuestCommentForm
    status = 200
    retry_after = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                comment = services.comment_create(
                    treatment_id=treatment.pk,
                    body=form.cleaned_data["body"],
                    author=_user_or_none(request),
                    guest_name=form.cleaned_data.get("guest_name", ""),
                    guest_email=form.cleaned_data.get("guest_email", ""),
                    parent_id=parent.pk if parent is not None else None,
                    address_key=protection.address_key(request),
                    honeypot=form.honeypot_value(),
                    form_token=form.token_value(),
                )
            except CommunityError as exc:
                status = _refused(form, exc)
                retry_after = getattr(exc, "retry_after_seconds", None)
            else:
                if comment is None or comment.status == CommentStatus.PENDING:
                    if comment is not None:
                        _session_append(request, OWN_COMMENTS_KEY, comment.pk)
                    messages.success(request, AWAITING_MODERATION_MESSAGE)
                else:
                    messages.success(request, "Thank you. Your comment is published.")
                if comment is None:
                    return redirect(_treatment_url(treatment.pk))
                return redirect(_comment_url(request, comment))
        else:
            status = 400
    else:
        form = form_class()
    return _render(
        request,
        "community/comment_form_page.html",
        {
            "treatment": treatment,
            "parent": parent,
            "parent_html": render_comment(parent.body) if parent is not None else None,
            "form": form,
            "form_token": protection.form_token_issue(),
            "crumbs": _crumbs(treatment, "Reply to a comment" if parent is not None else "Add a comment"),
        },
        status=status,
        retry_after=retry_after,
    )


@require_http_methods(["GET", "POST"])
def comment_create(request: HttpRequest, treatment_id: str) -> HttpResponse:
    treatment = get_object_or_404(Treatment, pk=treatment_id)
    return _comment_form_view(request, treatment=treatment, parent=None)


@require_http_methods(["GET", "POST"])
def comment_reply(request: HttpRequest, comment_id: int) -> HttpResponse:
    parent = selectors.comment_get_published(comment_id=comment_id)
    if parent is None:
        raise Http404("No such comment")
    return _comment_form_view(request, treatment=parent.treatment, parent=parent)


@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_get_published(comment_id=comment_id)
    if comment is None:
        raise Http404("No such comment")
    if comment_id in request.session.get(REPORTED_KEY, []):
        messages.info(request, "You have already reported this comment. A moderator will look at it.")
        return redirect(_treatment_url(comment.treatment_id))
    status = 200
    retry_after = None
    if request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.comment_report(
                    comment=comment,
                    reason=form.cleaned_data["reason"],
                    details=form.cleaned_data["details"],
                    reporter=_user_or_none(request),
                    address_key=protection.address_key(request),
                )
            except CommunityError as exc:
                status = _refused(form, exc)
                retry_after = getattr(exc, "retry_after_seconds", None)
            else:
                _session_append(request, REPORTED_KEY, comment.pk)
                comment.refresh_from_db(fields=["status"])
                if comment.status == CommentStatus.PENDING:
                    text = (
                        "Thank you for telling us. The comment is hidden until a moderator has looked at it."
                    )
                else:
                    text = (
                        "Thank you for telling us. A moderator will look at this comment "
                        "and decide whether it should stay on the page."
                    )
                messages.success(request, text)
                return redirect(_comment_url(request, comment, anchor="comments"))
        else:
            status = 400
    else:
        form = ReportForm()
    return _render(
        request,
        "community/report.html",
        {
            "comment": comment,
            "comment_html": render_comment(comment.body),
            "form": form,
            "crumbs": _crumbs(comment.treatment, "Report a comment"),
        },
        status=status,
        retry_after=retry_after,
    )


@require_http_methods(["GET", "POST"])
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    comment = selectors.comment_get(comment_id=comment_id)
    own_ids = own_comment_ids(request)
    # Someone else's comment answers "not found", so nobody can probe which comments exist.
    if (
        comment is None
        or comment.status == CommentStatus.DELETED
        or not selectors.comment_is_own(comment=comment, user=request.user, own_comment_ids=own_ids)
    ):
        raise Http404("No such comment of yours")
    if request.method == "POST":
        services.comment_delete(comment=comment, user=_user_or_none(request), own_comment_ids=own_ids)
        messages.success(request, "Your comment has been deleted.")
        return redirect(_treatment_url(comment.treatment_id))
    return _render(
        request,
        "community/delete.html",
        {
            "comment": comment,
            "comment_html": render_comment(comment.body),
            "crumbs": _crumbs(comment.treatment, "Delete your comment"),
        },
    )


# Moderation ------------------------------------------------------------------------------------


def _forbidden(request: HttpRequest, text: str) -> HttpResponse:
    return render(request, "community/forbidden.html", {"text": text}, status=403)


@require_safe
@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not selectors.user_is_moderator(user=request.user):
        return _forbidden(request, "Only moderators can see the moderation queue.")
    items = [(item, ModerationForm(prefix=f"c{item.comment.pk}")) for item in selectors.moderation_queue()]
    return _render(request, "community/moderation_queue.html", {"items": items})


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, comment_id: int) -> HttpResponse:
    if not selectors.user_is_moderator(user=request.user):
        return _forbidden(request, "Only moderators can approve, reject or hide comments.")
    comment = selectors.comment_get(comment_id=comment_id)
    if comment is None:
        raise Http404("No such comment")
    prefix = f"c{comment.pk}"
    status = 200
    if request.method == "POST":
        form = ModerationForm(request.POST, prefix=prefix)
        if form.is_valid():
            action = form.cleaned_data["action"]
            try:
                services.comment_moderate(
                    comment=comment,
                    action=action,
                    reason=form.cleaned_data["reason"],
                    moderator=signed_in(request),
                )
            except CommunityError as exc:
                status = _refused(form, exc)
            else:
                done = {"approve": "approved and published", "reject": "rejected", "hide": "hidden"}[action]
                messages.success(request, f"The comment on {comment.treatment.title} was {done}.")
                return redirect(_local_path(request.POST.get("next"), request, reverse("community:queue")))
        else:
            status = 400
    else:
        form = ModerationForm(prefix=prefix)
    return _render(
        request,
        "community/moderate.html",
        {
            "comment": comment,
            "comment_html": render_comment(comment.body),
            "open_reports": list(comment.reports.filter(resolved_at__isnull=True)),
            "was_published": selectors.comment_was_published(comment=comment),
            "form": form,
            "next": _local_path(request.GET.get("next") or request.POST.get("next"), request, ""),
        },
        status=status,
    )


# Treatment experiences -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def experience_edit(request: HttpRequest, treatment_id: str) -> HttpResponse:
    treatment = get_object_or_404(Treatment, pk=treatment_id)
    existing = selectors.experience_of(user=request.user, treatment_id=treatment.pk)
    status = 200
    retry_after = None
    if request.method == "POST":
        form = ExperienceForm(request.POST)
        if form.is_valid():
            try:
                services.experience_save(
                    user=signed_in(request), treatment_id=treatment.pk, **form.cleaned_data
                )
            except CommunityError as exc:
                status = _refused(form, exc)
                retry_after = getattr(exc, "retry_after_seconds", None)
            else:
                messages.success(request, f"Thank you. Your rating of {treatment.title} is saved.")
                return redirect(_treatment_url(treatment.pk, "experiences"))
        else:
            status = 400
    else:
        form = ExperienceForm(initial=_experience_initial(existing))
    return _render(
        request,
        "community/experience_form_page.html",
        {
            "treatment": treatment,
            "form": form,
            "existing": existing,
            "crumbs": _crumbs(treatment, "Rate it"),
        },
        status=status,
        retry_after=retry_after,
    )


def _experience_initial(existing: Experience | None) -> dict[str, Any]:
    if existing is None:
        return {}
    return {
        "effect": existing.effect,
        "side_effects": existing.side_effects,
        "burden": existing.burden,
        "note": existing.note,
    }


@login_required
@require_POST
def experience_remove(request: HttpRequest, treatment_id: str) -> HttpResponse:
    treatment = get_object_or_404(Treatment, pk=treatment_id)
    if services.experience_remove(user=signed_in(request), treatment_id=treatment.pk):
        messages.success(request, f"Your rating of {treatment.title} has been removed.")
    return redirect(_treatment_url(treatment.pk, "experiences"))


# "Was this page helpful?" ----------------------------------------------------------------------


@require_POST
def page_feedback(request: HttpRequest) -> HttpResponse:
    form = PageFeedbackForm(request.POST)
    back = _local_path(request.POST.get("path"), request)
    if not form.is_valid():
        messages.error(request, "Choose Yes or No to tell us whether the page was helpful.")
        return redirect(back)
    try:
        feedback = services.page_feedback_record(
            path=back, helpful=form.cleaned_data["helpful"], address_key=protection.address_key(request)
        )
    except RateLimited as exc:
        if _is_htmx(request):
            return render(request, "community/includes/page_feedback_done.html", {"text": str(exc)})
        messages.error(request, str(exc))
        return redirect(back)
    if feedback.helpful:
        text = "Thank you for your feedback."
        if _is_htmx(request):
            return render(request, "community/includes/page_feedback_done.html", {"text": text})
        messages.success(request, text)
        return redirect(back)
    _session_append(request, FEEDBACK_KEY, feedback.pk)
    if _is_htmx(request):
        return render(
            request,
            "community/includes/feedback_details_form.html",
            {"feedback": feedback, "form": FeedbackDetailsForm(), "back": back, "htmx": True},
        )
    return redirect(reverse("community:feedback_details", args=[feedback.pk]))


@require_http_methods(["GET", "POST"])
def feedback_details(request: HttpRequest, feedback_id: int) -> HttpResponse:
    if feedback_id not in request.session.get(FEEDBACK_KEY, []):
        raise Http404("No such feedback of yours")
    feedback = get_object_or_404(PageFeedback, pk=feedback_id)
    back = _local_path(feedback.path, request)
    status = 200
    if request.method == "POST":
        form = FeedbackDetailsForm(request.POST)
        if form.is_valid():
            services.page_feedback_add_details(feedback_id=feedback.pk, details=form.cleaned_data["details"])
            text = "Thank you. Our content team will read this."
            if _is_htmx(request):
                return render(request, "community/includes/page_feedback_done.html", {"text": text})
            messages.success(request, text)
            return HttpResponseRedirect(back)
        if _is_htmx(request):  # HTMX swaps only 2xx answers: show the problem in place
            finish_widgets(form)
            return render(
                request,
                "community/includes/feedback_details_form.html",
                {"feedback": feedback, "form": form, "back": back, "htmx": True},
            )
        status = 400
    else:
        form = FeedbackDetailsForm()
    return _render(
        request,
        "community/feedback_details.html",
        {"feedback": feedback, "form": form, "back": back},
        status=status,
    )


@require_safe
@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    if not selectors.user_can_review_feedback(user=request.user):
        return _forbidden(request, "Only content reviewers can read page feedback and questions.")
    return render(
        request,
        "community/reviews.html",
        {
            "summary": selectors.page_feedback_summary(),
            "details": selectors.page_feedback_with_details(),
            "questions": selectors.questions_recent(),
        },
    )


# Ask a question --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    status = 200
    retry_after = None
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_create(
                    text=form.cleaned_data["text"],
                    search_query=form.cleaned_data["search_query"],
                    user=_user_or_none(request),
                    address_key=protection.address_key(request),
                    honeypot=form.honeypot_value(),
                    form_token=form.token_value(),
                )
            except CommunityError as exc:
                status = _refused(form, exc)
                retry_after = getattr(exc, "retry_after_seconds", None)
            else:
                messages.success(
                    request,
                    "Thank you. Your question has been sent to our content team. "
                    "We use questions like yours to decide which pages to write next.",
                )
                return redirect(reverse("community:ask"))
        else:
            status = 400
        query = str(request.POST.get("search_query", ""))[:200]
    else:
        form = QuestionForm(initial={"text": query, "search_query": query})
    return _render(
        request,
        "community/ask.html",
        {"form": form, "query": query, "form_token": protection.form_token_issue()},
        status=status,
        retry_after=retry_after,
    )
