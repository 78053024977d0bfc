"""Pages the public may see, asked in the same query as the pages themselves."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def under_a_view_restriction():
    """True for a page that is, or is below, a page with a view restriction (a password, signed-in users)."""
    return Exists(PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path"))))


def public(pages):
    """`pages` without the restricted ones, as Wagtail's `public()` but with no query of its own.

    Wagtail's reads every view restriction first, then adds a condition for each: a
    query every time a list is shown, and the principle pages show four lists.
    """
    return pages.filter(~under_a_view_restriction())


class PublicPageQuerySet(PageQuerySet):
    """A page type's queryset whose `public()` costs no extra query."""

    def public(self):
        return public(self)
