"""The "Event moderators" group: staff who moderate shared events and keep the list of topics.

They may use the admin, see events ("view"), moderate and edit them
("change"), add events that publish at once ("add"), and add, change and
remove topics. Editors outside the group have no access to events, so never
see a submitter's email address. Safe to run where the group exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Event moderators"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("events", "event", "view_event"),
    ("events", "event", "change_event"),
    ("events", "event", "add_event"),
    ("events", "topic", "view_topic"),
    ("events", "topic", "add_topic"),
    ("events", "topic", "change_topic"),
    ("events", "topic", "delete_topic"),
]


def create_moderators_group(apps, schema_editor):
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


def remove_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_moderators_group, remove_moderators_group)]
