"""The Declaration in site search: principles, signatories and published commitments, each labelled."""

import pytest
from bs4 import BeautifulSoup

from declaration.models import CommitmentStatus
from tests.factories.declaration import CommitmentFactory, PrincipleFactory, SignedOrganisationFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db


def results_of(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [
        (
            result.select_one(".ld-search-result__kind").get_text(strip=True),
            result.select_one("a").get_text(strip=True),
            result.select_one("a")["href"],
        )
        for result in soup.select(".ld-search-result")
    ]


def test_a_principle_is_found_and_links_to_its_own_page(client, home_page):
    PrincipleFactory(
        title="Fix our plumbing", slug="fix-our-plumbing", summary="Break our dependence on inflexible technology."
    )

    assert results_of(client, "inflexible technologies") == [
        ("Principle", "Fix our plumbing", "/declaration/principles/fix-our-plumbing/")
    ]


def test_a_signatory_is_found_by_its_name_singular_or_plural(client, home_page):
    SignedOrganisationFactory(name="Kent County Council", slug="kent-county-council")

    for query in ("kent council", "Kent councils"):
        assert results_of(client, query) == [
            ("Signatory", "Kent County Council", "/declaration/signatories/kent-county-council/")
        ]


def test_an_organisation_that_has_not_signed_is_not_found(client, home_page):
    OrganisationFactory(name="Surrey County Council")
    CommitmentFactory(organisation__name="Essex County Council", status=CommitmentStatus.IN_REVIEW)

    assert results_of(client, "county council") == []


def test_a_published_commitment_is_found_as_a_declaration_project(client, home_page):
    commitment = CommitmentFactory(
        signed=True,
        organisation__name="Leeds City Council",
        organisation__slug="leeds-city-council",
        title="Open libraries data",
        mission="Publish every library's opening hours.",
    )

    assert results_of(client, "libraries opening hour") == [
        (
            "Declaration project",
            "Open libraries data",
            f"/declaration/signatories/leeds-city-council/#commitment-{commitment.pk}",
        )
    ]


@pytest.mark.parametrize(
    "status",
    [
        CommitmentStatus.AWAITING_EMAIL_CONFIRMATION,
        CommitmentStatus.IN_REVIEW,
        CommitmentStatus.AWAITING_APPROVER,
        CommitmentStatus.REJECTED,
    ],
)
def test_a_commitment_not_signed_is_never_found(client, home_page, status):
    CommitmentFactory(status=status, title="Secret housing repairs plan", organisation__name="Hidden Council")

    assert results_of(client, "housing repairs") == []
    assert results_of(client, "hidden") == []


def test_a_query_that_matches_nothing_finds_nothing_of_any_kind(client, home_page):
    PrincipleFactory(title="Fix our plumbing")
    CommitmentFactory(signed=True, title="Open data", organisation__name="Kent County Council")

    assert results_of(client, "zebra crossing") == []


def test_punctuation_alone_finds_nothing(client, home_page):
    SignedOrganisationFactory(name="Kent County Council")

    assert results_of(client, "!!!") == []


def test_searching_costs_the_same_for_2_or_20_of_each_kind(client, home_page, django_assert_max_num_queries):
    def add(count):
        for _ in range(count):
            PrincipleFactory(title="Shared plumbing")
            CommitmentFactory(signed=True, title="Shared plumbing project")
            SignedOrganisationFactory(
                name=f"Shared plumbing partnership {SignedOrganisationFactory._meta.model.objects.count()}"
            )

    add(2)
    with django_assert_max_num_queries(16) as few:
        results_of(client, "shared")
    add(18)
    with django_assert_max_num_queries(len(few.captured_queries)):
        results_of(client, "shared")
