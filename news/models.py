"""News: what the unit publishes, its own articles and links to articles elsewhere.

The news index (/news/) lists live news pages newest first, filtered by
topic and principle; news.feeds serves the same items as an Atom feed.
"""

from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import strip_tags
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.search import index

from core.links import absolute_url
from declaration import services as declaration
from pages.blocks import BodyBlock
from pages.models import BasePage
from pages.querysets import PublicPageQuerySet
from topics.models import Topic
from topics.services import all_topics

from .filters import NewsFilterForm

NEWS_PER_PAGE = 10
# What a list shows of each item, so that a list never loads the items' bodies.
LIST_FIELDS = (
    *("title", "slug", "url_path", "path", "depth", "last_published_at"),
    *("date", "introduction", "external_url", "external_source"),
)


def public_address(page) -> str:
    """A page's public address, starting with SITE_URL: for feeds and announcements."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


class NewsIndexPage(BasePage):
    """The news, at /news/: newest first, filtered by topic and principle, 10 to a page."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = "news index page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        form = NewsFilterForm(request.GET)
        topic, principle = form.chosen()
        news = NewsPage.objects.published(topic=topic, principle=principle)
        context.update(
            form=form,
            filtered=bool(topic or principle),
            results=Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page")),
        )
        return context


class NewsPageQuerySet(PublicPageQuerySet):
    def published(self, *, topic: Topic | None = None, principle=None, with_tags: bool = True):
        """Live, public news items, newest first; with their topics and principles unless `with_tags` is False.

        A fixed number of queries however many items: one for the items, one each for their tags.
        """
        news = self.live().public().only(*LIST_FIELDS).order_by("-date", "-first_published_at", "-pk")
        if topic is not None:
            news = news.filter(topics=topic)
        if principle is not None:
            news = news.filter(principles=principle)
        if with_tags:
            news = news.prefetch_related(
                Prefetch("topics", queryset=all_topics()),
                Prefetch("principles", queryset=declaration.principles()),
            )
        return news


class NewsPage(BasePage):
    """A news item: an article of our own, or a card linking to an article on another website."""

    search_kind = "News"

    date = models.DateField("Date", default=timezone.localdate, db_index=True, help_text="Shown on the item.")
    body = StreamField(BodyBlock(), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        "Image description (alt text)",
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it.",
    )
    external_url = models.URLField(
        "Article on another website",
        blank=True,
        help_text="To link to an article elsewhere instead of writing one here, give its address. "
        "The news lists then link straight to it.",
    )
    external_source = models.CharField(
        "Where it is published",
        max_length=80,
        blank=True,
        help_text="Such as ‘MHCLG Digital blog’. Leave empty to show the website's address.",
    )
    topics = ParentalManyToManyField("topics.Topic", blank=True, related_name="news_pages")
    principles = ParentalManyToManyField(
        "declaration.Principle",
        blank=True,
        related_name="news_pages",
        help_text="The Declaration principles it serves: it appears on each principle's page.",
    )

    objects = PageManager.from_queryset(NewsPageQuerySet)()

    content_panels = BasePage.content_panels[:1] + [
        FieldPanel("date"),
        FieldPanel("introduction", heading="Summary", help_text="One or two sentences, shown in lists and feeds."),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("external_url"), FieldPanel("external_source")], heading="Or link elsewhere"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "news page"

    @property
    def summary(self) -> str:
        return self.introduction

    @property
    def leaves_site(self) -> bool:
        return bool(self.external_url)

    @property
    def source_name(self) -> str:
        """Where an article elsewhere is published: the editor's words, or the website's address."""
        return self.external_source or urlsplit(self.external_url).hostname or ""

    def address(self) -> str:
        return public_address(self)

    def link(self, request=None) -> str:
        """Where lists send readers: the article elsewhere, or this page."""
        return self.external_url or self.get_url(request)

    def clean(self):
        super().clean()
        errors = {}
        if not self.introduction.strip():
            errors["introduction"] = "Enter a summary of the news item"
        if not self.external_url and not strip_tags(self.body.render_as_block()).strip():
            errors["body"] = "Write the news item, or give the address of an article on another website"
        if self.image and not self.image_alt.strip():
            errors["image_alt"] = "Describe the image for people who cannot see it"
        if errors:
            raise ValidationError(errors)
