"""The Declaration lets go of Organisation, now the organisations app's (organisations 0001).

Only Django's record of the models changes: the table and the foreign keys
pointing at it are already in place. The content type moves too, so any
permissions on organisations are kept.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        if not ContentType.objects.filter(app_label=to_app, model="organisation").exists():
            ContentType.objects.filter(app_label=from_app, model="organisation").update(app_label=to_app)

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("declaration", "0005_remove_organisation_signed_at"),
        ("organisations", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="commitment",
                    name="organisation",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="commitments",
                        to="organisations.organisation",
                    ),
                ),
                migrations.AlterField(
                    model_name="signatory",
                    name="organisation",
                    field=models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="signatory",
                        serialize=False,
                        to="organisations.organisation",
                    ),
                ),
                migrations.DeleteModel(name="Organisation"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(
            move_content_type("declaration", "organisations"), move_content_type("organisations", "declaration")
        ),
    ]
