"""The site's topics, for the apps that file things under them (events, news and, later, email updates)."""

from django.db.models import QuerySet

from .models import Topic


def all_topics() -> QuerySet[Topic]:
    """Every topic, by name: the choices of a filter or of the question ‘what is it about?’."""
    return Topic.objects.only("name", "slug")


def ensure_topic(name: str, slug: str = "") -> tuple[Topic, bool]:
    """The topic with this slug or, failing that, this name in any case; a new one if there is neither.

    Returns (topic, created). For content loaded by code (a site's first
    topics, demo content), so that two apps naming ‘Data’ share one topic.
    """
    topic = (slug and Topic.objects.filter(slug=slug).first()) or Topic.objects.filter(name__iexact=name).first()
    if topic:
        return topic, False
    return Topic.objects.create(name=name, slug=slug), True
