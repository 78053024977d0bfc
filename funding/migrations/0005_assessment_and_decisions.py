"""Assessment and decisions, and the groups who do them.

"Fund assessors" may use the admin and assess the applications assigned to
them; "Fund managers" may also assign, moderate, decide and export, and
read applicants' uploads. Safe to run where the groups exist.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUPS = {
    "Fund assessors": [
        ("wagtailadmin", "admin", "access_admin"),
        ("funding", "assignment", "assess_application"),
    ],
    "Fund managers": [
        ("wagtailadmin", "admin", "access_admin"),
        ("funding", "assignment", "manage_assessment"),
        ("core", "upload", "view_upload"),
    ],
}


def create_fund_groups(apps, schema_editor):
    # Permissions are normally made after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
            )


def remove_fund_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0004_fund_managers_group"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("core", "0006_sign_in_link"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="AssessmentComment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assessment_comments",
                        to="funding.application",
                    ),
                ),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Assignment",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("assigned_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                (
                    "ended_because",
                    models.CharField(
                        blank=True,
                        choices=[("conflict", "Declared a conflict of interest"), ("removed", "Removed by a manager")],
                        max_length=20,
                    ),
                ),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="assessment finished")),
                ("checked_at", models.DateTimeField(blank=True, null=True, verbose_name="quality checked")),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="assignments",
                        to="funding.application",
                    ),
                ),
                (
                    "assessor",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="fund_assignments",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "assigned_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
                (
                    "checked_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["assigned_at", "pk"],
                "permissions": [
                    ("assess_application", "Can assess the fund's applications assigned to them"),
                    ("manage_assessment", "Can assign, moderate and decide the fund's applications"),
                ],
            },
        ),
        migrations.CreateModel(
            name="CommentRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("text", models.TextField(max_length=3000)),
                ("written_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="revisions",
                        to="funding.assessmentcomment",
                    ),
                ),
            ],
            options={
                "ordering": ["written_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="ConflictDeclaration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("has_conflict", models.BooleanField()),
                ("details", models.TextField(blank=True, max_length=1000)),
                ("declared_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "assignment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="conflict_declaration",
                        to="funding.assignment",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Criterion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100)),
                (
                    "weight",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=5,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.01")),
                            django.core.validators.MaxValueValidator(Decimal("100")),
                        ],
                        verbose_name="weight (%)",
                    ),
                ),
                ("sort_order", models.PositiveSmallIntegerField(default=0)),
                (
                    "round",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="criteria", to="funding.round"
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "criteria",
                "ordering": ["round", "sort_order", "pk"],
            },
        ),
        migrations.AddField(
            model_name="assessmentcomment",
            name="criterion",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="comments", to="funding.criterion"
            ),
        ),
        migrations.CreateModel(
            name="Decision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "outcome",
                    models.CharField(choices=[("fund", "Fund"), ("do_not_fund", "Do not fund")], max_length=20),
                ),
                (
                    "amount",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        max_digits=10,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(Decimal("0.00")),
                            django.core.validators.MaxValueValidator(Decimal("10000000.00")),
                        ],
                        verbose_name="amount awarded",
                    ),
                ),
                ("feedback", models.TextField(max_length=5000)),
                ("decided_at", models.DateTimeField(default=django.utils.timezone.now)),
                ("notified_at", models.DateTimeField(blank=True, null=True)),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT, related_name="decision", to="funding.application"
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Flag",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("reason", models.TextField(max_length=2000)),
                ("raised_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="flags", to="funding.application"
                    ),
                ),
                (
                    "raised_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["raised_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="FlagStep",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "action",
                    models.CharField(
                        choices=[("raised", "Raised"), ("stopped", "Stopped"), ("resolved", "Resolved")], max_length=20
                    ),
                ),
                ("note", models.TextField(blank=True, max_length=2000)),
                ("at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "flag",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="steps", to="funding.flag"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
                    ),
                ),
            ],
            options={
                "ordering": ["at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="Score",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "value",
                    models.PositiveSmallIntegerField(
                        choices=[
                            (5, "5: strong"),
                            (4, "4: good"),
                            (3, "3: satisfactory"),
                            (2, "2: partial"),
                            (1, "1: poor"),
                        ],
                        verbose_name="score",
                    ),
                ),
                ("justification", models.TextField(max_length=3000)),
                ("scored_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "assignment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="scores", to="funding.assignment"
                    ),
                ),
                (
                    "criterion",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="scores", to="funding.criterion"
                    ),
                ),
            ],
            options={
                "ordering": ["scored_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="assignment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ended_at__isnull", True)),
                fields=("application", "assessor"),
                name="one_active_assignment_per_assessor_per_application",
            ),
        ),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.UniqueConstraint(fields=("round", "name"), name="criterion_names_unique_in_round"),
        ),
        migrations.AddConstraint(
            model_name="decision",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("amount__isnull", False), ("outcome", "fund")),
                    ("outcome", "do_not_fund"),
                    _connector="OR",
                ),
                name="a_funded_decision_has_an_amount",
            ),
        ),
        migrations.AddIndex(
            model_name="score",
            index=models.Index(
                fields=["assignment", "criterion", "-scored_at"], name="funding_sco_assignm_f7652b_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="score",
            constraint=models.CheckConstraint(
                condition=models.Q(("value__gte", 1), ("value__lte", 5)), name="score_from_1_to_5"
            ),
        ),
        migrations.RunPython(create_fund_groups, remove_fund_groups),
    ]
