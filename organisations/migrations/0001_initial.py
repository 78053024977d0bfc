"""Organisation moves here from the declaration app, with its rows.

The model was declaration.Organisation. This takes over its state over the
existing table, then renames the table; declaration 0006 then lets go of it.
A fresh database gets the table from declaration 0001 and arrives at the
same place.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        # The Declaration's signed_at has left the table by then (declaration 0004 and 0005).
        ("declaration", "0005_remove_organisation_signed_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Organisation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=200)),
                        ("normalised_name", models.CharField(editable=False, max_length=200, unique=True)),
                        ("slug", models.SlugField(max_length=220, unique=True)),
                        (
                            "organisation_type",
                            models.CharField(
                                choices=[
                                    ("county_council", "County council"),
                                    ("district_council", "District council"),
                                    ("unitary_authority", "Unitary authority"),
                                    ("metropolitan_borough", "Metropolitan borough"),
                                    ("london_borough", "London borough"),
                                    ("combined_authority", "Combined authority"),
                                    ("parish_or_town_council", "Parish or town council"),
                                    ("fire_police_or_other", "Fire, police or other public body"),
                                    ("central_government", "Central government department"),
                                    ("non_profit", "Non-profit"),
                                ],
                                max_length=40,
                                verbose_name="type",
                            ),
                        ),
                        (
                            "region",
                            models.CharField(
                                choices=[
                                    ("north_east", "North East"),
                                    ("north_west", "North West"),
                                    ("yorkshire_and_the_humber", "Yorkshire and the Humber"),
                                    ("east_midlands", "East Midlands"),
                                    ("west_midlands", "West Midlands"),
                                    ("east_of_england", "East of England"),
                                    ("london", "London"),
                                    ("south_east", "South East"),
                                    ("south_west", "South West"),
                                    ("national", "National"),
                                ],
                                max_length=40,
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "ordering": ["normalised_name"],
                        "db_table": "declaration_organisation",
                    },
                ),
            ],
            database_operations=[],
        ),
        # From declaration_organisation to this app's own table name.
        migrations.AlterModelTable(name="organisation", table=None),
    ]
