"""The "Declaration reviewers" group: staff who review Declaration sign-ups in the admin.

They may use the admin, see commitments ("view") and review them ("change":
request changes, reject, approve for signing, withdraw). Nobody adds, edits
or deletes commitments in the admin. Safe to run where the group exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Declaration reviewers"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("declaration", "commitment", "view_commitment"),
    ("declaration", "commitment", "change_commitment"),
]


def create_reviewers_group(apps, schema_editor):
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


def remove_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("declaration", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        # After the migrations that give every admin group "choose image/document": reviewers need neither.
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_reviewers_group, remove_reviewers_group)]
