"""Account pages: sign up, sign in (with a kind lockout page), sign out, password reset."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from alsnav_web.accounts import services
from alsnav_web.accounts.forms import NewPasswordForm, ResetRequestForm, SignInForm, SignUpForm
from alsnav_web.community import protection
from alsnav_web.community.forms import finish_widgets

SIGN_UP_LIMIT_PER_ADDRESS = protection.RateLimit("sign-up-address", 5, 60 * 60)
# Password-reset e-mails. A product choice: 3 links an hour is more than a person waiting for a
# slow or spam-filtered e-mail needs, and few enough that nobody can flood someone's inbox. One
# network address may ask for 10 an hour (a shared clinic or family connection), across addresses.
RESET_MAILS_PER_EMAIL = protection.RateLimit("reset-email", 3, 60 * 60)
RESET_MAILS_PER_NETWORK = protection.RateLimit("reset-network", 10, 60 * 60)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

logger = logging.getLogger(__name__)


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _render_form(
    request: HttpRequest, template: str, form: BaseForm, status: int = 200, **extra: Any
) -> HttpResponse:
    finish_widgets(form)
    return render(request, template, {"form": form, "next": _next_url(request), **extra}, status=status)


@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request) or "/")
    status = 200
    if request.method == "POST":
        form = SignUpForm(request.POST)
        if form.is_valid():
            address = protection.address_key(request)
            try:
                protection.rate_limit_check(SIGN_UP_LIMIT_PER_ADDRESS, address, action="new accounts")
            except protection.RateLimited as exc:
                form.add_error(None, str(exc))
                response = _render_form(request, "accounts/sign_up.html", form, status=429)
                response.headers["Retry-After"] = str(exc.retry_after_seconds)
                return response
            user = services.account_create(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
            protection.rate_limit_record(SIGN_UP_LIMIT_PER_ADDRESS, address)
            login(request, user, backend=MODEL_BACKEND)
            messages.success(
                request, f"Welcome, {user.get_username()}. Your account is ready and you are signed in."
            )
            return redirect(_next_url(request) or "/")
        status = 400
    else:
        form = SignUpForm()
    return _render_form(request, "accounts/sign_up.html", form, status=status)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown when sign-in is paused after repeated failures (also usable as
    ``AXES_LOCKOUT_CALLABLE``). Says why, for how long, until when, and what to do meanwhile."""
    from axes.helpers import get_cool_off, get_failure_limit

    cool_off = get_cool_off(request) or timedelta(minutes=30)
    wait_seconds = int(cool_off.total_seconds())
    retry_at = timezone.now() + cool_off
    response = render(
        request,
        "accounts/locked_out.html",
        {
            "failure_limit": get_failure_limit(request, credentials),
            "wait": protection.wait_phrase(wait_seconds),
            "retry_at": retry_at,
        },
        status=429,
    )
    response.headers["Retry-After"] = str(wait_seconds)
    return response


@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = SignInForm(request, data=request.POST)
        if form.is_valid():
            user = form.get_user()
            login(request, user)
            messages.success(request, f"You are signed in as {user.get_username()}.")
            return redirect(_next_url(request) or "/")
        if getattr(request, "axes_locked_out", False):
            # django-axes flagged this request; answer with our own page instead of its plain text.
            request.axes_locked_out = False  # type: ignore[attr-defined]  # set by axes at run time
            return lockout_response(request)
        status = 400
    else:
        form = SignInForm(request)
    return _render_form(request, "accounts/sign_in.html", form, status=status)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect("/")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = ResetRequestForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    http_method_names = ["get", "head", "post"]  # noqa: RUF012 - Django's own class attribute (no PUT)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        finish_widgets(context["form"])
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form: Any) -> HttpResponse:
        """Send the e-mail only within the limits; answer the same page either way, so the answer
        never says whether the address has an account or whether a limit was reached."""
        email = str(form.cleaned_data["email"]).strip().casefold()
        network_ok = protection.quota_take(RESET_MAILS_PER_NETWORK, protection.address_key(self.request))
        email_ok = network_ok and protection.quota_take(
            RESET_MAILS_PER_EMAIL, "email:" + protection.keyed_hash(email)
        )
        if network_ok and email_ok:
            return super().form_valid(form)
        logger.info("accounts: password-reset e-mail not sent (hourly limit reached)")
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")
    http_method_names = ["get", "head", "post"]  # noqa: RUF012 - Django's own class attribute (no PUT)
    post_reset_login = True
    post_reset_login_backend = MODEL_BACKEND

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        # Django's view checks the link before the method: refuse other methods first.
        if str(request.method).lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if context.get("form") is not None:
            finish_widgets(context["form"])
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        # The owner has proved who they are: lift any sign-in lockout on the account.
        services.account_unlock(username=form.user.get_username())
        return super().form_valid(form)

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
