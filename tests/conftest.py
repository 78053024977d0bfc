import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories.pages import make_site_home


@pytest.fixture
def home_page(db):
    return make_site_home()


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached fragments live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """Anonymous visitors' pages kept between requests, as in production (tests otherwise keep none)."""
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def visit(page_cache):
    """A GET by a new anonymous visitor each time, with the page cache on."""
    return lambda url, **headers: Client().get(url, **headers)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a change does once its transaction commits, as outside tests (the page cache's invalidation)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
