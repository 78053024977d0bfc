"""News moves onto the site's list of topics, step 2 of 3: copy the topics, each item's links and who keeps them.

A topic whose slug (or, failing that, name in any case) is already on the
site's list, from events say, becomes that topic. Editors and Moderators,
who kept the news topics, may do the same with the site's. Drafts and past
versions of news items (Wagtail revisions) store their topics' ids: they
are rewritten too, so an editor opening a draft sees the same topics.
Reversing gives news' own list every site topic back, and each item and
revision its topics (topics.merging).
"""

from django.db import migrations

from topics.merging import join_site_list, leave_site_list


def rewrite_revisions(apps, mapping: dict[int, int]) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    news_page = ContentType.objects.filter(app_label="news", model="newspage").first()
    if news_page is None:
        return
    for revision in Revision.objects.filter(content_type=news_page).iterator():
        ids = revision.content.get("topics")
        if not ids:
            continue
        # A topic deleted since the revision was saved has no counterpart: it goes, as it would on restoring.
        revision.content["topics"] = list(dict.fromkeys(mapping[pk] for pk in ids if pk in mapping))
        revision.save(update_fields=["content"])


def join(apps, schema_editor):
    mapping = join_site_list(apps, "news", "NewsPage", old_field="topics", new_field="site_topics")
    rewrite_revisions(apps, mapping)


def leave(apps, schema_editor):
    mapping = leave_site_list(apps, "news", "NewsPage", old_field="topics", new_field="site_topics")
    rewrite_revisions(apps, mapping)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_newspage_site_topics"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(join, leave)]
