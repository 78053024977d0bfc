"""A news item's page, and what editors must give for one."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.rich_text import RichText

from news.models import NewsIndexPage, NewsPage
from tests.factories.news import NewsPageFactory

pytestmark = pytest.mark.django_db

STORY = [("paragraph", RichText("<p>The story.</p>"))]


def test_shows_the_date_summary_story_and_links_to_its_topics_and_principle_pages(
    client, news_index, funding, plumbing
):
    item = NewsPageFactory(
        parent=news_index, title="Applications open", slug="applications-open", topics=[funding], principles=[plumbing]
    )

    soup = BeautifulSoup(client.get(item.url).content, "html.parser")

    assert soup.h1.get_text() == "Applications open"
    assert soup.select_one(".govuk-caption-m").get_text() == "4 July 2018"
    assert "What happened in Applications open." in soup.get_text()
    assert "The whole story." in soup.get_text()
    assert soup.find("a", string="More news about Local Digital Fund")["href"] == "/news/?topic=local-digital-fund"
    assert soup.find("a", string="‘Fix our plumbing’")["href"] == "/declaration/principles/fix-our-plumbing/"
    assert [a.get_text() for a in soup.select(".govuk-breadcrumbs a")] == ["Home", "News"]


def test_an_article_elsewhere_says_where_it_is_and_links_there(client, news_index):
    item = NewsPageFactory(
        parent=news_index, title="A blog post", external_url="https://mhclgdigital.blog.gov.uk/post/", body=[]
    )

    soup = BeautifulSoup(client.get(item.url).content, "html.parser")

    card = soup.select_one(".ld-news-elsewhere")
    assert "published on mhclgdigital.blog.gov.uk, another website" in card.get_text()
    assert card.a["href"] == "https://mhclgdigital.blog.gov.uk/post/"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"introduction": " "}, "introduction", "Enter a summary of the news item"),
        ({"body": []}, "body", "Write the news item, or give the address of an article on another website"),
        (
            {"body": [("paragraph", RichText('<p data-block-key="a1"></p>'))]},
            "body",
            "Write the news item, or give the address of an article on another website",
        ),
    ],
)
def test_an_item_needs_a_summary_and_a_story_or_an_address_elsewhere(news_index, fields, field, message):
    item = NewsPage(
        **{"title": "Unfinished", "slug": "unfinished", "introduction": "A summary.", "body": STORY, **fields}
    )

    with pytest.raises(ValidationError) as raised:
        item.full_clean()

    assert raised.value.message_dict[field] == [message]


@pytest.fixture
def image(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return Image.objects.create(title="Workshop", file=get_test_image_file())


def test_an_image_needs_a_description(news_index, image):
    item = NewsPage(title="With a picture", slug="with-a-picture", introduction="A summary.", body=STORY, image=image)

    with pytest.raises(ValidationError) as raised:
        item.full_clean()

    assert raised.value.message_dict["image_alt"] == ["Describe the image for people who cannot see it"]


def test_the_image_is_shown_with_its_description(client, news_index, image):
    item = NewsPageFactory(parent=news_index, image=image, image_alt="Council staff at a workshop")

    soup = BeautifulSoup(client.get(item.url).content, "html.parser")

    assert soup.select_one("img.ld-news-image")["alt"] == "Council staff at a workshop"


def test_news_items_go_only_under_the_one_news_index(home_page, news_index):
    assert not NewsIndexPage.can_create_at(home_page)  # there is one already
    assert NewsPage.can_create_at(news_index)
    assert not NewsPage.can_create_at(home_page)
    assert NewsPage.allowed_subpage_models() == []


def test_site_search_finds_a_published_item_by_its_story_and_calls_it_news(client, news_index):
    NewsPageFactory(
        parent=news_index,
        title="Applications open",
        slug="applications-open",
        body=[("paragraph", RichText("<p>Councils can apply for discovery grants.</p>"))],
    )
    NewsPageFactory(parent=news_index, title="Draft about discovery grants", live=False)

    soup = BeautifulSoup(client.get("/search/", {"q": "discovery grants"}).content, "html.parser")

    results = soup.select(".ld-search-result")
    assert [result.h3.a["href"] for result in results] == ["/news/applications-open/"]
    assert results[0].select_one(".ld-search-result__kind").get_text() == "News"
