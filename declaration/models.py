from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.snippets.models import register_snippet

from organisations.models import Organisation
from pages.models import BasePage


@register_snippet
class Principle(Orderable):
    """One of the Declaration's five principles, which commitments serve."""

    title = models.CharField(max_length=150)
    summary = models.TextField(max_length=1000)
    slug = models.SlugField(
        max_length=150,
        unique=True,
        blank=True,
        help_text="The end of the principle page's address, /declaration/principles/<slug>/. "
        "Leave empty to make it from the title. Changing it breaks links to the old address.",
    )

    panels = [FieldPanel("title"), FieldPanel("summary"), FieldPanel("slug")]

    class Meta(Orderable.Meta):
        verbose_name = "Declaration principle"

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_principle_slug(self.title, Principle.objects.exclude(pk=self.pk))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The principle's page: its text and everything published that serves it."""
        return reverse("declaration:principle", args=[self.slug])


def unique_principle_slug(title: str, others) -> str:
    """A slug made from the title, numbered when one of `others` (principles) already has it."""
    base = slugify(title)[:140] or "principle"
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class DeclarationPage(BasePage):
    """The Declaration itself, at /declaration/: its introduction and principles."""

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Declaration page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["principles"] = Principle.objects.all()
        return context


class Signatory(models.Model):
    """An organisation that has signed the Declaration, and when it first did."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="signatory"
    )
    signed_at = models.DateTimeField(db_index=True, help_text="When it first signed the Declaration.")

    class Meta:
        verbose_name_plural = "signatories"

    def __str__(self):
        return str(self.organisation)


class CommitmentStatus(models.TextChoices):
    AWAITING_EMAIL_CONFIRMATION = "awaiting_email_confirmation", "Awaiting email confirmation"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    AWAITING_APPROVER = "awaiting_approver", "Awaiting approver"
    SIGNED = "signed", "Signed"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    # Was signed; staff removed the organisation from the signatories, with a reason.
    REMOVED = "removed", "Removed from signatories"


OPEN_STATUSES = [
    CommitmentStatus.AWAITING_EMAIL_CONFIRMATION,
    CommitmentStatus.IN_REVIEW,
    CommitmentStatus.CHANGES_REQUESTED,
    CommitmentStatus.AWAITING_APPROVER,
]


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=CommitmentStatus.SIGNED)


class Commitment(models.Model):
    """What an organisation commits to when it signs, or adds later; reviewed, then signed."""

    class Kind(models.TextChoices):
        SIGN_UP = "sign_up", "Sign-up"
        FURTHER_COMMITMENT = "further_commitment", "Further commitment"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    submission_key = models.UUIDField(
        unique=True, editable=False, help_text="From the check-your-answers form: a second click stores nothing."
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SIGN_UP)
    status = models.CharField(
        max_length=40, choices=CommitmentStatus.choices, default=CommitmentStatus.AWAITING_EMAIL_CONFIRMATION
    )

    contact_name = models.CharField(max_length=100)
    contact_job_title = models.CharField(max_length=100)
    contact_email = models.EmailField(max_length=254)

    title = models.CharField(max_length=150)
    partners = models.TextField(max_length=2000, blank=True)
    mission = models.TextField(max_length=5000)
    impact = models.TextField(max_length=5000)
    principles = models.ManyToManyField(Principle, related_name="commitments")

    approver_name = models.CharField(max_length=100)
    approver_job_title = models.CharField(max_length=100)
    approver_email = models.EmailField(max_length=254)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by_name = models.CharField(max_length=100, blank=True)
    signed_by_job_title = models.CharField(max_length=100, blank=True)
    changes_requested_message = models.TextField(max_length=2000, blank=True)
    rejection_reason = models.TextField(max_length=2000, blank=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Two people signing up one organisation at the same moment leave one sign-up.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="sign_up", status__in=OPEN_STATUSES),
                name="one_open_sign_up_per_organisation",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.reference}: {self.title}"
