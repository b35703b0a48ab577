"""Writes for accounts: creating an account, the Moderators group, lifting a sign-in lockout."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from alsnav_web.core.actors import Account

logger = logging.getLogger(__name__)

MODERATORS_GROUP = "Moderators"
# Kept in step with migrations/0001_moderators_group.py (which may not import this module).
MODERATOR_PERMISSIONS = (
    "moderate_comment",
    "view_comment",
    "change_comment",
    "view_report",
    "change_report",
    "view_pagefeedback",
    "view_question",
    "change_question",
)


@transaction.atomic
def account_create(*, username: str, email: str, password: str) -> Account:
    user = get_user_model().objects.create_user(username=username, email=email, password=password)
    logger.info("accounts: account %s created", user.pk)  # the id only: no name, no address
    return user


def account_unlock(*, username: str) -> int:
    """Clear the failed sign-in attempts of one account (after its owner proved who they are)."""
    from axes.utils import reset

    return int(reset(username=username))


@transaction.atomic
def moderators_group() -> Group:
    """The Moderators group with its permissions (made by a migration; re-made here if missing)."""
    group, _ = Group.objects.get_or_create(name=MODERATORS_GROUP)
    permissions = Permission.objects.filter(
        content_type__app_label="community", codename__in=MODERATOR_PERMISSIONS
    )
    group.permissions.add(*permissions)
    return group


def moderator_add(*, user: Account) -> None:
    user.groups.add(moderators_group())
