"""Signatories get their own table: whether and when an organisation signed is the Declaration's knowledge.

Copies each organisation's `signed_at` into a Signatory row; the next
migration drops the column, once the copy is committed.
"""

import django.db.models.deletion
from django.db import migrations, models


def copy_signed_at_to_signatories(apps, schema_editor):
    Organisation = apps.get_model("declaration", "Organisation")
    Signatory = apps.get_model("declaration", "Signatory")
    signed = Organisation.objects.filter(signed_at__isnull=False).values_list("pk", "signed_at")
    Signatory.objects.bulk_create(
        Signatory(organisation_id=pk, signed_at=signed_at) for pk, signed_at in signed.iterator()
    )


def copy_signatories_back(apps, schema_editor):
    Organisation = apps.get_model("declaration", "Organisation")
    Signatory = apps.get_model("declaration", "Signatory")
    for signatory in Signatory.objects.iterator():
        Organisation.objects.filter(pk=signatory.organisation_id).update(signed_at=signatory.signed_at)


class Migration(migrations.Migration):
    dependencies = [
        ("declaration", "0003_declarationpage_navigation_title"),
    ]

    operations = [
        migrations.CreateModel(
            name="Signatory",
            fields=[
                (
                    "organisation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="signatory",
                        serialize=False,
                        to="declaration.organisation",
                    ),
                ),
                ("signed_at", models.DateTimeField(db_index=True, help_text="When it first signed the Declaration.")),
            ],
            options={
                "verbose_name_plural": "signatories",
            },
        ),
        migrations.RunPython(copy_signed_at_to_signatories, copy_signatories_back),
    ]
