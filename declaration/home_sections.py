"""What the Declaration offers the home page's "List from the site" block (see pages/home_sections.py)."""

from pages.home_sections import HomeSection

from . import queries


def signatories_for_home(request, count: int) -> dict | None:
    """How many organisations have signed, and the `count` that signed most recently; None before any has."""
    total = queries.signatory_count()
    if not total:
        return None
    latest = queries.signatories().order_by("-signed_at", "normalised_name")[:count]
    return {"total": total, "latest": list(latest)}


HOME_SECTIONS = [
    HomeSection(
        "declaration_signatories",
        "Declaration: how many have signed, and the latest",
        "declaration/home_section.html",
        signatories_for_home,
    ),
]
