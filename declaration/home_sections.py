"""What the Declaration offers the home page's "List from the site" block (see pages/home_sections.py)."""

from django.db.models import Count, Window

from pages.home_sections import HomeSection

from . import queries


def signatories_for_home(request, count: int) -> dict | None:
    """How many organisations have signed, and the `count` that signed most recently; None before any has."""
    # One query: the count of every signatory comes with each of the latest (a window over them all).
    latest = list(
        queries.signatories().annotate(total=Window(Count("pk"))).order_by("-signed_at", "normalised_name")[:count]
    )
    if not latest:
        return None
    return {"total": latest[0].total, "latest": latest}


HOME_SECTIONS = [
    HomeSection(
        "declaration_signatories",
        "Declaration: how many have signed, and the latest",
        "declaration/home_section.html",
        signatories_for_home,
    ),
]
