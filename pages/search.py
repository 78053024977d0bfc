"""Site search: every live page, and whatever else an app registers.

A page is found through Wagtail's search index and labelled with its kind:
the page class's `search_kind` (such as "News") or, failing that, its
verbose name. Anything that is not a page (principles, signatories, events)
joins from its own app's wagtail_hooks.py:

    @hooks.register("register_search_kinds")
    def search_kinds():
        return [SearchKind(label="Signatory", search=search_signatories)]

`search(query, limit)` returns at most `limit` `SearchResult`s, best first,
and must show only what the public may see.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks
from wagtail.models import Page

# Each kind contributes at most this many results; nobody reads further.
MOST_RESULTS_PER_KIND = 100


@dataclass(frozen=True)
class SearchResult:
    kind: str  # what it is, shown on the result: "Page", "News", "Signatory"
    title: str
    url: str
    summary: str = ""


@dataclass(frozen=True)
class SearchKind:
    label: str
    search: Callable[[str, int], list[SearchResult]]


def search_site(query: str) -> list[SearchResult]:
    """Pages first, in the search index's order, then each registered kind's results."""
    results = _search_pages(query, MOST_RESULTS_PER_KIND)
    for kind in registered_kinds():
        results += kind.search(query, MOST_RESULTS_PER_KIND)[:MOST_RESULTS_PER_KIND]
    return results


def registered_kinds() -> list[SearchKind]:
    return [kind for register in hooks.get_hooks("register_search_kinds") for kind in register()]


def page_kind(page: Page) -> str:
    return getattr(page, "search_kind", "") or "Page"


def _search_pages(query: str, limit: int) -> list[SearchResult]:
    pages = Page.objects.live().public().specific().search(query)[:limit]
    return [
        SearchResult(
            kind=page_kind(page),
            title=page.title,
            url=page.url,
            summary=page.search_description or getattr(page, "introduction", ""),
        )
        for page in pages
    ]
