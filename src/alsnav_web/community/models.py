"""The community layer: comments, reports, treatment experiences, page feedback and questions.

Privacy rules that the whole app keeps:

- a guest's e-mail address is stored only to tell them when a moderator has decided on their
  comment, and is erased as soon as that message is sent; it never reaches a page, an API
  response, a log line or an admin list;
- no IP address is stored anywhere: rate limits and duplicate checks use short-lived, keyed hashes
  in the cache (see ``protection.py``);
- experience ratings are shown only as aggregates over at least
  ``EXPERIENCE_MIN_PEOPLE`` people, and their notes are read only by content reviewers.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from alsnav_web.catalog.models import Treatment

COMMENT_MAX_LENGTH = 5000
GUEST_NAME_MAX_LENGTH = 60
NOTE_MAX_LENGTH = 1000
EXPERIENCE_MIN_PEOPLE = 5


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Awaiting moderation"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected by a moderator"
    HIDDEN = "hidden", "Hidden by a moderator"
    DELETED = "deleted", "Deleted by its author"


class Comment(models.Model):
    """A comment on a treatment page, or a reply to one (replies go one level deep)."""

    treatment = models.ForeignKey(
        Treatment,
        # Protect, not cascade: reloading content must never silently delete people's comments.
        on_delete=models.PROTECT,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_comments",
    )
    guest_name = models.CharField(max_length=GUEST_NAME_MAX_LENGTH, blank=True)
    guest_email = models.EmailField(
        blank=True,
        help_text="Never shown. Used once to tell the guest about the moderator's decision, then erased.",
    )
    body = models.TextField(max_length=COMMENT_MAX_LENGTH)
    body_fingerprint = models.CharField(
        max_length=64, db_index=True, help_text="hash of the normalised text, for duplicate detection"
    )
    status = models.CharField(max_length=12, choices=CommentStatus.choices, db_index=True)
    kept_after_report = models.BooleanField(
        default=False,
        help_text="A moderator kept it after a report: further reports queue it but leave it visible.",
    )
    moderation_reason = models.TextField(blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created_at", "id")
        permissions = (("moderate_comment", "Can approve, reject and hide comments"),)
        indexes = (models.Index(fields=("treatment", "status", "created_at")),)

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.treatment_id} by {self.display_name}"

    @property
    def is_guest(self) -> bool:
        return self.author_id is None

    @property
    def display_name(self) -> str:
        if self.author is not None:
            return self.author.get_username()
        return self.guest_name or "Guest"


class ReportReason(models.TextChoices):
    HARMFUL = "harmful", "It could harm someone's health (for example, dangerous advice)"
    ABUSE = "abuse", "It is rude, hateful or bullying"
    SPAM = "spam", "It is spam or advertising"
    PRIVATE = "private", "It shares someone's private details"
    OTHER = "other", "Something else"


class Report(models.Model):
    """A reader's report about a comment; open reports put the comment in the moderation queue, and
    reports from several different people take it off the page until a moderator has looked."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(max_length=10, choices=ReportReason.choices)
    details = models.TextField(max_length=500, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Keyed hashes that only say whether two reports of the same comment came from the same person
    # (their account, or a guest's network address) and the same network: the hash includes the
    # comment's id, so it cannot link one person's reports across comments, and no address is kept.
    reporter_key = models.CharField(max_length=32, blank=True, default="")
    network_key = models.CharField(max_length=32, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"Report {self.pk} on comment {self.comment_id}: {self.reason}"


class Experience(models.Model):
    """One signed-in person's rating of a treatment they have used (1–5 on three scales)."""

    treatment = models.ForeignKey(Treatment, on_delete=models.PROTECT, related_name="experiences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiences")
    effect = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    side_effects = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    burden = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("treatment", "user"), name="one_experience_per_person"),
            models.CheckConstraint(
                condition=models.Q(effect__gte=1, effect__lte=5)
                & models.Q(side_effects__gte=1, side_effects__lte=5)
                & models.Q(burden__gte=1, burden__lte=5),
                name="experience_scores_1_to_5",
            ),
        )

    def __str__(self) -> str:
        return f"Experience {self.pk} of {self.treatment_id}"


class PageFeedback(models.Model):
    """An answer to "Was this page helpful?" (no account, no address: only the page and the answer)."""

    path = models.CharField(max_length=300, db_index=True)
    helpful = models.BooleanField()
    details = models.TextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "page feedback"

    def __str__(self) -> str:
        return f"{'Helpful' if self.helpful else 'Not helpful'}: {self.path}"


class QuestionStatus(models.TextChoices):
    NEW = "new", "New"
    PLANNED = "planned", "A page is planned"
    ANSWERED = "answered", "Answered on the site"
    CLOSED = "closed", "Closed"


class Question(models.Model):
    """A question from someone whose search found nothing; read by the content team."""

    search_query = models.CharField(max_length=200, blank=True)
    text = models.TextField(max_length=2000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.NEW)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Question {self.pk}"
