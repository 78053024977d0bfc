"""The Declaration's real content, installed by `bootstrap_site` on every site: its page and its 5 principles."""

from django.urls import reverse

from pages.bootstrap import add_home_call_to_action, add_home_section, add_page

from .models import DeclarationPage, Principle

PRINCIPLES = [
    (
        "Redesign services around the needs of the people using them",
        "Understand what users need, and design services with them, so that they are simple, accessible "
        "and work for everyone.",
    ),
    (
        "‘Fix our plumbing’",
        "Move away from inflexible, expensive technology that does not join up, towards modular building blocks "
        "and open standards that let us change services easily.",
    ),
    (
        "Design safe, secure and useful ways of sharing information",
        "Share data safely between organisations, to build trust with the public and make services better.",
    ),
    (
        "Demonstrate digital leadership",
        "Leaders create the conditions for change: they champion new ways of working and give teams the "
        "space to deliver.",
    ),
    (
        "Embed an open culture that values digital ways of working",
        "Work in the open, share what we learn and build the digital skills of the whole workforce.",
    ),
]

DECLARATION_PAGE = {
    "title": "The Local Digital Declaration",
    "slug": "declaration",
    "show_in_menus": True,
    "navigation_title": "Declaration",
    "introduction": "A shared ambition for the future of local public services, written by local authorities, "
    "sector bodies and government departments. Councils and other public bodies join by signing it.",
    "search_description": "The Local Digital Declaration: its 5 principles, who has signed and how to sign.",
}


def load_site_pages(home) -> list[str]:
    """Create the Declaration page and its principles, where they are missing. Returns what it created.

    Real content, safe on the live site.
    """
    created = [f"principle ‘{title}’" for title in principles_in_order()[1]]
    _, made = add_page(home, slug=DECLARATION_PAGE["slug"], build=lambda: DeclarationPage(**DECLARATION_PAGE))
    if made:
        created.append(DECLARATION_PAGE["title"])
        created += add_home_call_to_action(home, text="Sign the Declaration", url=reverse("declaration:sign_start"))
        created += add_home_call_to_action(home, text="See who has signed", url=reverse("declaration:signatories"))
        created += add_home_section(home, name="declaration_signatories", heading="Who has signed", count=5)
    return created


def principles_in_order() -> tuple[list[Principle], list[str]]:
    """The principles, in order, with the titles of any it had to create."""
    principles, created = [], []
    for order, (title, summary) in enumerate(PRINCIPLES):
        principle, made = Principle.objects.get_or_create(
            title=title, defaults={"summary": summary, "sort_order": order}
        )
        principles.append(principle)
        if made:
            created.append(title)
    return principles, created
