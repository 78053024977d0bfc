"""The Declaration in site search: its principles, its signatories and their published commitments.

Registered from wagtail_hooks.py with `register_search_kinds` (see
pages/search.py). Only what the public lists show is found: signatories, and
signed commitments of signatories; never a sign-up still in review, nor a
person's name or email address. Each kind costs a fixed number of queries.
"""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime

from pages.search import SearchKind, SearchResult, words_match

from . import queries
from .models import Principle

SUMMARY_WORDS = 40


def search_principles(query: str, limit: int) -> list[SearchResult]:
    found = Principle.objects.filter(words_match(query, ["title", "summary"])).order_by("sort_order")[:limit]
    return [
        SearchResult(
            kind="Principle",
            title=principle.title,
            url=principle.get_absolute_url(),
            summary=principle.summary,
        )
        for principle in found
    ]


def search_signatories(query: str, limit: int) -> list[SearchResult]:
    found = queries.signatories().filter(words_match(query, ["name"])).order_by("normalised_name")[:limit]
    return [
        SearchResult(
            kind="Signatory",
            title=organisation.name,
            url=reverse("declaration:signatory", args=[organisation.slug]),
            summary=f"{organisation.get_organisation_type_display()}, {organisation.get_region_display()}. "
            f"Signed the Local Digital Declaration on {date_format(localtime(organisation.signed_at), 'j F Y')}.",
        )
        for organisation in found
    ]


def search_projects(query: str, limit: int) -> list[SearchResult]:
    found = queries.projects().filter(
        words_match(query, ["title", "mission", "impact", "partners", "organisation__name"])
    )[:limit]
    return [
        SearchResult(
            kind="Declaration project",
            title=commitment.title,
            url=reverse("declaration:signatory", args=[commitment.organisation.slug]) + f"#commitment-{commitment.pk}",
            summary=f"By {commitment.organisation.name}. " + Truncator(commitment.mission).words(SUMMARY_WORDS),
        )
        for commitment in found
    ]


SEARCH_KINDS = [
    SearchKind(label="Principle", search=search_principles),
    SearchKind(label="Signatory", search=search_signatories),
    SearchKind(label="Declaration project", search=search_projects),
]
