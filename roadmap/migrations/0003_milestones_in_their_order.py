"""Milestones that `bootstrap_site` installed without a place in their order (sort_order empty) get one, in the
order they were made, so the roadmap shows them in the same order every time."""

from django.db import migrations
from django.db.models import Max


def number_unordered_milestones(apps, schema_editor):
    Milestone = apps.get_model("roadmap", "Milestone")
    pages = Milestone.objects.filter(sort_order__isnull=True).values_list("page_id", flat=True).distinct()
    for page_id in pages:
        of_page = Milestone.objects.filter(page_id=page_id)
        last = of_page.aggregate(last=Max("sort_order"))["last"]
        start = -1 if last is None else last
        for offset, milestone in enumerate(of_page.filter(sort_order__isnull=True).order_by("pk"), start=1):
            milestone.sort_order = start + offset
            milestone.save(update_fields=["sort_order"])


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0002_roadmappage_navigation_title")]

    operations = [migrations.RunPython(number_unordered_milestones, migrations.RunPython.noop)]
