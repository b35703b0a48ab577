"""Shared helpers for the community and accounts tests."""

from __future__ import annotations

import time
from html.parser import HTMLParser
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from alsnav_web.accounts.services import moderator_add
from alsnav_web.community import protection

PASSWORD = "a long walk by the river"
TREATMENT = "riluzole"
TREATMENT_URL = f"/treatments/{TREATMENT}/"
COMMENT_URL = f"/community/treatments/{TREATMENT}/comments/"


def aged_token(seconds: float = 30) -> str:
    """A form token as if the form had been shown ``seconds`` ago (a person took that long)."""
    return protection.form_token_issue(shown_at=time.time() - seconds)


def guest_comment(
    body: str = "Riluzole made me tired for the first two weeks.", **extra: str
) -> dict[str, str]:
    return {
        "guest_name": "Sam",
        "guest_email": "",
        "body": body,
        "form_token": aged_token(),
        "leave_this_empty": "",
        **extra,
    }


def member_comment(body: str, **extra: str) -> dict[str, str]:
    return {"body": body, "form_token": aged_token(), "leave_this_empty": "", **extra}


def make_user(username: str, *, moderator: bool = False, email: str = "") -> AbstractBaseUser:
    user = get_user_model().objects.create_user(
        username=username, email=email or f"{username}@example.org", password=PASSWORD
    )
    if moderator:
        moderator_add(user=user)
    return user


def client_for(user: AbstractBaseUser, **kwargs: Any) -> Client:
    client = Client(**kwargs)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def html_of(response: Any) -> str:
    return str(response.content.decode())


class ElementCollector(HTMLParser):
    """Every start tag with its attributes, inside the element whose id is ``root_id`` (or all)."""

    def __init__(self, root_id: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.root_id = root_id
        self.depth = 0 if root_id else 1
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    _VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "embed", "wbr", "area", "base"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            if dict(attrs).get("id") == self.root_id:
                self.depth = 1
                self.elements.append((tag, attrs))
            return
        self.elements.append((tag, attrs))
        if tag not in self._VOID:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.root_id and self.depth > 0 and tag not in self._VOID:
            self.depth -= 1
            if self.depth == 0:
                self.root_id = "\0done"


def elements_in(html: str, root_id: str | None = None) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = ElementCollector(root_id)
    parser.feed(html)
    return parser.elements


def sign_in(page: Any, site: str, username: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Sign in through the real form, as a person would."""
    page.goto(f"{site}/accounts/sign-in/?next={next_path}")
    page.get_by_label("User name or e-mail address").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
