"""The news as an Atom feed, at /news/feed.atom: the latest items, each linking where lists link."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from core.links import absolute_url

from . import queries
from .models import NewsPage, public_address

FEED_LENGTH = 20
FEED_PATH = "/news/feed.atom"


class NewsFeed(Feed):
    feed_type = Atom1Feed
    title = "Local Digital news"
    subtitle = "News from the Local Digital Collaboration Unit and the councils it works with."
    author_name = "Local Digital Collaboration Unit"

    def get_object(self, request, *args, **kwargs):
        index = queries.news_index()
        if index is None:
            raise Http404("There is no news yet")
        return index

    def link(self, index):
        return public_address(index)

    def feed_url(self, index):
        return absolute_url(FEED_PATH)

    def feed_guid(self, index):
        return absolute_url(FEED_PATH)

    def items(self, index):
        return NewsPage.objects.published()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.external_url or item.address()

    def item_guid(self, item):
        """The item's own page on this site, which stays the same if the article elsewhere moves."""
        return item.address()

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()] + [principle.title for principle in item.principles.all()]
