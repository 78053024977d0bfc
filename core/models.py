import uuid

from django.db import models
from django.utils import timezone

from .media import PRIVATE_PREFIX


class UsedLink(models.Model):
    """A single-use emailed link that has been followed (see core.links); the token is kept only as a hash."""

    purpose = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["used_at"])]

    def __str__(self):
        return f"{self.purpose} link used at {self.used_at:%Y-%m-%d %H:%M}"


class WorkerHeartbeat(models.Model):
    """A background worker saying it is alive, written by its main loop between tasks (see core.worker).

    Just before a task runs, the heartbeat names it (`task_*`), so a worker inside one
    long task is seen to be busy with it, and one stuck past the time limit is seen too.
    The worker check (/healthz/worker) and the admin's report of background work read these.
    """

    worker_id = models.CharField(max_length=64, primary_key=True)
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)
    task_id = models.UUIDField(null=True, blank=True)
    task_path = models.CharField(max_length=255, blank=True)
    task_started_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"worker {self.worker_id} seen at {self.seen_at:%Y-%m-%d %H:%M:%S}"


class Draft(models.Model):
    """A journey's answers kept in the database (core.journeys.DatabaseStore), reached by its id in the URL.

    `owner` is the key the service gives for whoever is answering (e.g. the
    signed-in applicant's email address): one owner keeps several drafts of a
    journey, and a draft's pages answer 404 to anyone else. `answers` is the
    raw form data of each step, as the session store would keep it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    journey = models.CharField(max_length=100)
    owner = models.CharField(max_length=254)
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["journey", "owner"])]

    def __str__(self):
        return f"{self.journey} draft {self.id}"


def private_upload_path(upload, filename: str) -> str:
    return f"{PRIVATE_PREFIX}uploads/{upload.draft_id}/{filename}"


class Upload(models.Model):
    """A document uploaded to a draft (core.uploads): in private storage, sent only to the draft's owner and staff."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to=private_upload_path, max_length=255)
    name = models.CharField(max_length=255)  # as the person's computer named it
    kind = models.CharField(max_length=10)  # what its content is: pdf, docx ... (core.uploads.CONTENT_TYPES)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name


class SignInLink(models.Model):
    """An emailed sign-in link (core.links.EmailSignIn). The token is random and kept only as a hash."""

    purpose = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["purpose", "email"]), models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.purpose} sign-in link made at {self.created_at:%Y-%m-%d %H:%M}"
