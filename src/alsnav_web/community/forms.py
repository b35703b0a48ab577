"""Forms: input shape only. Business rules (rate limits, duplicates, moderation) live in services."""

from __future__ import annotations

from typing import Any

from django import forms

from alsnav_web.community import protection
from alsnav_web.community.models import (
    COMMENT_MAX_LENGTH,
    GUEST_NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    ReportReason,
)

MAX_LINKS_PER_COMMENT = 2


class ProtectedForm(forms.Form):
    """A public form that also carries the honeypot and the signed 'form shown at' token
    (rendered by ``community/includes/protection_fields.html``, checked by the services)."""

    def honeypot_value(self) -> str:
        return str(self.data.get(protection.HONEYPOT_FIELD, ""))

    def token_value(self) -> str:
        return str(self.data.get(protection.FORM_TOKEN_FIELD, ""))


class ScaleRadioSelect(forms.RadioSelect):
    """Radios whose 'id for label' is the first option, so an error summary link lands on it."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return str(super().id_for_label(id_, "0" if index is None else index))


def finish_widgets(form: forms.BaseForm) -> None:
    """aria-describedby for hints and errors, aria-invalid when a field has an error, and
    dir="auto" on typed text, so text in any script (or with direction controls) stays isolated."""
    for name, field in form.fields.items():
        field_id = form[name].auto_id
        if isinstance(field.widget, forms.Textarea | forms.TextInput):
            field.widget.attrs.setdefault("dir", "auto")
        ids = []
        if field.help_text:
            ids.append(f"{field_id}_helptext")
        if form.is_bound and form.errors.get(name):
            ids.append(f"{field_id}_error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids and not isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["aria-describedby"] = " ".join(ids)


class CommentForm(ProtectedForm):
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        help_text=(
            "Simple formatting works: **bold**, *italics*, lists that start with a dash, and links written "
            f"as [text](https://address), up to {MAX_LINKS_PER_COMMENT} links. "
            "Please do not share private details you would not want everyone to read."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "true"}),
        error_messages={
            "required": "Enter your comment",
            "max_length": "Your comment is too long: please keep it under %(limit_value)d characters "
            "(it has %(show_value)d)",
        },
    )

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        links = protection.count_links(body)
        if links > MAX_LINKS_PER_COMMENT:
            raise forms.ValidationError(
                f"Your comment has {links} links. To keep spam out, please include no more than "
                f"{MAX_LINKS_PER_COMMENT}."
            )
        return body


class EmailNeverShown(forms.EmailInput):
    """An e-mail box that never writes the address back into a page (like a password box)."""

    def format_value(self, value: Any) -> str | None:
        return None


class GuestCommentForm(CommentForm):
    guest_name = forms.CharField(
        label="Your name",
        max_length=GUEST_NAME_MAX_LENGTH,
        help_text="Shown with your comment. It can be a first name or a nickname.",
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": "Enter the name to show with your comment"},
    )
    guest_email = forms.EmailField(
        label="Your e-mail address",
        required=False,
        help_text=(
            "Only if you would like us to tell you when a moderator has checked your comment. "
            "We never show it to anyone, and we delete it once we have told you."
        ),
        widget=EmailNeverShown(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an e-mail address like name@example.com, or leave this empty"},
    )

    field_order = ("guest_name", "guest_email", "body")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and self.data.get("guest_email"):
            # The form is being shown again: say why the address box is empty.
            self.fields["guest_email"].help_text += (
                " For your privacy we do not show it again: please type it again if you would like us "
                "to tell you."
            )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=ReportReason.choices,
        widget=ScaleRadioSelect,
        error_messages={"required": "Choose what is wrong with this comment"},
    )
    details = forms.CharField(
        label="Anything else a moderator should know",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerationForm(forms.Form):
    ACTIONS = (("approve", "Approve"), ("reject", "Reject"), ("hide", "Hide"))

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Reason (needed to reject or hide)",
        required=False,
        max_length=1000,
        help_text="Not needed to approve. The author may read it, so keep it kind and clear.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason.show_optional = False  # type: ignore[attr-defined]  # read by includes/field.html

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") in ("reject", "hide") and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason to reject or hide a comment")
        return cleaned


SCALE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class ExperienceForm(forms.Form):
    effect = forms.TypedChoiceField(
        label="How much did it help?",
        help_text="1 = not at all, 5 = a lot",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={"required": "Choose how much it helped, from 1 to 5"},
    )
    side_effects = forms.TypedChoiceField(
        label="How bad were the side effects?",
        help_text="1 = none, 5 = severe",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={"required": "Choose how bad the side effects were, from 1 to 5"},
    )
    burden = forms.TypedChoiceField(
        label="How hard was it to fit into daily life?",
        help_text="1 = easy, 5 = very hard",
        choices=SCALE_CHOICES,
        coerce=int,
        widget=ScaleRadioSelect,
        error_messages={"required": "Choose how hard it was to fit into daily life, from 1 to 5"},
    )
    note = forms.CharField(
        label="A note for our content team",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text="Private: only the people who review this page read it.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PageFeedbackForm(forms.Form):
    path = forms.CharField(max_length=300)
    helpful = forms.TypedChoiceField(choices=(("yes", "Yes"), ("no", "No")), coerce=lambda v: v == "yes")


class FeedbackDetailsForm(forms.Form):
    details = forms.CharField(
        label="What were you looking for, or what could be better?",
        max_length=1000,
        help_text="Please do not include personal details such as your name or health information.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Tell us what you were looking for"},
    )


class QuestionForm(ProtectedForm):
    text = forms.CharField(
        label="Your question",
        max_length=2000,
        help_text="Please do not include your name or other personal details.",
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        error_messages={"required": "Enter your question"},
    )
    search_query = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        links = protection.count_links(text)
        if links > MAX_LINKS_PER_COMMENT:
            raise forms.ValidationError(f"Please include no more than {MAX_LINKS_PER_COMMENT} links.")
        return text
