"""People who asked for email updates, what about and how often.

An address is held once, whatever its case. Links in emails carry the
subscriber's `token` (random, never the address): manage and unsubscribe
links sign it, so a new token (after a change of address, or on leaving and
coming back) is how old links stop working. A change of address waits in
`new_email` until the link sent there, which signs `new_email_token`, is
followed.
"""

import secrets

from django.db import models
from django.db.models.functions import Lower


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", "As it happens"
        DAILY = "daily", "Once a day"
        WEEKLY = "weekly", "Once a week"

    email = models.EmailField(max_length=254)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATE)
    topics = models.ManyToManyField("topics.Topic", related_name="subscribers")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    new_email = models.EmailField(max_length=254, blank=True, help_text="An address waiting for confirmation.")
    new_email_token = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscriber_per_address")]
        indexes = [models.Index(fields=["status", "frequency"])]

    def __str__(self):
        return self.email
