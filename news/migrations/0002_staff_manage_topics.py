"""Editors and Moderators manage news topics (a snippet); only Moderators delete one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "Editors": ["add_topic", "change_topic"],
    "Moderators": ["add_topic", "change_topic", "delete_topic"],
}


def grant(apps, schema_editor):
    # Permissions are normally made after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="news", content_type__model="topic", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("pages", "0002_editors_moderators_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
