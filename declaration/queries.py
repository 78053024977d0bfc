"""Read-only queries behind the Declaration's public lists and open data.

Every function here costs a fixed number of SQL queries, however many
signatories or commitments there are: lists are fetched with `.only()` and
their related rows with `prefetch_related` or `select_related`, never row by row.
Nothing here reads a person's name or email address.
"""

import string

from django.db.models import F, Prefetch, QuerySet
from django.db.models.functions import Substr, Upper
from django.utils import timezone

from core.formatting import UK_TIME_ZONE
from organisations.models import Organisation

from .models import Commitment, DeclarationPage, Principle, Signatory

LETTERS = tuple(string.ascii_uppercase)

# What the lists show of an organisation and of a commitment: never contact or approver details.
ORGANISATION_FIELDS = ("name", "slug", "organisation_type", "region")
COMMITMENT_FIELDS = ("title", "partners", "mission", "impact", "signed_at", "organisation")


def declaration_page() -> DeclarationPage | None:
    """The live Declaration page in the page tree, for breadcrumbs; None before an editor makes it."""
    return DeclarationPage.objects.live().only("title", "url_path", "path", "depth").first()


# Signatories -----------------------------------------------------------------


def signatories() -> QuerySet[Organisation]:
    """Organisations that have signed, each with `signed_at`: when it first signed."""
    return (
        Organisation.objects.filter(signatory__isnull=False)
        .annotate(signed_at=F("signatory__signed_at"))
        .only(*ORGANISATION_FIELDS)
    )


def signatory_count() -> int:
    return Signatory.objects.count()


def filter_signatories(*, q: str = "", organisation_type: str = "", region: str = "", letter: str = ""):
    """Signatories matching the list's filters, in alphabetical order of their normalised names.

    `letter` (A to Z) matches the first letter of the normalised name, so
    ‘The London Borough of Hackney’ is under L.
    """
    found = signatories()
    if q:
        found = found.filter(name__icontains=q)
    if organisation_type:
        found = found.filter(organisation_type=organisation_type)
    if region:
        found = found.filter(region=region)
    if letter:
        found = found.filter(normalised_name__startswith=letter.lower())
    return found.order_by("normalised_name")


def letters_in_use(**filters) -> set[str]:
    """The capital letters A to Z that begin the normalised name of at least one matching signatory."""
    initials = (
        filter_signatories(**filters)
        .order_by()
        .annotate(initial=Upper(Substr("normalised_name", 1, 1)))
        .values_list("initial", flat=True)
        .distinct()
    )
    return {initial for initial in initials if initial in LETTERS}


def signatory_by_slug(slug: str) -> Organisation:
    """Raises Organisation.DoesNotExist unless the organisation has signed."""
    return signatories().get(slug=slug)


# Commitments -----------------------------------------------------------------


def _principles() -> Prefetch:
    return Prefetch("principles", queryset=Principle.objects.only("title", "sort_order"))


def published_commitments_of(organisation: Organisation) -> QuerySet[Commitment]:
    """The organisation's signed commitments, newest first, with their principles."""
    return (
        Commitment.objects.published()
        .filter(organisation=organisation)
        .only(*COMMITMENT_FIELDS)
        .prefetch_related(_principles())
        .order_by("-signed_at", "-pk")
    )


def projects(principle: Principle | None = None) -> QuerySet[Commitment]:
    """Published commitments of signatories, newest signed first, with organisation and principles."""
    found = (
        Commitment.objects.published()
        .filter(organisation__signatory__isnull=False)
        .select_related("organisation")
        .only("title", "mission", "signed_at", "organisation", "organisation__name", "organisation__slug")
        .prefetch_related(_principles())
        .order_by("-signed_at", "-pk")
    )
    if principle is not None:
        found = found.filter(principles=principle)
    return found


# Open data -------------------------------------------------------------------


def open_data() -> list[dict]:
    """One dict per signatory, alphabetical: name, type, region, signed_on (ISO date in London), commitments.

    `commitments` is the titles of its published commitments, oldest first.
    """
    published = Commitment.objects.published().only("title", "signed_at", "organisation").order_by("signed_at", "pk")
    organisations = (
        signatories()
        .order_by("normalised_name")
        .prefetch_related(Prefetch("commitments", queryset=published, to_attr="published_commitments"))
    )
    return [
        {
            "name": organisation.name,
            "type": organisation.get_organisation_type_display(),
            "region": organisation.get_region_display(),
            "signed_on": timezone.localtime(organisation.signed_at, UK_TIME_ZONE).date().isoformat(),
            "commitments": [commitment.title for commitment in organisation.published_commitments],
        }
        for organisation in organisations
    ]
