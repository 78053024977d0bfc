"""News moves onto the site's list of topics (topics.Topic), step 1 of 3: a field for the new links.

It sits beside the old `topics` until news 0006 has copied the links.
"""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_body_blocks_follow_the_site"),
        ("topics", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="newspage",
            name="site_topics",
            field=modelcluster.fields.ParentalManyToManyField(blank=True, related_name="+", to="topics.topic"),
        ),
    ]
