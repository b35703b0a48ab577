"""The community section of a treatment page, as one inclusion tag (reads only, via selectors)."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…") between page numbers
    url: str = ""
    current: bool = False


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query.pop(selectors.COMMENT_PAGE_PARAM, None)
    if number > 1:
        query[selectors.COMMENT_PAGE_PARAM] = str(number)
    encoded = query.urlencode()
    return f"{request.path}{'?' + encoded if encoded else ''}#comments"


def page_links(request: HttpRequest, page: selectors.CommentPage) -> dict[str, Any]:
    """Links to the other pages of comments: the first, the last, and two either side of this one."""
    if not page.has_other_pages:
        return {}
    wanted = {1, page.num_pages, *range(page.number - 2, page.number + 3)}
    numbers: list[PageLink] = []
    for number in sorted(n for n in wanted if 1 <= n <= page.num_pages):
        if numbers and numbers[-1].number is not None and number - int(numbers[-1].number) > 1:
            numbers.append(PageLink(number=None))
        numbers.append(PageLink(number=number, url=_page_url(request, number), current=number == page.number))
    return {
        "numbers": numbers,
        "previous": _page_url(request, page.number - 1) if page.number > 1 else "",
        "next": _page_url(request, page.number + 1) if page.number < page.num_pages else "",
    }


@register.inclusion_tag("community/includes/treatment_section.html", takes_context=True)
def treatment_community(context: template.Context, treatment_id: str, treatment_title: str) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    own_ids = [int(i) for i in request.session.get(selectors.OWN_COMMENTS_SESSION_KEY, [])]
    form_class = CommentForm if user.is_authenticated else GuestCommentForm
    form = form_class(auto_id="new-comment-%s")
    finish_widgets(form)
    comment_page = selectors.comment_threads(
        treatment_id=treatment_id,
        user=user,
        own_comment_ids=own_ids,
        page=request.GET.get(selectors.COMMENT_PAGE_PARAM, 1),
    )
    return {
        "request": request,
        "user": user,
        "treatment_id": treatment_id,
        "treatment_title": treatment_title,
        "comment_page": comment_page,
        "threads": comment_page.threads,
        "page_links": page_links(request, comment_page),
        "form": form,
        "form_token": pagecache.fresh_value(request, "form_token", _new_form_token),
        "summary": selectors.experience_summary(treatment_id=treatment_id),
        "min_people": EXPERIENCE_MIN_PEOPLE,
        "experience": selectors.experience_of(user=user, treatment_id=treatment_id),
        "is_moderator": selectors.user_is_moderator(user=user),
    }
