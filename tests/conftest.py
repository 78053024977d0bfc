import pytest
from django.core.cache import cache

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
