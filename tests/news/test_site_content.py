"""`bootstrap_site` makes the news index (and its home page list); `load_demo_content` adds demo news items."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from declaration.models import Principle
from news.models import NewsIndexPage, NewsPage
from pages.models import HomePage

pytestmark = pytest.mark.django_db


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_bootstrap_makes_the_news_index_after_the_events_in_the_navigation_and_no_news(client):
    output = run("bootstrap_site")

    assert "News" in output
    assert "‘Latest news’ on the home page" in output
    assert NewsIndexPage.objects.live().count() == 1
    assert not NewsPage.objects.exists()
    navigation = [a["href"] for a in BeautifulSoup(client.get("/").content, "html.parser").select("nav a")]
    assert navigation.index("/news/") > navigation.index("/events/") > navigation.index("/declaration/")


def test_the_latest_news_is_put_on_the_home_page_once(client):
    run("bootstrap_site")
    home = HomePage.objects.get()
    home.body = [(block.block_type, block.value) for block in home.body if block.block_type != "home_section"]
    home.save_revision().publish()

    run("bootstrap_site")

    home.refresh_from_db()
    assert [block.block_type for block in home.body].count("home_section") == 0


def test_demo_news_follows_the_roadmap_with_articles_elsewhere_each_serving_principles(client):
    output = run("load_demo_content")

    assert "12 news items" in output
    news = NewsPage.objects.live()
    assert news.count() == 12
    assert {item.date.year for item in news} == {2018, 2019}
    titles = " ".join(news.values_list("title", flat=True))
    for milestone in [
        "Declaration launches",
        "sign the Local Digital Declaration",
        "Expressions of interest open",
        "Full applications open",
        "projects are chosen",
        "kick-off workshop",
    ]:
        assert milestone in titles
    assert news.exclude(external_url="").count() >= 3
    assert all(item.principles.exists() and item.topics.exists() for item in news)
    for principle in Principle.objects.all():
        soup = BeautifulSoup(client.get(principle.get_absolute_url()).content, "html.parser")
        assert soup.select(".ld-principle-section")[0].select(".ld-principle-item")
    home = BeautifulSoup(client.get("/").content, "html.parser")
    assert len(home.select("#home-section-latest_news ~ ul .ld-news-item")) == 3


def test_a_second_demo_load_adds_no_news():
    run("load_demo_content")

    output = run("load_demo_content")

    assert "news" not in output.lower()
    assert NewsPage.objects.count() == 12
