"""News moves onto the site's list of topics, step 3 of 3: the new links become `topics`; news' own list goes."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_topics_join_the_site_list"),
    ]

    operations = [
        migrations.RemoveField(model_name="newspage", name="topics"),
        migrations.RenameField(model_name="newspage", old_name="site_topics", new_name="topics"),
        migrations.AlterField(
            model_name="newspage",
            name="topics",
            field=modelcluster.fields.ParentalManyToManyField(
                blank=True, related_name="news_pages", to="topics.topic"
            ),
        ),
        migrations.DeleteModel(name="Topic"),
    ]
