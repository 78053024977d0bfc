"""News published shows on the news list and the home page on the next request, with the page cache on."""

import datetime
import io

import pytest
from django.core.management import call_command

from news.models import NewsIndexPage
from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db


def test_news_published_shows_on_the_news_list_and_the_home_page(visit, committed):
    call_command("bootstrap_site", stdout=io.StringIO())
    index = NewsIndexPage.objects.get()
    NewsPageFactory(parent=index, title="Bystander news", date=datetime.date(2019, 3, 1))
    draft = NewsPageFactory(parent=index, title="Fund round 2 opens", date=datetime.date(2019, 4, 1), live=False)
    assert "Fund round 2 opens" not in visit("/news/").content.decode()
    assert "Fund round 2 opens" not in visit("/").content.decode()

    with committed():
        draft.save_revision().publish()

    news = visit("/news/").content.decode()
    assert "Fund round 2 opens" in news
    assert "Bystander news" in news
    assert "Fund round 2 opens" in visit("/").content.decode()
