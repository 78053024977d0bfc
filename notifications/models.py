from django.db import models


class OutboundEmail(models.Model):
    """One email to one person, and what became of it.

    Every email the site sends is recorded here before it is queued, so a
    message that cannot be delivered shows up as failed instead of vanishing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RETRYING = "retrying", "Waiting to retry"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=255)
    template_name = models.CharField(max_length=100)
    body_text = models.TextField()
    body_html = models.TextField()
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
