"""The news lists cost the same SQL queries for 10 items as for 1,000."""

import pytest

from tests.factories.news import bulk_news

pytestmark = pytest.mark.django_db


def test_the_index_feed_and_principle_page_cost_the_same_for_10_or_1000_items(
    client, news_index, funding, plumbing, django_assert_max_num_queries
):
    urls = ["/news/", f"/news/?topic={funding.slug}&principle={plumbing.slug}&page=2", "/news/feed.atom"]
    urls.append(plumbing.get_absolute_url())
    bulk_news(news_index, 10, topics=[funding], principles=[plumbing])
    few = {}
    for url in urls:
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(20) as captured:
            client.get(url)
        few[url] = len(captured.captured_queries)

    bulk_news(news_index, 990, topics=[funding], principles=[plumbing])

    for url in urls:
        with django_assert_max_num_queries(few[url]):
            assert client.get(url).status_code == 200
    assert "1,000 news items" in client.get("/news/").content.decode()
    assert "1,000 news items" in client.get(plumbing.get_absolute_url()).content.decode()
