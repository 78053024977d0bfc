"""The queries behind the Declaration's public lists, with signatories and non-signatories side by side."""

import datetime

import pytest

from declaration import queries
from declaration.models import CommitmentStatus
from organisations.models import Organisation, OrganisationType, Region
from tests.factories.declaration import CommitmentFactory, PrincipleFactory, SignedOrganisationFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

Status = CommitmentStatus


def names(organisations):
    return [organisation.name for organisation in organisations]


@pytest.fixture
def councils():
    """Three signatories and one organisation that has not signed."""
    return {
        "hackney": SignedOrganisationFactory(
            name="The London Borough of Hackney",
            organisation_type=OrganisationType.LONDON_BOROUGH,
            region=Region.LONDON,
        ),
        "leeds": SignedOrganisationFactory(
            name="Leeds City Council",
            organisation_type=OrganisationType.METROPOLITAN_BOROUGH,
            region=Region.YORKSHIRE_AND_THE_HUMBER,
        ),
        "lewes": SignedOrganisationFactory(
            name="Lewes District Council",
            organisation_type=OrganisationType.DISTRICT_COUNCIL,
            region=Region.SOUTH_EAST,
        ),
        "adur": OrganisationFactory(name="Adur District Council", region=Region.SOUTH_EAST),
    }


def test_a_signatory_is_found_by_its_web_address(councils):
    assert queries.signatory_by_slug("leeds-city-council") == councils["leeds"]


def test_an_organisation_that_has_not_signed_has_no_page(councils):
    with pytest.raises(Organisation.DoesNotExist):
        queries.signatory_by_slug("adur-district-council")


def test_signatories_are_counted_and_listed_alphabetically_ignoring_the(councils):
    assert queries.signatory_count() == 3
    assert names(queries.filter_signatories()) == [
        "Leeds City Council",
        "Lewes District Council",
        "The London Borough of Hackney",
    ]


def test_each_filter_narrows_the_signatories(councils):
    assert names(queries.filter_signatories(q="council")) == ["Leeds City Council", "Lewes District Council"]
    assert names(queries.filter_signatories(organisation_type=OrganisationType.DISTRICT_COUNCIL)) == [
        "Lewes District Council"
    ]
    assert names(queries.filter_signatories(region=Region.LONDON)) == ["The London Borough of Hackney"]
    assert names(queries.filter_signatories(letter="L")) == [
        "Leeds City Council",
        "Lewes District Council",
        "The London Borough of Hackney",
    ]
    assert names(queries.filter_signatories(q="district", region=Region.SOUTH_EAST)) == ["Lewes District Council"]


def test_letters_in_use_are_the_initials_of_matching_signatories(councils):
    SignedOrganisationFactory(name="1st Council")

    assert queries.letters_in_use() == {"L"}
    assert queries.letters_in_use(region=Region.SOUTH_EAST) == {"L"}
    assert queries.letters_in_use(region=Region.NORTH_EAST) == set()


def signed_on(organisation, day, title, *principles):
    """A published commitment signed on the given day of August 2018."""
    return CommitmentFactory(
        organisation=organisation,
        status=Status.SIGNED,
        kind="further_commitment",
        signed_at=datetime.datetime(2018, 8, day, 12, tzinfo=datetime.UTC),
        title=title,
        principles=list(principles),
    )


def test_an_organisations_published_commitments_are_its_signed_ones_newest_first(councils):
    # Made in this order so that neither the order made nor the date alone gives the right order.
    signed_on(councils["leeds"], 20, "Newest")
    signed_on(councils["leeds"], 10, "Same day, made first")
    signed_on(councils["leeds"], 10, "Same day, made second")
    CommitmentFactory(organisation=councils["leeds"], status=Status.IN_REVIEW, kind="further_commitment")
    signed_on(councils["lewes"], 15, "Lewes's")

    assert [c.title for c in queries.published_commitments_of(councils["leeds"])] == [
        "Newest",
        "Same day, made second",
        "Same day, made first",
    ]
    assert [c.title for c in queries.projects()] == [
        "Newest",
        "Lewes's",
        "Same day, made second",
        "Same day, made first",
    ]
    leeds = next(row for row in queries.open_data() if row["name"] == "Leeds City Council")
    assert leeds["commitments"] == ["Same day, made first", "Same day, made second", "Newest"]


def test_projects_are_signatories_signed_commitments_and_filter_by_principle(councils):
    open_data, skills = PrincipleFactory(title="Open data"), PrincipleFactory(title="Skills")
    CommitmentFactory(organisation=councils["leeds"], signed=True, title="Leeds data", principles=[open_data])
    CommitmentFactory(organisation=councils["lewes"], signed=True, title="Lewes skills", principles=[skills])
    CommitmentFactory(organisation=councils["adur"], status=Status.IN_REVIEW, title="Adur", principles=[open_data])

    assert sorted(c.title for c in queries.projects()) == ["Leeds data", "Lewes skills"]
    assert [c.title for c in queries.projects(open_data)] == ["Leeds data"]


def test_open_data_has_one_entry_per_signatory_with_its_published_commitments(councils):
    CommitmentFactory(organisation=councils["leeds"], signed=True, title="Leeds data")
    CommitmentFactory(organisation=councils["adur"], status=Status.IN_REVIEW, title="Adur")

    rows = queries.open_data()

    assert [row["name"] for row in rows] == [
        "Leeds City Council",
        "Lewes District Council",
        "The London Borough of Hackney",
    ]
    assert rows[0] == {
        "name": "Leeds City Council",
        "type": "Metropolitan borough",
        "region": "Yorkshire and the Humber",
        "signed_on": "2018-08-03",
        "commitments": ["Leeds data"],
    }
    assert rows[1]["commitments"] == []


def test_there_is_no_declaration_page_until_an_editor_makes_one(home_page):
    assert queries.declaration_page() is None
