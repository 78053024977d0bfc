"""Factories for news.

index = NewsIndexPageFactory(parent=home_page)
NewsPageFactory(parent=index)                                  # live, dated 4 July 2018
NewsPageFactory(parent=index, topics=[topic], principles=[principle], date=datetime.date(2019, 1, 1))
NewsPageFactory(parent=index, external_url="https://mhclgdigital.blog.gov.uk/a-post/")
NewsPageFactory(parent=index, live=False)                      # a draft
"""

import datetime

import factory
import wagtail_factories
from wagtail.rich_text import RichText

from news.models import NewsIndexPage, NewsPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"News item {n}")
    date = datetime.date(2018, 7, 4)
    introduction = factory.LazyAttribute(lambda o: f"What happened in {o.title}.")
    body = factory.LazyFunction(lambda: [("paragraph", RichText("<p>The whole story.</p>"))])

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
            self.save()

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        if create and extracted:
            self.principles.set(extracted)
            self.save()


def bulk_news(index, count, *, topics=(), principles=(), start=datetime.date(2018, 1, 1)):
    """`count` live news items under `index` in a few queries, one a day from `start` (for query counts, bench).

    Skips what saving a page one at a time does (validation, revisions, search indexing), so it takes
    seconds rather than minutes for 1,000 items.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    index = Page.objects.get(pk=index.pk)
    first_step = index.numchild + 1
    depth = index.depth + 1
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(NewsPage)
    base_pages = Page.objects.bulk_create(
        Page(
            title=f"Bulk news {first_step + n}",
            slug=f"bulk-news-{first_step + n}",
            path=Page._get_path(index.path, depth, first_step + n),
            depth=depth,
            url_path=f"{index.url_path}bulk-news-{first_step + n}/",
            content_type=content_type,
            locale_id=index.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for n in range(count)
    )
    items = []
    for n, base in enumerate(base_pages):
        item = NewsPage(
            page_ptr=base,
            date=start + datetime.timedelta(days=n),
            introduction=f"What happened in {base.title}.",
            body=[("paragraph", RichText("<p>The whole story.</p>"))],
        )
        item.__dict__.update({field.attname: getattr(base, field.attname) for field in Page._meta.concrete_fields})
        item.save_base(raw=True)
        items.append(item)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)
    NewsPage.topics.through.objects.bulk_create(
        NewsPage.topics.through(newspage=item, topic=topic) for item in items for topic in topics
    )
    NewsPage.principles.through.objects.bulk_create(
        NewsPage.principles.through(newspage=item, principle=principle) for item in items for principle in principles
    )
    return items
