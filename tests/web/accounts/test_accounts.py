"""Accounts: sign up, sign in, sign out, password reset, lockout and the Moderators group."""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from tests.web.community.helpers import PASSWORD, client_for, html_of, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def sign_up_data(**extra: str) -> dict[str, str]:
    return {
        "username": "robin",
        "email": "robin@example.org",
        "password1": "quiet mornings with tea",
        "password2": "quiet mornings with tea",
        **extra,
    }


def test_header_offers_sign_in_and_create_account_to_guests(client: Client) -> None:
    html = html_of(client.get("/treatments/riluzole/"))
    assert '<a href="/accounts/sign-in/?next=/treatments/riluzole/">Sign in</a>' in html
    assert '<a href="/accounts/sign-up/?next=/treatments/riluzole/">Create account</a>' in html
    assert "Sign out" not in html


def test_header_shows_the_name_and_a_sign_out_button_when_signed_in() -> None:
    html = html_of(client_for(make_user("robin")).get("/"))
    assert "Signed in as <bdi>robin</bdi>" in html
    assert re.search(
        r'<form method="post" action="/accounts/sign-out/">.*?'
        r'<button type="submit" class="nav-button">Sign out</button>',
        html,
        re.S,
    )
    assert ">Sign in</a>" not in html


def test_sign_up_form_is_labelled_with_autocomplete_hints(client: Client) -> None:
    html = html_of(client.get("/accounts/sign-up/"))
    for field_id, label, autocomplete in (
        ("id_username", "User name", "username"),
        ("id_email", "E-mail address", "email"),
        ("id_password1", "Password", "new-password"),
        ("id_password2", "Type the password again", "new-password"),
    ):
        assert f'<label for="{field_id}">{label}' in html
        tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
        assert tag is not None and f'autocomplete="{autocomplete}"' in tag.group(0)
    assert "autofocus" not in html
    assert "At least 10 characters" in html
    assert "<ul>" not in html.split("<main")[1].split("</form>")[0]  # no raw HTML help list


def test_sign_up_creates_the_account_and_signs_in(client: Client) -> None:
    response = client.post("/accounts/sign-up/?next=/treatments/riluzole/", sign_up_data(), follow=True)
    assert response.redirect_chain[-1][0] == "/treatments/riluzole/"
    html = html_of(response)
    assert "Welcome, robin. Your account is ready and you are signed in." in html
    assert "Signed in as <bdi>robin</bdi>" in html
    assert User.objects.get(username="robin").email == "robin@example.org"


def test_sign_up_errors_are_summarised_and_linked_and_typed_values_kept(client: Client) -> None:
    response = client.post(
        "/accounts/sign-up/", sign_up_data(username="robin@example.org", password2="something else")
    )
    assert response.status_code == 400
    html = html_of(response)
    assert "There are problems" in html
    assert '<a href="#id_username">User name: Your user name is shown with your comments' in html
    assert '<a href="#id_password2">' in html
    assert 'value="robin@example.org"' in html
    assert "<title>Error: Create an account" in html
    assert not User.objects.exists()


def test_sign_up_refuses_weak_passwords_in_plain_words(client: Client) -> None:
    response = client.post("/accounts/sign-up/", sign_up_data(password1="12345678", password2="12345678"))
    assert response.status_code == 400
    assert "This password is too short" in html_of(response)


def test_an_email_can_only_belong_to_one_account(client: Client) -> None:
    make_user("first", email="robin@example.org")
    response = client.post("/accounts/sign-up/", sign_up_data())
    assert response.status_code == 400
    assert "An account already uses this e-mail address" in html_of(response)


def test_sign_in_with_user_name_or_email_and_return_to_the_page(client: Client) -> None:
    make_user("robin", email="robin@example.org")
    response = client.post(
        "/accounts/sign-in/",
        {"username": "robin", "password": PASSWORD, "next": "/treatments/riluzole/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/treatments/riluzole/"
    assert "You are signed in as robin." in html_of(response)
    other = Client()
    by_email = other.post("/accounts/sign-in/", {"username": "Robin@Example.org", "password": PASSWORD})
    assert by_email.status_code == 302


def test_sign_in_never_redirects_off_the_site(client: Client) -> None:
    make_user("robin")
    response = client.post(
        "/accounts/sign-in/", {"username": "robin", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_password_is_explained_without_saying_which_part_was_wrong(client: Client) -> None:
    make_user("robin")
    response = client.post("/accounts/sign-in/", {"username": "robin", "password": "wrong"})
    assert response.status_code == 400
    html = html_of(response)
    assert "The user name (or e-mail address) and password do not match" in html
    assert 'value="robin"' in html and 'value="wrong"' not in html


def test_sign_out_is_post_only(client: Client) -> None:
    member = client_for(make_user("robin"))
    assert member.get("/accounts/sign-out/").status_code == 405
    response = member.post("/accounts/sign-out/", follow=True)
    assert "You have signed out." in html_of(response)
    assert "Signed in as" not in html_of(response)


def test_lockout_after_repeated_failures_with_a_kind_page_saying_when(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    make_user("robin")
    for _ in range(4):
        assert client.post("/accounts/sign-in/", {"username": "robin", "password": "nope"}).status_code == 400
    locked = client.post("/accounts/sign-in/", {"username": "robin", "password": "nope"})
    assert locked.status_code == 429
    html = html_of(locked)
    assert "Sign-in is paused for a while" in html
    assert re.search(r"You can try again in about 30 minutes, after .*\d\d:\d\d UTC", html)
    assert 'href="/accounts/password-reset/"' in html
    assert "Your account and everything in it are safe" in html
    assert int(locked["Retry-After"]) == 30 * 60
    # Even the right password waits now.
    assert client.post("/accounts/sign-in/", {"username": "robin", "password": PASSWORD}).status_code == 429
    # The logs say what happened but not who or from where.
    assert "AXES" in caplog.text
    assert "robin" not in caplog.text
    assert "127.0.0.1" not in caplog.text


def test_lockout_is_per_account_and_device() -> None:
    make_user("robin")
    make_user("kim")
    attacker = Client(REMOTE_ADDR="198.51.100.9")
    for _ in range(5):
        attacker.post("/accounts/sign-in/", {"username": "robin", "password": "nope"})
    assert (
        Client(REMOTE_ADDR="198.51.100.10")
        .post("/accounts/sign-in/", {"username": "robin", "password": PASSWORD})
        .status_code
        == 302
    )
    assert attacker.post("/accounts/sign-in/", {"username": "kim", "password": PASSWORD}).status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password_and_lifts_the_lockout(client: Client) -> None:
    make_user("robin", email="robin@example.org")
    for _ in range(5):
        client.post("/accounts/sign-in/", {"username": "robin", "password": "nope"})
    assert client.post("/accounts/sign-in/", {"username": "robin", "password": PASSWORD}).status_code == 429

    form = html_of(client.get("/accounts/password-reset/"))
    assert '<label for="id_email">E-mail address' in form
    sent = client.post("/accounts/password-reset/", {"email": "robin@example.org"}, follow=True)
    assert "Check your e-mail" in html_of(sent)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Set a new password for ALS Navigator"
    link = re.search(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)", message.body)
    assert link is not None

    choose = client.get(link.group(1), follow=True)
    assert "Choose a new password" in html_of(choose)
    done = client.post(
        choose.redirect_chain[-1][0],
        {"new_password1": "a brand new river walk", "new_password2": "a brand new river walk"},
        follow=True,
    )
    assert "Your new password is saved" in html_of(done) and "You are signed in." in html_of(done)
    client.post("/accounts/sign-out/")
    again = client.post("/accounts/sign-in/", {"username": "robin", "password": "a brand new river walk"})
    assert again.status_code == 302


def test_password_reset_does_not_reveal_whether_an_account_exists(client: Client) -> None:
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert "If an account uses the address you gave" in html_of(response)
    assert mail.outbox == []


def test_a_used_or_broken_reset_link_says_so(client: Client) -> None:
    html = html_of(client.get("/accounts/password-reset/MQ/not-a-token/", follow=True))
    assert "This link no longer works" in html and 'href="/accounts/password-reset/"' in html


def test_moderators_group_is_created_by_migration_with_moderation_permissions() -> None:
    group = Group.objects.get(name="Moderators")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"moderate_comment", "view_comment", "change_comment", "view_pagefeedback"} <= codenames
    member = make_user("helper")
    member.groups.add(group)
    fresh = User.objects.get(pk=member.pk)
    assert fresh.has_perm("community.moderate_comment")


def _without_csrf(html: str) -> str:
    """The page without its CSRF token, which Django masks differently on every page it serves."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_password_reset_e_mails_are_limited_per_address_and_the_page_never_changes(client: Client) -> None:
    make_user("robin", email="robin@example.org")
    pages = set()
    for _ in range(30):
        response = client.post("/accounts/password-reset/", {"email": "Robin@example.org"}, follow=True)
        assert response.status_code == 200
        assert response.redirect_chain == [("/accounts/password-reset/sent/", 302)]
        pages.add(_without_csrf(html_of(response)))
    assert len(mail.outbox) == 3  # RESET_MAILS_PER_EMAIL: 3 an hour
    assert len(pages) == 1  # limited or not, the same "Check your e-mail" page
    unknown = client.post("/accounts/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert _without_csrf(html_of(unknown)) in pages


def test_password_reset_e_mails_are_limited_per_network_address() -> None:
    for n in range(30):
        make_user(f"person{n}", email=f"person{n}@example.org")
    client = Client(REMOTE_ADDR="10.9.8.7")
    for n in range(30):
        response = client.post("/accounts/password-reset/", {"email": f"person{n}@example.org"}, follow=True)
        assert "Check your e-mail" in html_of(response)
    assert len(mail.outbox) == 10  # RESET_MAILS_PER_NETWORK: 10 an hour
    # Another network is not affected.
    Client(REMOTE_ADDR="10.9.8.8").post("/accounts/password-reset/", {"email": "person29@example.org"})
    assert len(mail.outbox) == 11
