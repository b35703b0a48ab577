"""Account forms in plain language, with autocomplete hints (WCAG 1.3.5) and no autofocus.

Password rules are described in one plain sentence built from the configured validators, instead of
Django's HTML list (which the shared field template would show as raw markup).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)

User = get_user_model()


def password_rules() -> str:
    length = 8
    for validator in password_validation.get_default_password_validators():
        length = int(getattr(validator, "min_length", length))
    return (
        f"At least {length} characters. It cannot be only numbers, a very common password, "
        "or too like your user name. A short sentence is easy to remember and hard to guess."
    )


def _no_autofocus(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("autofocus", None)


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label="E-mail address",
        help_text="Only to help you set a new password if you forget it. We never show it to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address like name@example.com",
        },
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_autofocus(self)
        username = self.fields["username"]
        username.label = "User name"
        username.help_text = (
            "Shown with your comments, so you may prefer a nickname. "
            "Letters, numbers and the characters . + - _ only."
        )
        username.widget.attrs["autocomplete"] = "username"
        username.error_messages["required"] = "Enter a user name"
        self.fields["password1"].label = "Password"
        self.fields["password1"].help_text = password_rules()
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].label = "Type the password again"
        self.fields["password2"].help_text = ""
        self.fields["password2"].error_messages["required"] = "Type the password again"

    def clean_username(self) -> str:
        username = str(super().clean_username() or "")
        if "@" in username:
            raise forms.ValidationError(
                "Your user name is shown with your comments, so it cannot be an e-mail address"
            )
        return username

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account already uses this e-mail address. You can sign in, or set a new password "
                "if you have forgotten it"
            )
        return str(email)


class SignInForm(AuthenticationForm):
    """Sign in with a user name or the account's e-mail address."""

    error_messages = {  # noqa: RUF012 - Django reads this class attribute
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "The user name (or e-mail address) and password do not match. "
            "Check them and try again; the password is case-sensitive"
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        _no_autofocus(self)
        self.fields["username"].label = "User name or e-mail address"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["username"].error_messages["required"] = "Enter your user name or e-mail address"
        self.fields["password"].error_messages["required"] = "Enter your password"

    def clean(self) -> dict[str, Any]:
        login = self.cleaned_data.get("username")
        if login and "@" in login:
            matches = list(User.objects.filter(email__iexact=login).values_list("username", flat=True)[:2])
            if len(matches) == 1:
                self.cleaned_data["username"] = matches[0]
        return super().clean()


class ResetRequestForm(PasswordResetForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].help_text = "The address you gave when you created your account."
        self.fields["email"].error_messages.update(
            {
                "required": "Enter your e-mail address",
                "invalid": "Enter an e-mail address like name@example.com",
            }
        )


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_autofocus(self)
        self.fields["new_password1"].help_text = password_rules()
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "Type the new password again"
        self.fields["new_password2"].help_text = ""
        self.fields["new_password2"].error_messages["required"] = "Type the new password again"
