"""Every public page renders in 10 SQL queries or fewer, however much the site holds.

The page cache serves most visits, but each page is rendered afresh after every
change, and by every visitor whose request it does not cover. This test visits
every public page of the demo site as a miss of the page cache (the page not yet
kept under the current generation, which is what every page is after a change),
once the first page after the change has kept the site's routing facts (see
core/page_cache.py; that first page costs a few more): each live Wagtail page, each list
and its filters, a detail page of each kind, the open-data files and feeds, and
the forms' first pages. It measures them with the demo content (a handful of
everything), adds 2,000 more signatories, events, news items, published
expressions of interest and funded projects, and measures them again. Every
page must stay within QUERY_BUDGET, and none may cost more with 2,000 than with
a few: a page whose queries grow with the data is a page that gets slower as
the service succeeds.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from core import page_cache
from declaration.models import Principle
from events.models import Event
from funding.models import ExpressionOfInterest, ProjectIndexPage, Round
from news.models import NewsIndexPage
from organisations.models import Organisation
from tests.factories.declaration import bulk_signatories, bulk_signed_commitments
from tests.factories.events import bulk_events
from tests.factories.funding import bulk_expressions_of_interest
from tests.factories.funding_projects import bulk_projects
from tests.factories.news import bulk_news
from topics.models import Topic

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 10
FEW = 10
MANY = 2000

# Public addresses that are not Wagtail pages, with a query string where filters matter.
ROUTES = [
    "/search/?q=council",
    "/search/?q=digital+planning&page=2",
    "/sitemap.xml",
    "/robots.txt",
    "/declaration/signatories/",
    "/declaration/signatories/?q=council&page=2",
    "/declaration/signatories.csv",
    "/declaration/signatories.json",
    "/declaration/projects/",
    "/events/",
    "/events/?q=bench&free=on",
    "/events/past/",
    "/events/feed.ics",
    "/events/feed.atom",
    "/events/submit/",
    "/news/?page=2",
    "/news/feed.atom",
    "/fund/expressions-of-interest/",
    "/fund/expressions-of-interest/?service_area=planning&phase=discovery",
    "/fund/projects/?phase=discovery",
    "/fund/projects/grants.json",
    "/fund/projects/grants.csv",
    "/fund/sign-in/",
    "/email-updates/",
]


def public_urls():
    """Every live, public Wagtail page, the ROUTES, and one detail page of each kind that is not a page."""
    pages = [page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()]
    signatory = Organisation.objects.filter(signatory__isnull=False).latest("pk").slug
    event = Event.objects.filter(status="published").latest("pk").slug
    bid = ExpressionOfInterest.objects.filter(may_publish=True).latest("pk").reference
    details = [
        f"/declaration/signatories/{signatory}/",
        f"/declaration/principles/{Principle.objects.order_by('pk').first().slug}/",
        f"/events/{event}/",
        f"/events/{event}.ics",
        f"/fund/expressions-of-interest/{bid}/",
        f"/fund/expressions-of-interest/{bid}/partner/",
    ]
    return sorted({url for url in pages + details + ROUTES if url})


def queries_per_page(client, urls):
    """The queries each page costs as a miss, once its first visit has made what is made lazily (site settings)."""
    counts, answers, misses = {}, {}, set()
    for url in urls:
        key = page_cache.page_key(RequestFactory().get(url))
        page_cache._cache().delete(key)
        client.get(url)
        page_cache._cache().delete(key)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        answers[url], counts[url] = response.status_code, len(captured.captured_queries)
        misses.add(response.get("X-Page-Cache"))
    assert set(answers.values()) == {200}, {url: status for url, status in answers.items() if status != 200}
    assert "hit" not in misses  # rendered, not served from the cache (forms are never kept)
    return counts


def over_budget(counts):
    return {url: count for url, count in counts.items() if count > QUERY_BUDGET}


def add_of_everything(count):
    """`count` more signatories, events, news items, published expressions of interest and funded projects."""
    principles = list(Principle.objects.order_by("pk")[:2])
    bulk_signed_commitments(bulk_signatories(count), principles)
    bulk_events(count)
    bulk_news(NewsIndexPage.objects.get(), count, topics=Topic.objects.all()[:1], principles=principles)
    bulk_expressions_of_interest(Round.objects.get(slug="demo-round"), count, principles)
    first_round = Round.objects.order_by("pk").first()
    bulk_projects(ProjectIndexPage.objects.get(), count, round=first_round, principles=principles)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300
    page_cache._cache().clear()
    yield
    page_cache._cache().clear()


def test_every_public_page_costs_10_queries_or_fewer_with_10_or_2000_of_everything(client):
    call_command("load_demo_content", verbosity=0)
    add_of_everything(FEW)  # so that every list, and every relation a page prefetches, has rows
    urls = public_urls()
    assert len(urls) > 40, urls  # every kind of page is in the demo content

    with_few = queries_per_page(client, urls)
    assert not over_budget(with_few), f"Over budget with {FEW} of everything: {over_budget(with_few)}"
    add_of_everything(MANY - FEW)
    with_many = queries_per_page(client, urls)
    assert not over_budget(with_many), f"Over budget with {MANY:,} of everything: {over_budget(with_many)}"

    grew = {url: (with_few[url], with_many[url]) for url in urls if with_many[url] > with_few[url]}
    assert not grew, f"These pages cost more queries with {MANY:,} than with {FEW} of everything: {grew}"
