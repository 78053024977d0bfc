"""The home page leads somewhere: a group of buttons editors set, one of them the main action."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.blocks import StructBlockValidationError

from pages.blocks import CallToActionBlock
from pages.bootstrap import add_home_call_to_action
from tests.factories.pages import StandardPageFactory

pytestmark = pytest.mark.django_db


def buttons(client):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    return [
        (a.get_text(strip=True), a["href"], "govuk-button--secondary" in a["class"])
        for a in soup.select("main .govuk-button-group a.govuk-button")
    ]


def test_the_first_button_is_the_main_action_and_the_others_secondary(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About us", slug="about")
    add_home_call_to_action(home_page, text="Sign the Declaration", url="/declaration/sign/")
    add_home_call_to_action(home_page, text="About us", page=about)

    assert buttons(client) == [
        ("Sign the Declaration", "/declaration/sign/", False),
        ("About us", "/about/", True),
    ]


def test_a_button_to_a_page_shows_once_the_page_is_published(client, home_page):
    events = StandardPageFactory(parent=home_page, title="Events", slug="events", live=False)
    add_home_call_to_action(home_page, text="Find an event", page=events)
    add_home_call_to_action(home_page, text="Sign the Declaration", url="/declaration/sign/")

    assert buttons(client) == [("Sign the Declaration", "/declaration/sign/", False)]

    events.save_revision().publish()

    assert buttons(client) == [
        ("Find an event", "/events/", False),
        ("Sign the Declaration", "/declaration/sign/", True),
    ]


def test_with_no_button_shown_the_group_leaves_nothing_behind(client, home_page):
    draft = StandardPageFactory(parent=home_page, title="News", slug="news", live=False)
    add_home_call_to_action(home_page, text="Read the news", page=draft)

    soup = BeautifulSoup(client.get("/").content, "html.parser")

    assert soup.select(".govuk-button-group") == []


def test_a_button_is_added_once_under_the_first_paragraph(home_page):
    home_page.body = [("paragraph", "<p>Welcome.</p>"), ("heading", "What we do")]
    home_page.save()

    assert add_home_call_to_action(home_page, text="Sign the Declaration", url="/declaration/sign/")
    assert add_home_call_to_action(home_page, text="Sign the Declaration", url="/declaration/sign/") == []

    home_page.refresh_from_db()
    assert [block.block_type for block in home_page.body] == ["paragraph", "calls_to_action", "heading"]
    assert len(home_page.body[1].value["actions"]) == 1


@pytest.mark.parametrize("address", ["/declaration/sign/", "https://www.gov.uk/", "http://example.com/a?b=c"])
def test_a_button_leads_to_an_address_on_this_site_or_the_web(address):
    block = CallToActionBlock()

    assert block.clean(block.to_python({"text": "Go", "page": None, "url": address}))["url"] == address


@pytest.mark.parametrize("address", ["javascript:alert(1)", "//evil.example.com/", "declaration/sign", "ftp://x.org/"])
def test_a_button_refuses_other_addresses(address):
    block = CallToActionBlock()

    with pytest.raises((StructBlockValidationError, ValidationError)):
        block.clean(block.to_python({"text": "Go", "page": None, "url": address}))


def test_a_button_needs_a_page_or_an_address():
    block = CallToActionBlock()

    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"text": "Go", "page": None, "url": ""}))

    assert "Choose a page or enter an address." in str(error.value.block_errors["page"])
