"""Who is acting: the signed-in person (or an anonymous visitor) a service acts for.

The project uses Django's own user model (``AUTH_USER_MODEL`` is not changed), so an account is
``django.contrib.auth.models.User`` and ``request.user`` is an :data:`Actor`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

#: A person's account.
Account = User

#: The person a view acts for: ``request.user``.
Actor = User | AnonymousUser


def actor_id(actor: Actor | None) -> int | None:
    """The account id of ``actor``, or ``None`` for an anonymous visitor or nobody."""
    if actor is None or not actor.is_authenticated:
        return None
    return actor.pk


def signed_in(request: HttpRequest) -> Account:
    """The signed-in account of a request behind ``login_required`` (403 if there is none)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied("You need to sign in")
    return user
