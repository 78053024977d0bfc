"""Organisations forget when they signed: Signatory holds it now (copied in 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("declaration", "0004_signatory"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="organisation", name="declaration_signed__c57322_idx"),
        migrations.RemoveField(model_name="organisation", name="signed_at"),
    ]
