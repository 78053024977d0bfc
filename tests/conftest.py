import pytest

from tests.factories.pages import make_site_home


@pytest.fixture
def home_page(db):
    return make_site_home()
