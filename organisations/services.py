"""Finding an organisation by the name someone typed, and storing a new one."""

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


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisation"
    slug, number = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
