"""Events move onto the site's list of topics (topics.Topic), step 1 of 3: a field for the new links.

It sits beside the old `topics` until events 0004 has copied the links.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0002_event_moderators_group"),
        ("topics", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="site_topics",
            field=models.ManyToManyField(blank=True, related_name="+", to="topics.topic"),
        ),
    ]
