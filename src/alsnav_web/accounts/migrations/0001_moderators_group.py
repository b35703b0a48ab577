"""The Moderators group, with the permissions the moderation queue and the admin need.

Permissions are normally created after all migrations have run; we create the community app's
permissions here first so that a fresh database gets a complete group in one `migrate`.
"""

from django.db import migrations

MODERATORS = "Moderators"
PERMISSIONS = [
    "moderate_comment",
    "view_comment",
    "change_comment",
    "view_report",
    "change_report",
    "view_pagefeedback",
    "view_question",
    "change_question",
]


def create_moderators(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    community = apps.get_app_config("community")
    community.models_module = True
    create_permissions(community, apps=apps, verbosity=0)
    community.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="community", codename__in=PERMISSIONS)
    )


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("community", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
