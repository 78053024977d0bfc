"""Site search: every live page, and whatever else an app registers.

A page is found through Wagtail's search index and labelled with its kind:
the page class's `search_kind` (such as "News") or, failing that, its
verbose name. Anything that is not a page (principles, signatories, events)
joins from its own app's wagtail_hooks.py:

    @hooks.register("register_search_kinds")
    def search_kinds():
        return [SearchKind(label="Signatory", search=search_signatories)]

`search(query, limit)` returns at most `limit` `SearchResult`s, best first,
and must show only what the public may see. `words_match(query, fields)`
gives the filter for a plain database query that, like the page index,
finds "council" and "councils" alike:

    Organisation.objects.filter(words_match(query, ["name"]))
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
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
    return getattr(page.specific_class, "search_kind", "") or "Page"


def _search_pages(query: str, limit: int) -> list[SearchResult]:
    # The pages as Wagtail's own rows: their kind is their class's, and their introductions come in one
    # query below, not one query per page type as `specific()` would read them.
    pages = list(Page.objects.live().public().search(query)[:limit])
    introductions = _introductions(pages)
    return [
        SearchResult(
            kind=page_kind(page),
            title=page.title,
            url=page.url,
            summary=page.search_description or introductions.get(page.pk, ""),
        )
        for page in pages
    ]


def _introductions(pages: list[Page]) -> dict[int, str]:
    """Each page's introduction (a field of every site page type's own table), read in one UNION query."""
    ids_by_class = defaultdict(list)
    for page in pages:
        model = page.specific_class
        if model is not None and any(field.name == "introduction" for field in model._meta.concrete_fields):
            ids_by_class[model].append(page.pk)
    queries = [
        model.objects.filter(pk__in=ids).order_by().values_list("pk", "introduction")
        for model, ids in ids_by_class.items()
    ]
    if not queries:
        return {}
    return dict(queries[0].union(*queries[1:], all=True))


# Words shorter than this are matched as typed: "as" is not a plural of "a".
SHORTEST_STEM = 3
# Words after this many are ignored: each one adds a condition on every field.
MOST_QUERY_WORDS = 10
_WORD = re.compile(r"\w+")


def word_stem(word: str) -> str:
    """What a word's singular and plural share: "councils" and "council" give "council",
    "libraries" and "library" give "librar"."""
    word = word.lower()
    for ending, length in (("ies", 3), ("y", 1), ("s", 1)):
        if word.endswith(ending) and not word.endswith("ss") and len(word) - length >= SHORTEST_STEM:
            return word[:-length]
    return word


def words_match(query: str, fields: Iterable[str]) -> Q:
    """Every word of the query (the first 10), singular or plural, in at least one of the fields.

    Case-insensitive. A query with no words matches nothing.
    """
    fields, words = list(fields), _WORD.findall(query)[:MOST_QUERY_WORDS]
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        stem = word_stem(word)
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": stem})
        condition &= any_field
    return condition
