"""Sections of the home page that list what other parts of the site publish.

An app offers a section from its wagtail_hooks.py:

    @hooks.register("register_home_sections")
    def home_sections():
        return [HomeSection("latest_news", "Latest news", "news/home_section.html", latest_news)]

where `latest_news(request, count)` returns the template's context, or None
when there is nothing to show (the section then disappears). Editors place a
section on the home page with the "List from the site" block, choosing the
section, its heading and how many items it shows. An app that adds its pages
in `register_site_pages` can put its section on the home page with
`pages.bootstrap.add_home_section` at the same time.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from wagtail import hooks


@dataclass(frozen=True)
class HomeSection:
    name: str  # stored in the page's content: never rename one
    label: str  # what editors choose from, such as "Latest news"
    template: str
    context: Callable[[HttpRequest, int], dict | None]


def registered_sections() -> dict[str, HomeSection]:
    return {section.name: section for register in hooks.get_hooks("register_home_sections") for section in register()}


def section_choices() -> list[tuple[str, str]]:
    return [(section.name, section.label) for section in registered_sections().values()]
