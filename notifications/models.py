from django.conf import settings
from django.db import models
from django.template.loader import render_to_string


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
        context = {"subject": self.subject, "site_url": settings.SITE_URL, **context}
        return (
            render_to_string(f"emails/{self.template_name}.txt", context),
            render_to_string(f"emails/{self.template_name}.html", context),
        )
