"""Writes of the community layer: posting, reporting, moderating, rating and feedback.

Every function is keyword-only and raises a :class:`~alsnav_web.community.protection.CommunityError`
subclass (a ``ValueError``) with a message written for the person concerned. Nothing here logs
personal data: no names, e-mail addresses, comment text or network addresses.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import timedelta
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from alsnav_web.catalog.models import Treatment
from alsnav_web.community import protection
from alsnav_web.community.models import (
    Comment,
    CommentStatus,
    Experience,
    PageFeedback,
    Question,
    Report,
)
from alsnav_web.community.protection import CommunityError, DuplicatePost
from alsnav_web.community.selectors import comment_is_own
from alsnav_web.core.actors import Account

logger = logging.getLogger(__name__)

# Short texts such as "Thank you!" are legitimately repeated by different people; long identical
# texts on several pages are what copy-paste spam looks like.
DUPLICATE_ANYONE_MIN_CHARS = 60
DUPLICATE_ANYONE_DAYS = 7

ModerationAction = Literal["approve", "reject", "hide"]

# A report alone never takes a comment off the page: one person (or one script) could otherwise
# hide any comment they disagree with. It goes off the page, until a moderator has looked, once
# this many different people have reported it (different accounts; for guests, different network
# addresses) from as many different network addresses (so one person with several accounts on one
# connection is not enough). Every report reaches the moderation queue at once, whatever the count.
AUTO_HIDE_MIN_REPORTERS = 3
AUTO_HIDE_MIN_NETWORKS = 3


class ModerationError(CommunityError):
    pass


def _check_post_protections(
    *,
    honeypot: str | None,
    form_token: str | None,
    address_key: str,
    user_id: int | None,
    address_limit: protection.RateLimit,
    account_limit: protection.RateLimit | None,
    action: str,
) -> None:
    protection.honeypot_check(honeypot)
    protection.form_token_check(form_token)
    protection.rate_limit_check(address_limit, address_key, action=action)
    if user_id is not None and account_limit is not None:
        protection.rate_limit_check(account_limit, protection.account_key(user_id), action=action)


def _record_post(
    *,
    address_key: str,
    user_id: int | None,
    address_limit: protection.RateLimit,
    account_limit: protection.RateLimit | None,
) -> None:
    protection.rate_limit_record(address_limit, address_key)
    if user_id is not None and account_limit is not None:
        protection.rate_limit_record(account_limit, protection.account_key(user_id))


def _check_duplicate(*, digest: str, actor_key: str, normalised_length: int) -> None:
    if protection.seen_recently(actor_key, digest):
        raise DuplicatePost(
            "You have already posted this comment. It may be waiting for a moderator. "
            "If you meant to add something, please change the text."
        )
    if normalised_length >= DUPLICATE_ANYONE_MIN_CHARS:
        since = timezone.now() - timedelta(days=DUPLICATE_ANYONE_DAYS)
        if Comment.objects.filter(body_fingerprint=digest, created_at__gte=since).exists():
            raise DuplicatePost(
                "This comment is the same as one already posted on the site. "
                "Please write it in your own words."
            )


@transaction.atomic
def comment_create(
    *,
    treatment_id: str,
    body: str,
    author: Account | None,
    guest_name: str = "",
    guest_email: str = "",
    parent_id: int | None = None,
    address_key: str,
    honeypot: str | None = None,
    form_token: str | None = None,
) -> Comment | None:
    """Post a comment or a reply. Guests' comments wait for a moderator; account holders' appear at once.

    Returns None (and stores nothing) when the honeypot shows an automated post: the caller answers
    as if it had been accepted, so bots learn nothing.
    """
    user_id = int(author.pk) if author is not None else None
    try:
        _check_post_protections(
            honeypot=honeypot,
            form_token=form_token,
            address_key=address_key,
            user_id=user_id,
            address_limit=protection.COMMENT_LIMIT_PER_ADDRESS,
            account_limit=protection.COMMENT_LIMIT_PER_ACCOUNT,
            action="comments",
        )
    except protection.LooksAutomated:
        logger.info("community: automated comment discarded (honeypot)")
        return None

    treatment = Treatment.objects.filter(pk=treatment_id).first()
    if treatment is None:
        raise CommunityError("This treatment page no longer exists, so the comment could not be posted.")
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, treatment=treatment).first()
        if parent is None or parent.status != CommentStatus.PUBLISHED:
            raise CommunityError("The comment you are replying to is no longer on the page.")
        if parent.parent_id is not None:  # replies go one level deep: answer the thread
            parent = parent.parent

    digest = protection.fingerprint(body)
    actor_key = protection.account_key(user_id) if user_id is not None else address_key
    _check_duplicate(digest=digest, actor_key=actor_key, normalised_length=len(" ".join(body.split())))

    comment = Comment.objects.create(
        treatment=treatment,
        parent=parent,
        author=author,
        guest_name="" if author is not None else guest_name.strip(),
        guest_email="" if author is not None else guest_email.strip(),
        body=body,
        body_fingerprint=digest,
        status=CommentStatus.PUBLISHED if author is not None else CommentStatus.PENDING,
    )
    _record_post(
        address_key=address_key,
        user_id=user_id,
        address_limit=protection.COMMENT_LIMIT_PER_ADDRESS,
        account_limit=protection.COMMENT_LIMIT_PER_ACCOUNT,
    )
    protection.remember_post(actor_key, digest)
    logger.info("community: comment %s created (%s)", comment.pk, comment.status)
    return comment


def _reporter_keys(*, comment_id: int, user_id: int | None, address_key: str) -> tuple[str, str]:
    """Per-comment keyed hashes of who reported (the account, or a guest's address) and from where."""
    who = protection.account_key(user_id) if user_id is not None else address_key
    return (
        protection.keyed_hash(f"report:{comment_id}:{who}"),
        protection.keyed_hash(f"report-network:{comment_id}:{address_key}"),
    )


def comment_reported_widely(*, comment: Comment) -> bool:
    """Have enough different people, from enough networks, reported it (open reports only)?"""
    counts = Report.objects.filter(comment=comment, resolved_at__isnull=True).aggregate(
        reporters=Count("reporter_key", distinct=True, filter=~Q(reporter_key="")),
        networks=Count("network_key", distinct=True, filter=~Q(network_key="")),
    )
    return bool(
        counts["reporters"] >= AUTO_HIDE_MIN_REPORTERS and counts["networks"] >= AUTO_HIDE_MIN_NETWORKS
    )


@transaction.atomic
def comment_report(
    *,
    comment: Comment,
    reason: str,
    details: str = "",
    reporter: Account | None,
    address_key: str,
) -> Report:
    """Record a report; it goes to the moderation queue at once. Once several different people
    have reported the comment (``AUTO_HIDE_MIN_REPORTERS``), it goes off the page until a moderator
    has looked at it - unless a moderator already kept it after an earlier report, in which case
    it stays visible while it waits in the queue. Reports are rate-limited per address and account."""
    user_id = int(reporter.pk) if reporter is not None and reporter.is_authenticated else None
    protection.rate_limit_check(protection.REPORT_LIMIT_PER_ADDRESS, address_key, action="reports")
    if user_id is not None:
        protection.rate_limit_check(
            protection.REPORT_LIMIT_PER_ACCOUNT, protection.account_key(user_id), action="reports"
        )
    reporter_key, network_key = _reporter_keys(
        comment_id=int(comment.pk), user_id=user_id, address_key=address_key
    )
    report = Report.objects.create(
        comment=comment,
        reason=reason,
        details=details.strip(),
        reporter=reporter if user_id is not None else None,
        reporter_key=reporter_key,
        network_key=network_key,
    )
    if (
        comment.status == CommentStatus.PUBLISHED
        and not comment.kept_after_report
        and comment_reported_widely(comment=comment)
    ):
        comment.status = CommentStatus.PENDING
        comment.save(update_fields=["status", "updated_at"])
    protection.rate_limit_record(protection.REPORT_LIMIT_PER_ADDRESS, address_key)
    if user_id is not None:
        protection.rate_limit_record(protection.REPORT_LIMIT_PER_ACCOUNT, protection.account_key(user_id))
    logger.info("community: comment %s reported (%s)", comment.pk, reason)
    return report


@transaction.atomic
def comment_delete(
    *, comment: Comment, user: Account | None, own_comment_ids: Collection[int]
) -> None:
    """Authors delete their own comments. The text and name are erased; replies stay in the thread."""
    from django.contrib.auth.models import AnonymousUser

    viewer = user if user is not None else AnonymousUser()
    if comment.status == CommentStatus.DELETED or not comment_is_own(
        comment=comment, user=viewer, own_comment_ids=own_comment_ids
    ):
        raise PermissionDenied("Only the author of a comment can delete it.")
    comment.status = CommentStatus.DELETED
    comment.body = ""
    comment.guest_name = ""
    comment.guest_email = ""
    comment.save(update_fields=["status", "body", "guest_name", "guest_email", "updated_at"])
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())
    logger.info("community: comment %s deleted by its author", comment.pk)


_GUEST_MESSAGES = {
    "approve": (
        "Your comment is published",
        "Thank you for your comment on the {title} page of ALS Navigator. "
        "A moderator has checked it and it is now published.",
    ),
    "reject": (
        "Your comment was not published",
        "Thank you for your comment on the {title} page of ALS Navigator. "
        "A moderator decided not to publish it, for this reason:\n\n{reason}\n\n"
        "You are welcome to post again.",
    ),
    "hide": (
        "Your comment has been hidden",
        "A moderator has hidden your comment on the {title} page of ALS Navigator, for this reason:\n\n"
        "{reason}",
    ),
}


def _tell_guest_and_forget_address(comment: Comment, action: ModerationAction) -> None:
    """The one use of a guest's e-mail address: tell them the decision, then erase the address."""
    if not comment.guest_email:
        return
    subject, text = _GUEST_MESSAGES[action]
    body = text.format(title=comment.treatment.title, reason=comment.moderation_reason)
    body += "\n\nWe have now deleted your e-mail address. This message was sent automatically."
    send_mail(subject, body, None, [comment.guest_email], fail_silently=True)
    comment.guest_email = ""


@transaction.atomic
def comment_moderate(
    *, comment: Comment, action: ModerationAction, reason: str, moderator: Account
) -> Comment:
    """Approve (publish), reject (never published) or hide (taken down) a comment, with a reason."""
    reason = reason.strip()
    if action not in _GUEST_MESSAGES:
        raise ModerationError("Choose approve, reject or hide.")
    if action != "approve" and not reason:
        raise ModerationError("Please give a reason. The author may read it.")
    if comment.status == CommentStatus.DELETED:
        raise ModerationError("Its author has deleted this comment, so there is nothing to moderate.")
    had_reports = Report.objects.filter(comment=comment, resolved_at__isnull=True).exists()
    now = timezone.now()
    comment.status = {
        "approve": CommentStatus.PUBLISHED,
        "reject": CommentStatus.REJECTED,
        "hide": CommentStatus.HIDDEN,
    }[action]
    if action == "approve" and had_reports:
        comment.kept_after_report = True
    comment.moderation_reason = reason
    comment.moderated_by = moderator
    comment.moderated_at = now
    _tell_guest_and_forget_address(comment, action)
    comment.save(
        update_fields=[
            "status",
            "kept_after_report",
            "moderation_reason",
            "moderated_by",
            "moderated_at",
            "guest_email",
            "updated_at",
        ]
    )
    Report.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)
    logger.info("community: comment %s moderated (%s)", comment.pk, action)
    return comment


@transaction.atomic
def experience_save(
    *,
    user: Account,
    treatment_id: str,
    effect: int,
    side_effects: int,
    burden: int,
    note: str = "",
) -> Experience:
    """Create or update this person's rating of a treatment."""
    protection.rate_limit_check(
        protection.EXPERIENCE_LIMIT_PER_ACCOUNT, protection.account_key(int(user.pk)), action="ratings"
    )
    treatment = Treatment.objects.filter(pk=treatment_id).first()
    if treatment is None:
        raise CommunityError("This treatment page no longer exists.")
    for name, value in (("effect", effect), ("side_effects", side_effects), ("burden", burden)):
        if value not in range(1, 6):
            raise CommunityError(f"{name}: choose a number from 1 to 5")
    experience, _created = Experience.objects.update_or_create(
        treatment=treatment,
        user=user,
        defaults={"effect": effect, "side_effects": side_effects, "burden": burden, "note": note.strip()},
    )
    protection.rate_limit_record(
        protection.EXPERIENCE_LIMIT_PER_ACCOUNT, protection.account_key(int(user.pk))
    )
    return experience


def experience_remove(*, user: Account, treatment_id: str) -> bool:
    deleted, _ = Experience.objects.filter(user=user, treatment_id=treatment_id).delete()
    return deleted > 0


def page_feedback_record(*, path: str, helpful: bool, address_key: str) -> PageFeedback:
    protection.rate_limit_check(protection.FEEDBACK_LIMIT_PER_ADDRESS, address_key, action="answers")
    feedback = PageFeedback.objects.create(path=path[:300], helpful=helpful)
    protection.rate_limit_record(protection.FEEDBACK_LIMIT_PER_ADDRESS, address_key)
    return feedback


def page_feedback_add_details(*, feedback_id: int, details: str) -> None:
    PageFeedback.objects.filter(pk=feedback_id).update(details=details.strip()[:1000])


def question_create(
    *,
    text: str,
    search_query: str,
    user: Account | None,
    address_key: str,
    honeypot: str | None = None,
    form_token: str | None = None,
) -> Question | None:
    """Store a question for the content team. None (nothing stored) when a bot filled the honeypot."""
    try:
        _check_post_protections(
            honeypot=honeypot,
            form_token=form_token,
            address_key=address_key,
            user_id=None,
            address_limit=protection.QUESTION_LIMIT_PER_ADDRESS,
            account_limit=None,
            action="questions",
        )
    except protection.LooksAutomated:
        logger.info("community: automated question discarded (honeypot)")
        return None
    question = Question.objects.create(
        text=text.strip(),
        search_query=search_query.strip()[:200],
        user=user if user is not None and user.is_authenticated else None,
    )
    _record_post(
        address_key=address_key,
        user_id=None,
        address_limit=protection.QUESTION_LIMIT_PER_ADDRESS,
        account_limit=None,
    )
    return question
