"""The "Bulletin senders" group: staff who write, test, send and schedule bulletins to subscribers.

They may use the admin, see bulletins ("view"), write them ("add") and act on
them ("change"). Nobody else sees bulletins or the subscribers they go to.
Safe to run where the group exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Bulletin senders"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("subscriptions", "bulletin", "view_bulletin"),
    ("subscriptions", "bulletin", "add_bulletin"),
    ("subscriptions", "bulletin", "change_bulletin"),
]


def create_senders_group(apps, schema_editor):
    # Permissions are normally made after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
        )


def remove_senders_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("subscriptions", "0002_bulletins_and_digest_items"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_senders_group, remove_senders_group)]
