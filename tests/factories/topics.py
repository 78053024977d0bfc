"""Factories for the site's topics.

TopicFactory(name="Data")          # slug "data"; the stored one if that slug exists
"""

import factory
from django.utils.text import slugify

from topics.models import Topic


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))

    class Meta:
        model = Topic
        django_get_or_create = ("slug",)
