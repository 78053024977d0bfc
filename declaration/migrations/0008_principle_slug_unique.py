from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("declaration", "0007_principle_slug")]

    operations = [
        migrations.AlterField(
            model_name="principle",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="The end of the principle page's address, /declaration/principles/<slug>/. Leave empty to make it from the title. Changing it breaks links to the old address.",
                max_length=150,
                unique=True,
            ),
        ),
    ]
