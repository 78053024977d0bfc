from django.db import models


class UsedLink(models.Model):
    """A single-use emailed link that has been followed (see core.links); the token is kept only as a hash."""

    purpose = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["used_at"])]

    def __str__(self):
        return f"{self.purpose} link used at {self.used_at:%Y-%m-%d %H:%M}"
