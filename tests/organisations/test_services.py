"""Finding an organisation however its name is typed, and storing a new one once."""

import pytest

from organisations import services
from organisations.models import Organisation, OrganisationType, Region, normalise_organisation_name
from tests.factories.organisations import OrganisationFactory


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("The London Borough of Hackney", "london borough of hackney"),
        ("london borough of  hackney.", "london borough of hackney"),
        ("Brighton & Hove City Council", "brighton and hove city council"),
        ("Brighton and Hove City Council", "brighton and hove city council"),
    ],
)
def test_names_typed_differently_are_the_same_organisation(typed, normalised):
    assert normalise_organisation_name(typed) == normalised


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("london borough of hackney", "The London Borough of Hackney"),
        ("  LONDON BOROUGH OF HACKNEY. ", "The London Borough of Hackney"),
        ("Brighton and Hove City Council", "Brighton & Hove City Council"),
        ("Hackney", None),
        ("London Borough of Hackney Wick", None),
    ],
)
def test_find_organisation_matches_the_name_however_it_is_typed(typed, found):
    OrganisationFactory(name="The London Borough of Hackney")
    OrganisationFactory(name="Brighton & Hove City Council")
    OrganisationFactory(name="Hackney Wick Parish Council")

    organisation = services.find_organisation(typed)

    assert (organisation.name if organisation else None) == found


@pytest.mark.django_db
def test_get_or_create_returns_the_stored_organisation_for_the_same_name_typed_differently():
    stored = OrganisationFactory(
        name="Exampleshire County Council",
        organisation_type=OrganisationType.COUNTY_COUNCIL,
        region=Region.SOUTH_WEST,
    )

    organisation = services.get_or_create_organisation(
        "the exampleshire county council.",
        organisation_type=OrganisationType.NON_PROFIT,
        region=Region.LONDON,
    )

    assert organisation == stored
    assert Organisation.objects.count() == 1
    organisation.refresh_from_db()
    assert (organisation.name, organisation.organisation_type, organisation.region) == (
        "Exampleshire County Council",
        OrganisationType.COUNTY_COUNCIL,
        Region.SOUTH_WEST,
    )


@pytest.mark.django_db
def test_get_or_create_stores_a_new_organisation_as_typed():
    organisation = services.get_or_create_organisation(
        "Exampleshire County Council", organisation_type=OrganisationType.COUNTY_COUNCIL, region=Region.SOUTH_WEST
    )

    stored = Organisation.objects.get()
    assert stored == organisation
    assert (stored.name, stored.slug, stored.organisation_type, stored.region) == (
        "Exampleshire County Council",
        "exampleshire-county-council",
        OrganisationType.COUNTY_COUNCIL,
        Region.SOUTH_WEST,
    )


@pytest.mark.django_db
def test_names_with_the_same_slug_get_distinct_slugs():
    cafe = services.get_or_create_organisation(
        "Café Council", organisation_type=OrganisationType.PARISH_OR_TOWN_COUNCIL, region=Region.LONDON
    )
    plain = services.get_or_create_organisation(
        "Cafe Council", organisation_type=OrganisationType.PARISH_OR_TOWN_COUNCIL, region=Region.LONDON
    )

    assert Organisation.objects.count() == 2
    assert [cafe.slug, plain.slug] == ["cafe-council", "cafe-council-2"]
    assert services.find_organisation("café council") == cafe
    assert services.find_organisation("cafe council") == plain
