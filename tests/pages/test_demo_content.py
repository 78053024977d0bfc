import datetime

import pytest
from django.core.management import call_command
from wagtail.models import Page, PageLogEntry, Revision, Site

from pages.models import HomePage, SiteSettings
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
    milestones = list(roadmap.milestones.all())
    assert milestones[0].period_label == "January 2018"
    assert milestones[-1].period_label == "Early 2019"
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
