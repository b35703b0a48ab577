"""Django admin for moderators and content reviewers.

Guests' e-mail addresses are excluded from every admin page. Status changes go through the
services (as actions), so the moderator, time and reason are always recorded.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from alsnav_web.community import services
from alsnav_web.community.models import Comment, CommentStatus, Experience, PageFeedback, Question, Report


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ("reason", "details", "created_at", "resolved_at")
    readonly_fields = ("reason", "details", "created_at", "resolved_at")
    can_delete = False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "treatment", "author_name", "status", "is_reply", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("body", "guest_name", "author__username", "treatment__title")
    list_select_related = ("treatment", "author")
    exclude = ("guest_email", "body_fingerprint")
    readonly_fields = (
        "treatment",
        "parent",
        "author",
        "guest_name",
        "status",
        "kept_after_report",
        "moderated_by",
        "moderated_at",
        "created_at",
        "updated_at",
    )
    inlines = (ReportInline,)
    actions = ("approve", "reject_as_spam", "hide_for_breaking_rules")
    date_hierarchy = "created_at"

    @admin.display(description="Author")
    def author_name(self, obj: Comment) -> str:
        return f"{obj.display_name} (guest)" if obj.is_guest else obj.display_name

    @admin.display(boolean=True, description="Reply")
    def is_reply(self, obj: Comment) -> bool:
        return obj.parent_id is not None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _moderate(self, request: HttpRequest, queryset: QuerySet[Comment], action: str, reason: str) -> None:
        done = 0
        for comment in queryset.exclude(status=CommentStatus.DELETED).select_related("treatment"):
            services.comment_moderate(
                comment=comment,
                action=action,  # type: ignore[arg-type]  # one of the three literals below
                reason=reason,
                moderator=request.user,  # type: ignore[arg-type]  # admin users are signed in
            )
            done += 1
        self.message_user(request, f"{done} comment{'s' if done != 1 else ''} updated.", messages.SUCCESS)

    @admin.action(description="Approve and publish the selected comments", permissions=["change"])
    def approve(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, "approve", "")

    @admin.action(description="Reject the selected comments as spam", permissions=["change"])
    def reject_as_spam(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, "reject", "This looks like spam or advertising.")

    @admin.action(
        description="Hide the selected comments (breaks the community rules)", permissions=["change"]
    )
    def hide_for_breaking_rules(self, request: HttpRequest, queryset: QuerySet[Comment]) -> None:
        self._moderate(request, queryset, "hide", "This comment breaks our community rules.")


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("id", "comment", "reason", "created_at", "resolved_at")
    list_filter = ("reason", "resolved_at")
    readonly_fields = ("comment", "reason", "details", "reporter", "created_at")
    exclude = ("reporter_key", "network_key")  # keyed hashes for counting distinct reporters only


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    # No user column: ratings are health information, read as aggregates.
    list_display = ("id", "treatment", "effect", "side_effects", "burden", "has_note", "updated_at")
    list_filter = ("treatment",)
    readonly_fields = (
        "treatment",
        "user",
        "effect",
        "side_effects",
        "burden",
        "note",
        "created_at",
        "updated_at",
    )

    @admin.display(boolean=True, description="Note")
    def has_note(self, obj: Experience) -> bool:
        return bool(obj.note)


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ("path", "helpful", "details", "created_at")
    list_filter = ("helpful", "created_at")
    search_fields = ("path", "details")
    readonly_fields = ("path", "helpful", "details", "created_at")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("id", "text", "search_query", "status", "created_at")
    list_filter = ("status", "created_at")
    search_fields = ("text", "search_query")
    readonly_fields = ("text", "search_query", "user", "created_at")
