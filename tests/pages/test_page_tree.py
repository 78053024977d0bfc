import pytest
from wagtail.models import Page

from pages.models import HomePage, StandardPage
from roadmap.models import RoadmapPage
from tests.factories.pages import RoadmapPageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_sits_at_the_root_and_only_once(home_page):
    root = Page.get_first_root_node()

    assert not HomePage.can_create_at(root)  # there is one already
    assert not HomePage.can_create_at(home_page)


def test_standard_pages_go_under_home_or_other_standard_pages(home_page):
    about = StandardPageFactory(parent=home_page)

    assert StandardPage.can_create_at(home_page)
    assert StandardPage.can_create_at(about)
    assert not StandardPage.can_create_at(Page.get_first_root_node())


def test_one_roadmap_under_home_with_nothing_below_it(home_page):
    about = StandardPageFactory(parent=home_page)
    assert RoadmapPage.can_create_at(home_page)
    assert not RoadmapPage.can_create_at(about)

    roadmap = RoadmapPageFactory(parent=home_page)

    assert not RoadmapPage.can_create_at(home_page)
    assert RoadmapPage.allowed_subpage_models() == []
    assert not StandardPage.can_create_at(roadmap)


def test_editors_can_add_under_home_only_the_page_types_that_name_it_as_their_parent(home_page):
    from declaration.models import DeclarationPage
    from events.models import EventIndexPage
    from funding.models import FundPage
    from news.models import NewsIndexPage

    assert set(HomePage.creatable_subpage_models()) == {
        StandardPage,
        RoadmapPage,
        DeclarationPage,
        EventIndexPage,
        NewsIndexPage,
        FundPage,
    }
