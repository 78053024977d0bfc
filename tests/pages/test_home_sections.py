"""Apps put lists on the home page (latest news, upcoming events) through the "List from the site" block."""

import pytest
from bs4 import BeautifulSoup
from wagtail import hooks

from pages.bootstrap import add_home_section
from pages.home_sections import HomeSection

pytestmark = pytest.mark.django_db


def latest_roadshows(request, count):
    roadshows = ["Leeds", "Bristol", "Norwich", "Exeter"][:count]
    return {"roadshows": roadshows}


def nothing_yet(request, count):
    return None


SECTIONS = [
    HomeSection("roadshows", "Roadshows", "tests/roadshows.html", latest_roadshows),
    HomeSection("quiet", "Nothing to show", "tests/roadshows.html", nothing_yet),
]


@pytest.fixture
def roadshow_template(settings, tmp_path):
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "roadshows.html").write_text(
        '<ul class="roadshows">{% for place in listing.roadshows %}<li>{{ place }}</li>{% endfor %}</ul>'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}, *settings.TEMPLATES[1:]]


def home(client):
    return BeautifulSoup(client.get("/").content, "html.parser")


def test_a_section_shows_its_heading_and_as_many_items_as_the_editor_chose(client, home_page, roadshow_template):
    with hooks.register_temporarily("register_home_sections", lambda: SECTIONS):
        assert add_home_section(home_page, name="roadshows", heading="Coming to a town near you", count=2)
        soup = home(client)

    section = soup.select_one("section.ld-home-section")
    assert section.h2.get_text() == "Coming to a town near you"
    assert [li.get_text() for li in section.select(".roadshows li")] == ["Leeds", "Bristol"]


def test_a_section_with_nothing_to_show_disappears_with_its_heading(client, home_page, roadshow_template):
    with hooks.register_temporarily("register_home_sections", lambda: SECTIONS):
        add_home_section(home_page, name="quiet", heading="Nothing here")
        soup = home(client)

    assert "Nothing here" not in soup.get_text()
    assert soup.select("section.ld-home-section") == []


def test_a_section_whose_app_has_gone_shows_nothing_rather_than_failing(client, home_page):
    with hooks.register_temporarily("register_home_sections", lambda: SECTIONS):
        add_home_section(home_page, name="roadshows", heading="Roadshows")

    response = client.get("/")

    assert response.status_code == 200
    assert "Roadshows" not in response.content.decode()


def test_a_section_is_added_once_and_not_again(home_page):
    with hooks.register_temporarily("register_home_sections", lambda: SECTIONS):
        first = add_home_section(home_page, name="roadshows", heading="Roadshows")
        again = add_home_section(home_page, name="roadshows", heading="Roadshows")

    assert first == ["‘Roadshows’ on the home page"]
    assert again == []
    home_page.refresh_from_db()
    assert [block.block_type for block in home_page.body].count("home_section") == 1
