from django.db import models
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel, TitleFieldPanel
from wagtail.admin.widgets.slug import SlugInput


class Topic(models.Model):
    """A subject, such as ‘Data’ or ‘Cyber security’: people filter events and news by it."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        blank=True,
        help_text="How the topic appears in the address of a filtered list, such as /events/?topic=<slug>. "
        "Leave empty to make it from the name.",
    )

    panels = [TitleFieldPanel("name", placeholder=False), FieldPanel("slug", widget=SlugInput)]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self._fill_slug()
        super().save(*args, **kwargs)

    def clean(self):
        # Before the unique check, so that a name whose slug is taken is an error on the form, not a failure.
        self._fill_slug()

    def _fill_slug(self):
        if not self.slug:
            self.slug = slugify(self.name)[:60]
