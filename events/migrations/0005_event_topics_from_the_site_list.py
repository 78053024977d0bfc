"""Events move onto the site's list of topics, step 3 of 3: the new links become `topics`; events' own list goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_topics_join_the_site_list"),
    ]

    operations = [
        migrations.RemoveField(model_name="event", name="topics"),
        migrations.RenameField(model_name="event", old_name="site_topics", new_name="topics"),
        migrations.AlterField(
            model_name="event",
            name="topics",
            field=models.ManyToManyField(blank=True, related_name="events", to="topics.topic"),
        ),
        migrations.DeleteModel(name="Topic"),
    ]
