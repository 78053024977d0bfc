import datetime

from django.conf import settings
from django.db import models
from django.template.loader import get_template

# How long to wait after each failed attempt to send an email before the next one. After
# the last delay the email is marked failed: five attempts over about 2.5 hours.
RETRY_DELAYS = [
    datetime.timedelta(minutes=1),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
]


class OutboundEmail(models.Model):
    """One email to one person, and what became of it.

    Every email the site sends is recorded here before it is queued, so a
    message that cannot be delivered shows up as failed instead of vanishing.

    Most keep a copy of the message they sent. Bulk email does not: it keeps
    the template's context instead, renders the message when it is
    delivered, and forgets the context once the message is sent.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RETRYING = "retrying", "Waiting to retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    template_name = models.CharField(max_length=100)
    body_text = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    copy_kept = models.BooleanField(
        default=True, help_text="Whether the message as sent is kept here; bulk email does not keep it."
    )
    render_context = models.JSONField(
        null=True, blank=True, help_text="What a message without a kept copy is rendered from; cleared once sent."
    )
    reply_to = models.EmailField(max_length=254, blank=True)
    headers = models.JSONField(default=dict, blank=True, help_text="Extra headers, such as List-Unsubscribe.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = "email"

    def __str__(self):
        return f"{self.subject} to {self.to}"

    @property
    def copy_description(self) -> str:
        return "Kept" if self.copy_kept else "Not kept (bulk email)"

    def render(self, context: dict) -> tuple[str, str]:
        """The message as text and as HTML, from its pair of templates, emails/<template_name>.txt and .html."""
        return render_email(self.template_name, self.subject, context)


def email_templates(template_name: str) -> tuple:
    """An email's pair of templates, emails/<template_name>.txt and .html; TemplateDoesNotExist if one is missing."""
    return get_template(f"emails/{template_name}.txt"), get_template(f"emails/{template_name}.html")


def render_email(template_name: str, subject: str, context: dict, templates: tuple | None = None) -> tuple[str, str]:
    """An email as text and as HTML, from its pair of templates (`templates`, if already loaded)."""
    text_template, html_template = templates or email_templates(template_name)
    context = {"subject": subject, "site_url": settings.SITE_URL, **context}
    return text_template.render(context), html_template.render(context)


class Mailing(models.Model):
    """One message to many people: a bulletin, an alert, a digest. Its deliveries say who gets it.

    `key` names it for good (such as "bulletin:12"), so asking for the same mailing twice
    makes one. The message is rendered for each person at delivery, from `template_name`
    with `context` and the delivery's own context.
    """

    key = models.CharField(max_length=200, unique=True)
    label = models.CharField(
        max_length=255, blank=True, help_text="What staff read in the report, if not the subject."
    )
    subject = models.CharField(max_length=255)
    template_name = models.CharField(max_length=100)
    context = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    send_after = models.DateTimeField(null=True, blank=True, help_text="Not sent before this time; at once if empty.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.label or self.subject


class Delivery(models.Model):
    """A mailing to one person, and what became of it: at most one per mailing and address.

    The worker claims queued deliveries in batches (marking them "sending"), sends them
    outside the lock, then records each as sent, or queued again to retry, or failed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="deliveries")
    email = models.EmailField(max_length=254)
    context = models.JSONField(
        default=dict, blank=True, help_text="This person's part of the message; cleared once sent."
    )
    headers = models.JSONField(default=dict, blank=True, help_text="Such as List-Unsubscribe; cleared once sent.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mailing", "email"], name="one_delivery_per_mailing_and_email")]
        indexes = [
            models.Index(fields=["mailing", "status", "id"], name="delivery_claim_idx"),
            models.Index(fields=["status", "claimed_at"], name="delivery_sweep_idx"),
        ]
        verbose_name_plural = "deliveries"

    def __str__(self):
        return f"{self.mailing} to {self.email}"
