import re
import unicodedata

from django.db import models


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


class Organisation(models.Model):
    """A council or other body, stored once however its name is typed; each service records its own dealings."""

    name = models.CharField(max_length=200)
    normalised_name = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(max_length=220, unique=True)
    organisation_type = models.CharField("type", max_length=40, choices=OrganisationType.choices)
    region = models.CharField(max_length=40, choices=Region.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["normalised_name"]

    def __str__(self):
        return self.name
