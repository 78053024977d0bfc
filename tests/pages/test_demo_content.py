import datetime
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from declaration.models import Commitment
from pages.models import HomePage, SiteSettings, StandardPage
from roadmap.models import Milestone, RoadmapPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("url_path", "title", "live", "latest_revision_id")),
        "milestones": Milestone.objects.count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "settings": list(SiteSettings.objects.values()),
    }


def test_builds_the_site_with_every_roadmap_fact(client):
    call_command("load_demo_content")

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    roadmap = RoadmapPage.objects.live().get()
    milestones = roadmap.all_milestones()  # the fund's windows come from its rounds
    assert milestones[0].period_label == "January 2018"
    typed = roadmap.milestones.all()  # the editors' own, without the demo rounds' windows
    assert [m.period_label for m in typed if m.start_date and m.start_date.year == 2019][-1] == "Early 2019"
    dates = {(m.start_date, m.end_date) for m in milestones}
    d = datetime.date
    for expected in [
        (d(2018, 9, 24), d(2018, 10, 5)),
        (d(2018, 10, 6), d(2018, 10, 12)),
        (d(2018, 10, 16), d(2018, 11, 15)),
        (None, d(2018, 12, 3)),
        (d(2018, 12, 13), None),
        (d(2019, 4, 1), d(2019, 4, 30)),
        (d(2019, 5, 1), d(2019, 5, 31)),
    ]:
        assert expected in dates

    for path, heading in [
        ("/", "Local Digital"),
        ("/about/", "About us"),
        ("/roadmap/", "Collaboration Unit roadmap"),
        ("/accessibility-statement/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in response.content.decode()

    about = client.get("/about/").content.decode()
    for fact in ["Local Digital Declaration", "support function", "£7.5 million", "July 2018"]:
        assert fact in about


def test_a_second_run_changes_nothing():
    call_command("load_demo_content")
    before = snapshot()

    call_command("load_demo_content")

    assert snapshot() == before


def test_leaves_editors_changes_alone():
    call_command("load_demo_content")
    about = Page.objects.get(url_path="/home/about/").specific
    about.introduction = "Edited by the unit."
    about.save_revision().publish()

    call_command("load_demo_content")

    about.refresh_from_db()
    assert about.introduction == "Edited by the unit."


def test_the_privacy_notice_and_accessibility_statement_claim_only_what_the_site_does(client):
    call_command("bootstrap_site")

    privacy = " ".join(client.get("/privacy/").content.decode().split())
    accessibility = " ".join(client.get("/accessibility-statement/").content.decode().split())

    assert "Local Digital Declaration" in privacy and "share an event" in privacy
    assert "subscribe to email updates" in privacy and "delete your address 30 days after you do" in privacy
    assert "apply to the Local Digital Fund" in privacy and "register interest in partnering" in privacy
    assert "fully compliant" not in accessibility
    assert "has not yet been audited" in accessibility
    # No date appears until an editor sets when the page was last reviewed.
    for text in (privacy, accessibility):
        assert "Last reviewed" not in text
        assert not re.search(
            r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
            r"October|November|December) 20\d\d\b",
            text.split("<main")[1].split("</main>")[0],
        )


def test_the_last_reviewed_date_is_the_one_editors_set(client):
    call_command("bootstrap_site")
    statement = StandardPage.objects.get(slug="accessibility-statement")
    statement.last_reviewed = datetime.date(2026, 10, 1)
    statement.save_revision().publish()

    assert "Last reviewed on 1 October 2026" in client.get("/accessibility-statement/").content.decode()


def test_every_invented_commitment_of_a_real_organisation_says_it_is_demo_content():
    call_command("load_demo_content")

    commitments = Commitment.objects.all()
    assert commitments.count() > 30
    for commitment in commitments:
        assert commitment.title.startswith("Demo: ")
        assert f"{commitment.organisation.name} did not make this commitment" in commitment.mission
