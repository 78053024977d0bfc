"""Events move onto the site's list of topics, step 2 of 3: copy the topics, each event's links and who keeps them.

A topic whose slug (or, failing that, name in any case) is already on the
site's list, from news say, becomes that topic. Event moderators, who kept
the events' topics, may keep the site's. Reversing gives events' own list
every site topic back, and each event its topics (topics.merging).
"""

from django.db import migrations

from topics.merging import join_site_list, leave_site_list


def join(apps, schema_editor):
    join_site_list(apps, "events", "Event", old_field="topics", new_field="site_topics")


def leave(apps, schema_editor):
    leave_site_list(apps, "events", "Event", old_field="topics", new_field="site_topics")


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_event_site_topics"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(join, leave)]
