"""`bootstrap_site` builds what a live site needs and nothing made up; `load_demo_content` adds the made-up part."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from declaration.models import Commitment, DeclarationPage, Organisation, Principle
from pages.models import HomePage, SiteSettings
from roadmap.models import RoadmapPage

pytestmark = pytest.mark.django_db


def run(command):
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_bootstrap_builds_every_apps_pages_without_made_up_organisations_or_people(client):
    output = run("bootstrap_site")

    assert "Collaboration Unit roadmap" in output
    assert RoadmapPage.objects.live().count() == 1
    assert DeclarationPage.objects.live().count() == 1
    assert Principle.objects.count() == 5
    assert not Organisation.objects.exists()
    assert not Commitment.objects.exists()
    settings = SiteSettings.objects.get()
    assert settings.privacy_page.slug == "privacy"
    # The navigation lists About before the Declaration, and About us links to the roadmap.
    home = client.get("/").content.decode()
    assert home.index('href="/about/"') < home.index('href="/declaration/"')
    assert 'href="/roadmap/"' in client.get("/about/").content.decode()
    assert ">Roadmap</a>" in " ".join(home.split()).replace("> ", ">").replace(" <", "<")


def test_a_second_bootstrap_changes_nothing():
    run("bootstrap_site")
    pages = sorted(Page.objects.values_list("url_path", "latest_revision_id"))

    output = run("bootstrap_site")

    assert "nothing changed" in output
    assert sorted(Page.objects.values_list("url_path", "latest_revision_id")) == pages


def test_demo_content_goes_on_top_of_a_bootstrapped_site():
    run("bootstrap_site")

    output = run("load_demo_content")

    assert "32 signatories" in output
    assert "7 sign-ups in review" in output
    assert "roadmap" not in output  # already there
    assert DeclarationPage.objects.count() == 1
    assert Principle.objects.count() == 5


def test_page_addresses_and_the_sitemap_follow_site_url(client, settings):
    settings.SITE_URL = "http://127.0.0.1:8011"
    run("bootstrap_site")
    assert "http://127.0.0.1:8011/about/" in client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8011").content.decode()

    settings.SITE_URL = "https://www.localdigital.gov.uk"
    settings.ALLOWED_HOSTS = ["www.localdigital.gov.uk"]
    output = run("bootstrap_site")

    assert "the site's address (https://www.localdigital.gov.uk)" in output
    sitemap = client.get("/sitemap.xml", HTTP_HOST="www.localdigital.gov.uk", secure=True).content.decode()
    assert "https://www.localdigital.gov.uk/about/" in sitemap
    assert ":8011" not in sitemap


def test_a_new_home_page_leads_to_signing_and_shows_who_has_signed_and_the_roadmap(client):
    from bs4 import BeautifulSoup

    run("load_demo_content")

    main = BeautifulSoup(client.get("/").content, "html.parser").select_one("main")
    group = main.select_one(".govuk-button-group")
    assert [(a.get_text(strip=True), a["href"]) for a in group.select("a")] == [
        ("Sign the Declaration", "/declaration/sign/"),
        ("See who has signed", "/declaration/signatories/"),
        ("Find an event", "/events/"),
        ("Read the news", "/news/"),
    ]
    assert "govuk-button--secondary" not in group.select("a")[0]["class"]
    assert all("govuk-button--secondary" in a["class"] for a in group.select("a")[1:])
    assert "32 organisations have signed" in " ".join(main.get_text().split())
    assert main.select_one("#home-section-roadmap_current_stage").get_text() == "Our roadmap"


def test_bootstrap_leaves_an_editors_home_page_alone():
    run("bootstrap_site")
    home = HomePage.objects.get()
    home.body = [("paragraph", "<p>Our own words.</p>")]
    home.save_revision().publish()

    run("bootstrap_site")

    home.refresh_from_db()
    assert [block.block_type for block in home.body] == ["paragraph"]
