"""People who asked for email updates, what about and how often; bulletins staff send them; and what
was published, waiting for the digests.

An address is held once, whatever its case. Links in emails carry the
subscriber's `token` (random, never the address): manage and unsubscribe
links sign it, so a new token (after a change of address, or on leaving and
coming back) is how old links stop working. A change of address waits in
`new_email` until the link sent there, which signs `new_email_token`, is
followed.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from wagtail.fields import RichTextField

from core.formatting import format_datetime


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


class Bulletin(models.Model):
    """A message staff write and send to every confirmed subscriber of its topics, once."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    subject = models.CharField(max_length=150)
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    topics = models.ManyToManyField("topics.Topic", related_name="bulletins")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    send_at = models.DateTimeField(null=True, blank=True, help_text="When a scheduled bulletin goes out.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mailing_key = models.CharField(max_length=200, blank=True, help_text="The bulk mailing that sends it.")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, help_text="When sending started.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.subject

    @property
    def scheduled_for(self) -> str:
        return format_datetime(self.send_at) if self.status == self.Status.SCHEDULED and self.send_at else ""


class DigestItem(models.Model):
    """Something published (an event, a news item) waiting for the daily and weekly digests.

    Each digest takes the items no digest of its frequency has taken yet and
    marks them with its mailing key, so an item is in one daily and one weekly
    digest, whatever retries happen.
    """

    kind = models.CharField(max_length=20)  # "event", "news", "fund": what announced it
    reference = models.CharField(max_length=100)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    url = models.URLField(max_length=500)
    topics = models.ManyToManyField("topics.Topic", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    daily_digest = models.CharField(max_length=200, blank=True, help_text="The daily digest it went in.")
    weekly_digest = models.CharField(max_length=200, blank=True, help_text="The weekly digest it went in.")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "reference"], name="one_digest_item_per_thing")]

    def __str__(self):
        return self.title
