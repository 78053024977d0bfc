"""Factories for email updates.

SubscriberFactory(topics=[news])                       # confirmed, immediate
SubscriberFactory(status="pending", frequency="daily")
"""

import factory
from django.utils import timezone

from subscriptions.models import Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"subscriber{n}@example.com")
    status = Subscriber.Status.CONFIRMED
    frequency = Subscriber.Frequency.IMMEDIATE
    confirmation_sent_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == Subscriber.Status.CONFIRMED else None)

    class Meta:
        model = Subscriber
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)
