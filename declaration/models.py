import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.snippets.models import register_snippet

from pages.models import BasePage


class OrganisationType(models.TextChoices):
    COUNTY_COUNCIL = "county_council", "County council"
    DISTRICT_COUNCIL = "district_council", "District council"
    UNITARY_AUTHORITY = "unitary_authority", "Unitary authority"
    METROPOLITAN_BOROUGH = "metropolitan_borough", "Metropolitan borough"
    LONDON_BOROUGH = "london_borough", "London borough"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    PARISH_OR_TOWN_COUNCIL = "parish_or_town_council", "Parish or town council"
    FIRE_POLICE_OR_OTHER = "fire_police_or_other", "Fire, police or other public body"
    CENTRAL_GOVERNMENT = "central_government", "Central government department"
    NON_PROFIT = "non_profit", "Non-profit"


class Region(models.TextChoices):
    NORTH_EAST = "north_east", "North East"
    NORTH_WEST = "north_west", "North West"
    YORKSHIRE_AND_THE_HUMBER = "yorkshire_and_the_humber", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east_midlands", "East Midlands"
    WEST_MIDLANDS = "west_midlands", "West Midlands"
    EAST_OF_ENGLAND = "east_of_england", "East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south_east", "South East"
    SOUTH_WEST = "south_west", "South West"
    NATIONAL = "national", "National"


def normalise_organisation_name(name: str) -> str:
    """The form of a name used to spot the same organisation typed two ways.

    ‘The London Borough of Hackney’ and ‘london borough of hackney.’ match;
    ‘&’ counts as ‘and’.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = re.sub(r"[^\w\s]", " ", text)
    words = text.split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@register_snippet
class Principle(Orderable):
    """One of the Declaration's five principles, which commitments serve."""

    title = models.CharField(max_length=150)
    summary = models.TextField(max_length=1000)

    panels = [FieldPanel("title"), FieldPanel("summary")]

    class Meta(Orderable.Meta):
        verbose_name = "Declaration principle"

    def __str__(self):
        return self.title


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


class OrganisationQuerySet(models.QuerySet):
    def signatories(self):
        return self.filter(signed_at__isnull=False)


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    normalised_name = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(max_length=220, unique=True)
    organisation_type = models.CharField("type", max_length=40, choices=OrganisationType.choices)
    region = models.CharField(max_length=40, choices=Region.choices)
    signed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it first signed the Declaration. Empty until then."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["normalised_name"]
        indexes = [models.Index(fields=["signed_at", "normalised_name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("declaration:signatory", args=[self.slug])

    @property
    def is_signatory(self):
        return self.signed_at is not None


class CommitmentStatus(models.TextChoices):
    AWAITING_EMAIL_CONFIRMATION = "awaiting_email_confirmation", "Awaiting email confirmation"
    IN_REVIEW = "in_review", "In review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    AWAITING_APPROVER = "awaiting_approver", "Awaiting approver"
    SIGNED = "signed", "Signed"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


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
