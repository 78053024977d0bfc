"""Finding an organisation by the name someone typed, storing a new one, and correcting one."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from .models import Organisation, normalise_organisation_name

# How many times to look again after another request stored the same name or slug at the same moment.
CREATE_ATTEMPTS = 3


def find_organisation(name: str) -> Organisation | None:
    """The stored organisation with this name, however it was typed (case, punctuation, a leading ‘The’)."""
    return Organisation.objects.filter(normalised_name=normalise_organisation_name(name)).first()


def get_or_create_organisation(name: str, *, organisation_type: str, region: str) -> Organisation:
    """The stored organisation with this name, or a new one with its own slug.

    `organisation_type` and `region` are used only when it is new. Safe when
    two requests store the same name at once: both get the one organisation.
    """
    normalised = normalise_organisation_name(name)
    for _ in range(CREATE_ATTEMPTS):
        organisation = Organisation.objects.filter(normalised_name=normalised).first()
        if organisation:
            return organisation
        # A savepoint: another request inserting the same name or slug at this moment is not fatal.
        try:
            with transaction.atomic():
                return Organisation.objects.create(
                    name=name,
                    normalised_name=normalised,
                    slug=_unique_slug(name),
                    organisation_type=organisation_type,
                    region=region,
                )
        except IntegrityError:
            continue
    raise IntegrityError(f"Could not store the organisation {name!r}")


def _unique_slug(name: str, exclude: Organisation | None = None) -> str:
    base = slugify(name)[:200] or "organisation"
    others = Organisation.objects.exclude(pk=exclude.pk) if exclude else Organisation.objects.all()
    slug, number = base, 1
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def correct_organisation(organisation: Organisation, *, name: str, organisation_type: str, region: str) -> dict:
    """Store corrected details of an organisation. Returns what changed: {field: (old, new)}, as people read them.

    A corrected name gets a new address (slug) to match. Raises ValidationError
    when another organisation already has the name, however it is typed.
    """
    normalised = normalise_organisation_name(name)
    if Organisation.objects.filter(normalised_name=normalised).exclude(pk=organisation.pk).exists():
        raise ValidationError(f"Another organisation is already called ‘{name}’.")
    before = {
        "name": organisation.name,
        "type": organisation.get_organisation_type_display(),
        "region": organisation.get_region_display(),
    }
    if name != organisation.name:
        organisation.slug = _unique_slug(name, exclude=organisation)
    organisation.name, organisation.normalised_name = name, normalised
    organisation.organisation_type, organisation.region = organisation_type, region
    organisation.save()
    after = {
        "name": organisation.name,
        "type": organisation.get_organisation_type_display(),
        "region": organisation.get_region_display(),
    }
    return {field: (before[field], after[field]) for field in before if before[field] != after[field]}
