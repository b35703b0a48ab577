"""Reads of the community layer. Nothing here returns a guest's e-mail address."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.db.models import Avg, Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.utils.safestring import SafeString

from alsnav_web.community.markdown import render_comment
from alsnav_web.community.models import (
    EXPERIENCE_MIN_PEOPLE,
    Comment,
    CommentStatus,
    Experience,
    PageFeedback,
    Question,
    Report,
)
from alsnav_web.core.actors import Actor

MODERATE_PERMISSION = "community.moderate_comment"
REVIEW_PERMISSION = "community.view_pagefeedback"
# Guests have no account: the ids of comments they posted in this browser session are kept in the
# session, so they can see their own comment while it waits and delete it.
OWN_COMMENTS_SESSION_KEY = "community_own_comments"


def user_is_moderator(*, user: Actor) -> bool:
    return bool(user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def user_can_review_feedback(*, user: Actor) -> bool:
    return bool(user.is_authenticated and user.has_perm(REVIEW_PERMISSION))


def comment_is_own(*, comment: Comment, user: Actor, own_comment_ids: Collection[int]) -> bool:
    """Written by this signed-in person, or by this guest earlier in the same browser session."""
    if comment.author_id is not None:
        return bool(user.is_authenticated and comment.author_id == user.pk)
    return comment.pk in own_comment_ids


@dataclass
class CommentItem:
    """A comment as one reader sees it."""

    comment: Comment
    html: SafeString | None
    is_own: bool = False
    notice: str = ""
    placeholder: str = ""
    replies: list[CommentItem] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return int(self.comment.pk)


def _notice(comment: Comment, has_open_reports: bool) -> str:
    if comment.status == CommentStatus.PENDING:
        if has_open_reports:
            return (
                "Readers have reported this comment. Only you can see it until a moderator has looked at it."
            )
        return "Awaiting moderation. Only you can see this until a moderator approves it."
    if comment.status == CommentStatus.REJECTED:
        return f"A moderator did not publish this comment. Reason: {comment.moderation_reason}"
    if comment.status == CommentStatus.HIDDEN:
        return f"A moderator hid this comment. Reason: {comment.moderation_reason}"
    return ""


_REMOVED = {
    CommentStatus.DELETED: "This comment was deleted by its author.",
    CommentStatus.HIDDEN: "This comment was removed by a moderator.",
    CommentStatus.PENDING: "This comment is waiting for a moderator.",
    CommentStatus.REJECTED: "This comment was removed by a moderator.",
}


def _item(comment: Comment, *, user: Actor, own_comment_ids: Collection[int]) -> CommentItem | None:
    own = comment_is_own(comment=comment, user=user, own_comment_ids=own_comment_ids)
    if comment.status == CommentStatus.PUBLISHED:
        return CommentItem(comment=comment, html=render_comment(comment.body), is_own=own)
    if own and comment.status != CommentStatus.DELETED:
        notice = _notice(comment, bool(getattr(comment, "has_open_reports", False)))
        return CommentItem(comment=comment, html=render_comment(comment.body), is_own=True, notice=notice)
    return None


#: Threads (a top-level comment with its replies) per page of a treatment's comments, and the query
#: parameter choosing the page (``?comments=2``), so the section works without JavaScript.
COMMENTS_PER_PAGE = 20
COMMENT_PAGE_PARAM = "comments"


@dataclass
class CommentPage:
    """One page of a treatment's comment threads, as one reader sees them."""

    threads: list[CommentItem]
    number: int
    num_pages: int
    thread_count: int

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def page_numbers(self) -> range:
        return range(1, self.num_pages + 1)


def _visible_to(*, user: Actor, own_comment_ids: Collection[int]) -> Q:
    """The comments ``user`` sees as comments: published ones, and their own unless deleted
    (the same rule as :func:`_item`, in SQL)."""
    visible = Q(status=CommentStatus.PUBLISHED)
    not_deleted = ~Q(status=CommentStatus.DELETED)
    if user.is_authenticated:
        visible |= Q(author_id=user.pk) & not_deleted
    if own_comment_ids:
        visible |= Q(author__isnull=True, pk__in=list(own_comment_ids)) & not_deleted
    return visible


def _thread_roots(*, treatment_id: str, user: Actor, own_comment_ids: Collection[int]) -> QuerySet[Comment]:
    """Top-level comments shown on the page: visible ones, and removed ones that still have visible
    replies (shown as a placeholder), oldest first."""
    visible = _visible_to(user=user, own_comment_ids=own_comment_ids)
    visible_replies = Comment.objects.filter(visible, parent=OuterRef("pk"))
    return (
        Comment.objects.filter(treatment_id=treatment_id, parent__isnull=True)
        .filter(visible | Exists(visible_replies))
        .order_by("created_at", "id")
    )


def comment_threads(
    *,
    treatment_id: str,
    user: Actor,
    own_comment_ids: Collection[int],
    page: int | str | None = 1,
    per_page: int = COMMENTS_PER_PAGE,
) -> CommentPage:
    """One page of top-level comments with their replies, oldest first, as ``user`` may see them.

    A fixed number of queries whatever the number of comments: count the threads, read one page of
    them, then their replies (authors joined, open reports annotated, no query per comment).
    ``page`` is the raw query value; anything that is not a page number gives the first or last page.
    """
    open_reports = Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
    roots = _thread_roots(treatment_id=treatment_id, user=user, own_comment_ids=own_comment_ids)
    paginator = Paginator(
        roots.select_related("author").annotate(has_open_reports=Exists(open_reports)), per_page
    )
    current = paginator.get_page(page)
    rows = list(current.object_list)
    reply_rows = (
        Comment.objects.filter(parent_id__in=[row.pk for row in rows])
        .filter(_visible_to(user=user, own_comment_ids=own_comment_ids))
        .select_related("author")
        .annotate(has_open_reports=Exists(open_reports))
        .order_by("created_at", "id")
        if rows
        else []
    )
    replies: dict[int, list[CommentItem]] = {}
    for row in reply_rows:
        item = _item(row, user=user, own_comment_ids=own_comment_ids)
        if item is not None and row.parent_id is not None:
            replies.setdefault(row.parent_id, []).append(item)
    threads = []
    for row in rows:
        item = _item(row, user=user, own_comment_ids=own_comment_ids)
        children = replies.get(row.pk, [])
        if item is None:
            item = CommentItem(comment=row, html=None, placeholder=_REMOVED[CommentStatus(row.status)])
        item.replies = children
        threads.append(item)
    return CommentPage(
        threads=threads,
        number=current.number,
        num_pages=paginator.num_pages,
        thread_count=paginator.count,
    )


def comment_page_number(
    *, comment: Comment, user: Actor, own_comment_ids: Collection[int], per_page: int = COMMENTS_PER_PAGE
) -> int:
    """The page of a treatment's comments on which ``comment`` (or the thread it answers) is shown."""
    root = comment.parent if comment.parent_id is not None and comment.parent is not None else comment
    before = (
        _thread_roots(treatment_id=root.treatment_id, user=user, own_comment_ids=own_comment_ids)
        .filter(Q(created_at__lt=root.created_at) | Q(created_at=root.created_at, id__lt=root.pk))
        .count()
    )
    return before // per_page + 1


def comment_count_published(*, treatment_id: str) -> int:
    return Comment.objects.filter(treatment_id=treatment_id, status=CommentStatus.PUBLISHED).count()


def comment_get(*, comment_id: int) -> Comment | None:
    return Comment.objects.select_related("treatment", "author", "parent").filter(pk=comment_id).first()


def comment_get_published(*, comment_id: int) -> Comment | None:
    return (
        Comment.objects.select_related("treatment", "author")
        .filter(pk=comment_id, status=CommentStatus.PUBLISHED)
        .first()
    )


def comments_public(*, treatment_id: str) -> QuerySet[Comment]:
    """Published comments for the API (no e-mail, no moderation data)."""
    return (
        Comment.objects.filter(treatment_id=treatment_id, status=CommentStatus.PUBLISHED)
        .select_related("author")
        .order_by("created_at", "id")
    )


def comment_was_published(*, comment: Comment) -> bool:
    """Has this comment been on the page (so a moderator would hide it, not reject it)?"""
    if comment.status == CommentStatus.PUBLISHED or comment.author_id is not None:
        return True
    return comment.moderated_at is not None and comment.status == CommentStatus.PENDING


@dataclass(frozen=True)
class QueueItem:
    comment: Comment
    html: SafeString
    open_reports: list[Report]
    was_published: bool


def _queued() -> QuerySet[Comment]:
    open_reports = Report.objects.filter(comment=OuterRef("pk"), resolved_at__isnull=True)
    return Comment.objects.filter(
        Q(status=CommentStatus.PENDING) | Q(status=CommentStatus.PUBLISHED) & Exists(open_reports)
    )


def moderation_queue() -> list[QueueItem]:
    """Comments waiting for a moderator: new guest comments and reported ones, oldest first."""
    open_reports = Report.objects.filter(resolved_at__isnull=True).order_by("created_at")
    rows = (
        _queued()
        .select_related("treatment", "author", "parent")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("created_at", "id")
    )
    return [
        QueueItem(
            comment=row,
            html=render_comment(row.body),
            open_reports=list(row.open_reports),
            was_published=comment_was_published(comment=row),
        )
        for row in rows
    ]


def moderation_queue_count() -> int:
    return _queued().count()


@dataclass(frozen=True)
class ExperienceSummary:
    people: int
    effect: float | None = None
    side_effects: float | None = None
    burden: float | None = None

    @property
    def shown(self) -> bool:
        return self.people >= EXPERIENCE_MIN_PEOPLE

    @property
    def needed(self) -> int:
        return max(0, EXPERIENCE_MIN_PEOPLE - self.people)


def experience_summary(*, treatment_id: str) -> ExperienceSummary:
    """Averages, only when at least EXPERIENCE_MIN_PEOPLE people rated (otherwise the count alone)."""
    stats = Experience.objects.filter(treatment_id=treatment_id).aggregate(
        people=Count("id"), effect=Avg("effect"), side_effects=Avg("side_effects"), burden=Avg("burden")
    )
    people = int(stats["people"] or 0)
    if people < EXPERIENCE_MIN_PEOPLE:
        return ExperienceSummary(people=people)
    return ExperienceSummary(
        people=people,
        effect=round(float(stats["effect"]), 1),
        side_effects=round(float(stats["side_effects"]), 1),
        burden=round(float(stats["burden"]), 1),
    )


def experience_of(*, user: Actor, treatment_id: str) -> Experience | None:
    if not user.is_authenticated:
        return None
    return Experience.objects.filter(user_id=user.pk, treatment_id=treatment_id).first()


@dataclass(frozen=True)
class PageFeedbackSummary:
    path: str
    helpful: int
    not_helpful: int
    latest: datetime


def page_feedback_summary(*, limit: int = 100) -> list[PageFeedbackSummary]:
    """Per page: how many found it helpful and how many did not; least helpful pages first."""
    rows = (
        PageFeedback.objects.values("path")
        .annotate(
            helpful_count=Count("id", filter=Q(helpful=True)),
            not_helpful_count=Count("id", filter=Q(helpful=False)),
            latest=Max("created_at"),
        )
        .order_by("-not_helpful_count", "path")[:limit]
    )
    return [
        PageFeedbackSummary(
            path=r["path"], helpful=r["helpful_count"], not_helpful=r["not_helpful_count"], latest=r["latest"]
        )
        for r in rows
    ]


def page_feedback_with_details(*, limit: int = 50) -> QuerySet[PageFeedback]:
    return PageFeedback.objects.exclude(details="").order_by("-created_at")[:limit]


def questions_recent(*, limit: int = 100) -> QuerySet[Question]:
    return Question.objects.order_by("-created_at")[:limit]
