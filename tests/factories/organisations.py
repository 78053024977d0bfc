"""Factories for organisations, which every service shares.

    OrganisationFactory()                        # a district council in the South East
    OrganisationFactory(name="Kent County Council", organisation_type=OrganisationType.COUNTY_COUNCIL)

An organisation that has signed the Declaration comes from
`tests.factories.declaration.SignedOrganisationFactory`.
"""

import factory
from django.utils.text import slugify

from organisations.models import Organisation, OrganisationType, Region, normalise_organisation_name


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Borough Council {n:04d}")
    normalised_name = factory.LazyAttribute(lambda o: normalise_organisation_name(o.name))
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    organisation_type = OrganisationType.DISTRICT_COUNCIL
    region = Region.SOUTH_EAST

    class Meta:
        model = Organisation
