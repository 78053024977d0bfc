"""Applicants hear of decisions on expressions of interest when staff notify the round, no longer at once.

Decisions made before this change were emailed as they were made, so they count as notified then.
"""

from django.db import migrations, models
from django.db.models import F


def decisions_made_so_far_were_emailed(apps, schema_editor):
    ExpressionOfInterest = apps.get_model("funding", "ExpressionOfInterest")
    ExpressionOfInterest.objects.filter(decided_at__isnull=False).update(notified_at=F("decided_at"))


class Migration(migrations.Migration):
    dependencies = [("funding", "0005_assessment_and_decisions")]

    operations = [
        migrations.AddField(
            model_name="expressionofinterest",
            name="notified_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(decisions_made_so_far_were_emailed, migrations.RunPython.noop),
    ]
