"""The "Fund managers" group: staff who decide on expressions of interest and read applications.

They may use the admin, read expressions of interest and invite or decline
them, read applications, and download the documents uploaded to them. Safe
to run where the group exists.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Fund managers"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("funding", "expressionofinterest", "view_expressionofinterest"),
    ("funding", "expressionofinterest", "decide_expressionofinterest"),
    ("funding", "application", "view_application"),
    ("core", "upload", "view_upload"),
]


def create_fund_managers_group(apps, schema_editor):
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


def remove_fund_managers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0003_rounds_window_openings"),
        ("core", "0006_sign_in_link"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_fund_managers_group, remove_fund_managers_group)]
