from __future__ import annotations

from django import forms

from alsnav_web.careplan.models import ALSFRS_INTERVAL_CHOICES


class ReminderForm(forms.Form):
    enabled = forms.BooleanField(
        required=False,
        label="E-mail me when a test is due, or when no ALSFRS-R has been entered for a while",
    )
    alsfrs_interval_days = forms.TypedChoiceField(
        choices=ALSFRS_INTERVAL_CHOICES,
        coerce=int,
        label="Remind me about the ALSFRS-R when none has been entered for",
        widget=forms.RadioSelect,
    )
