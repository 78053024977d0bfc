"""Every public page type tells search engines what it is: one non-empty `<meta name="description">`.

From the page's search description or introduction where it has one, and a
sentence of its own for lists, forms and search (which robots.txt keeps out
of indexes).
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from pages.models import StandardPage
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home_page):
    call_command("load_demo_content", stdout=StringIO())


def first_link(client, list_url, pattern):
    html = client.get(list_url).content.decode()
    return re.search(rf'href="({pattern})"', html).group(1)


def descriptions(response) -> list[str]:
    return [
        tag.attrs.get("content", "") for tag in parse(response.content.decode()).find_all("meta", name="description")
    ]


def public_pages(client):
    return {
        "home": "/",
        "standard page": "/about/",
        "roadmap": "/roadmap/",
        "declaration": "/declaration/",
        "signatories": "/declaration/signatories/",
        "signatory": first_link(client, "/declaration/signatories/", r"/declaration/signatories/[\w-]+/"),
        "projects": "/declaration/projects/",
        "principle": first_link(client, "/declaration/", r"/declaration/principles/[\w-]+/"),
        "sign-up start": "/declaration/sign/",
        "sign-up question": first_link(client, "/declaration/sign/", r"/declaration/sign/[\w-]+/"),
        "events": "/events/",
        "past events": "/events/past/",
        "event": first_link(client, "/events/", r"/events/(?!past/|submit/)[\w-]+/"),
        "event submit start": "/events/submit/",
        "event submit question": first_link(client, "/events/submit/", r"/events/submit/[\w-]+/"),
        "news": "/news/",
        "news article": first_link(client, "/news/", r"/news/[\w-]+/"),
        "search": "/search/?q=council",
    }


def test_every_public_page_type_has_one_meta_description(client, demo):
    missing = {}
    for kind, url in public_pages(client).items():
        response = client.get(url)
        assert response.status_code == 200, f"{kind}: {url}"
        found = descriptions(response)
        if len(found) != 1 or not found[0].strip():
            missing[kind] = (url, found)

    assert missing == {}


def test_a_page_is_described_by_its_search_description_else_its_introduction(client, home_page):
    about = StandardPage(title="About us", slug="about", introduction="Who we are.", search_description="")
    home_page.add_child(instance=about)
    team = StandardPage(title="Team", slug="team", introduction="The team.", search_description="Meet the team.")
    home_page.add_child(instance=team)

    assert descriptions(client.get("/about/")) == ["Who we are."]
    assert descriptions(client.get("/team/")) == ["Meet the team."]


def test_past_events_are_described_as_past(client, demo):
    upcoming, past = descriptions(client.get("/events/")), descriptions(client.get("/events/past/"))

    assert "already taken place" in past[0]
    assert "already taken place" not in upcoming[0]
