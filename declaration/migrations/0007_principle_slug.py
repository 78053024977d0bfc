"""Give each principle a slug, the end of its page's address, made from its title."""

from django.db import migrations, models
from django.utils.text import slugify


def fill_slugs(apps, schema_editor):
    Principle = apps.get_model("declaration", "Principle")
    taken = set()
    for principle in Principle.objects.order_by("sort_order", "pk"):
        base = slugify(principle.title)[:140] or "principle"
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        principle.slug = slug
        principle.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("declaration", "0006_organisation_moves_to_organisations")]

    operations = [
        migrations.AddField(
            model_name="principle",
            name="slug",
            field=models.SlugField(blank=True, default="", max_length=150),
            preserve_default=False,
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
    ]
