"""The community section of a treatment page, as one inclusion tag (reads only, via selectors)."""

from __future__ import annotations

from typing import Any

from django import template
from django.http import HttpRequest

from alsnav_web.community import protection, selectors
from alsnav_web.community.forms import CommentForm, GuestCommentForm, finish_widgets
from alsnav_web.community.models import EXPERIENCE_MIN_PEOPLE
from alsnav_web.core import pagecache

register = template.Library()


def _new_form_token(request: HttpRequest) -> str:
    return protection.form_token_issue()


@register.inclusion_tag("community/includes/treatment_section.html", takes_context=True)
def treatment_community(context: template.Context, treatment_id: str, treatment_title: str) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    own_ids = [int(i) for i in request.session.get(selectors.OWN_COMMENTS_SESSION_KEY, [])]
    form_class = CommentForm if user.is_authenticated else GuestCommentForm
    form = form_class(auto_id="new-comment-%s")
    finish_widgets(form)
    return {
        "request": request,
        "user": user,
        "treatment_id": treatment_id,
        "treatment_title": treatment_title,
        "threads": selectors.comment_threads(treatment_id=treatment_id, user=user, own_comment_ids=own_ids),
        "form": form,
        "form_token": pagecache.fresh_value(request, "form_token", _new_form_token),
        "summary": selectors.experience_summary(treatment_id=treatment_id),
        "min_people": EXPERIENCE_MIN_PEOPLE,
        "experience": selectors.experience_of(user=user, treatment_id=treatment_id),
        "is_moderator": selectors.user_is_moderator(user=user),
    }
