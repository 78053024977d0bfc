"""Everything published that serves a Declaration principle, gathered for the principle's page.

The principle page (/declaration/principles/<slug>/) shows one section per
kind of content, each with its count. The Declaration offers its projects;
other apps (news, funded projects, events) offer theirs from their own
wagtail_hooks.py, so the Declaration never imports them:

    @hooks.register("register_principle_content")
    def principle_content():
        return [PrincipleContent(label="News", nouns=("news item", "news items"),
                                 rows=news_serving, items=news_items, more=all_news_serving)]

`rows(principle)` is the queryset of everything the public may see that
serves the principle, newest first; `items(rows)` turns the first few into
`PrincipleItem`s; `more(principle)` is the address of the full list, or None.
The section's first rows and its count come in one query (a window count over
them all), so each section costs one query, and its prefetches. Sections
appear in their hooks' order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Window
from django.urls import reverse
from django.utils.http import urlencode
from wagtail import hooks

from core.formatting import format_date, uk_time

from . import queries
from .models import Principle

# Each section lists this many items at most, then links to the full list.
ITEMS_PER_SECTION = 5


@dataclass(frozen=True)
class PrincipleItem:
    title: str
    url: str
    summary: str = ""
    meta: str = ""  # one line under the title, such as the date or who made it
    elsewhere: str = ""  # the other website the link goes to, such as "MHCLG Digital blog"; the page says so

    @property
    def leaves_site(self) -> bool:
        return bool(self.elsewhere)


@dataclass(frozen=True)
class PrincipleContent:
    label: str  # the section's heading, such as "News"
    nouns: tuple[str, str]  # the count's noun, singular and plural: ("news item", "news items")
    rows: Callable[[Principle], QuerySet]
    items: Callable[[list], list[PrincipleItem]]
    more: Callable[[Principle], str | None] | None = None
    more_text: str = ""  # the link to the full list, such as "All news about this principle"


@dataclass(frozen=True)
class PrincipleSection:
    content: PrincipleContent
    count: int
    items: list[PrincipleItem]
    more_url: str | None

    @property
    def count_text(self) -> str:
        singular, plural = self.content.nouns
        return f"{self.count:,} {singular if self.count == 1 else plural}"


def registered_content() -> list[PrincipleContent]:
    return [content for register in hooks.get_hooks("register_principle_content") for content in register()]


def sections_for(principle: Principle, limit: int = ITEMS_PER_SECTION) -> list[PrincipleSection]:
    sections = []
    for content in registered_content():
        # One query: how many there are in all comes with each of the first few (a window over them all).
        rows = list(content.rows(principle).annotate(principle_section_total=Window(Count("pk")))[:limit])
        count = rows[0].principle_section_total if rows else 0
        items = content.items(rows)
        more_url = content.more(principle) if content.more and count > len(items) else None
        sections.append(PrincipleSection(content=content, count=count, items=items, more_url=more_url))
    return sections


# The Declaration's own: the signed commitments that name the principle --------


def _projects(principle: Principle):
    return queries.projects(principle).prefetch_related(None)


def _project_items(projects: list) -> list[PrincipleItem]:
    return [
        PrincipleItem(
            title=project.title,
            url=reverse("declaration:signatory", args=[project.organisation.slug]) + f"#commitment-{project.pk}",
            summary=project.mission,
            meta=f"By {project.organisation.name}. Signed {format_date(uk_time(project.signed_at).date())}",
        )
        for project in projects
    ]


def _all_projects(principle: Principle) -> str:
    return f"{reverse('declaration:projects')}?{urlencode({'principle': principle.pk})}"


DECLARATION_PROJECTS = PrincipleContent(
    label="Declaration projects",
    nouns=("project", "projects"),
    rows=_projects,
    items=_project_items,
    more=_all_projects,
    more_text="All Declaration projects that serve this principle",
)
