"""Reviewers correct published commitments and organisations, remove signatories, and see what waits for them."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse

from declaration.models import Commitment, CommitmentStatus, Signatory
from organisations.models import OrganisationType, Region
from tests.declaration.test_review_admin import admin_url, make_user, messages_of, page_text
from tests.factories.declaration import CommitmentFactory, SignedOrganisationFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

Status = CommitmentStatus


@pytest.fixture
def reviewer_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "riley", groups=["Declaration reviewers"]))
    return client


@pytest.fixture
def published():
    return CommitmentFactory(
        signed=True,
        organisation=OrganisationFactory(name="Leeds Ctiy Council", slug="leeds-ctiy-council"),
        title="Open libary data",
        partners="",
        mission="Publish every library's opening hours.",
        impact="Residents know when to visit.",
    )


def form_of(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    form = soup.select_one("main form[method=post]")
    data = {field["name"]: field.get("value", "") for field in form.select("input[name]") if field["type"] != "submit"}
    data.update({area["name"]: area.get_text() for area in form.select("textarea")})
    data.update({select["name"]: select.select_one("option[selected]")["value"] for select in form.select("select")})
    data.pop("csrfmiddlewaretoken", None)
    return data


def history_of(client, commitment):
    return page_text(client.get(admin_url("history", commitment)))


def test_a_reviewer_corrects_a_typo_in_a_published_commitment(reviewer_client, published):
    form = form_of(reviewer_client, admin_url("correct_commitment", published))
    assert form["title"] == "Open libary data"  # the form starts from the published words
    assert form["mission"].strip() == "Publish every library's opening hours."

    response = reviewer_client.post(admin_url("correct_commitment", published), {**form, "title": "Open library data"})

    assert response.url == admin_url("inspect", published)
    assert f"{published.reference} corrected." in messages_of(response)
    published.refresh_from_db()
    assert (published.title, published.status) == ("Open library data", Status.SIGNED)
    assert "Open library data" in reviewer_client.get("/declaration/signatories/leeds-ctiy-council/").content.decode()
    assert "Commitment corrected: title ‘Open libary data’ to ‘Open library data’" in history_of(
        reviewer_client, published
    )
    assert mail.outbox == []


def test_a_correction_must_still_answer_every_question(reviewer_client, published):
    form = form_of(reviewer_client, admin_url("correct_commitment", published))

    response = reviewer_client.post(admin_url("correct_commitment", published), {**form, "mission": ""})

    assert response.status_code == 200
    assert "Enter the mission" in page_text(response)
    published.refresh_from_db()
    assert published.mission == "Publish every library's opening hours."


def test_a_commitment_not_yet_published_is_not_corrected_by_staff(reviewer_client):
    in_review = CommitmentFactory(status=Status.IN_REVIEW, title="Draft")

    response = reviewer_client.post(
        admin_url("correct_commitment", in_review), {"title": "Changed", "mission": "M", "impact": "I"}
    )

    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.title == "Draft"
    assert any("You cannot correct this commitment" in message for message in messages_of(response))


def test_a_reviewer_corrects_an_organisations_name_type_and_region(reviewer_client, published):
    form = form_of(reviewer_client, admin_url("correct_organisation", published))
    assert form["name"] == "Leeds Ctiy Council"

    response = reviewer_client.post(
        admin_url("correct_organisation", published),
        {
            "name": "Leeds City Council",
            "organisation_type": OrganisationType.METROPOLITAN_BOROUGH,
            "region": Region.YORKSHIRE_AND_THE_HUMBER,
        },
    )

    assert response.url == admin_url("inspect", published)
    organisation = published.organisation
    organisation.refresh_from_db()
    assert (organisation.name, organisation.slug) == ("Leeds City Council", "leeds-city-council")
    assert organisation.region == Region.YORKSHIRE_AND_THE_HUMBER
    assert reviewer_client.get("/declaration/signatories/leeds-city-council/").status_code == 200
    history = history_of(reviewer_client, published)
    assert "Organisation corrected: name ‘Leeds Ctiy Council’ to ‘Leeds City Council’" in history
    assert "region ‘South East’ to ‘Yorkshire and the Humber’" in history


def test_an_organisation_cannot_take_another_ones_name(reviewer_client, published):
    OrganisationFactory(name="Bradford Council")

    response = reviewer_client.post(
        admin_url("correct_organisation", published),
        {
            "name": "bradford council",
            "organisation_type": OrganisationType.DISTRICT_COUNCIL,
            "region": Region.SOUTH_EAST,
        },
    )

    assert response.status_code == 200
    assert "Another organisation is already called ‘bradford council’." in page_text(response)
    published.organisation.refresh_from_db()
    assert published.organisation.name == "Leeds Ctiy Council"


def test_a_reviewer_removes_a_signatory_with_a_reason(reviewer_client, published):
    further = CommitmentFactory(
        signed=True, organisation=published.organisation, kind=Commitment.Kind.FURTHER_COMMITMENT, title="Second"
    )
    SignedOrganisationFactory(name="Bristol City Council")

    response = reviewer_client.post(
        admin_url("remove_signatory", published), {"reason": "Signed by mistake: not an English council."}
    )

    assert response.url == admin_url("inspect", published)
    assert not Signatory.objects.filter(organisation=published.organisation).exists()
    for commitment in (published, further):
        commitment.refresh_from_db()
        assert commitment.status == Status.REMOVED
        history = history_of(reviewer_client, commitment)
        assert "Organisation removed from the signatories: Signed by mistake" in history
    listed = page_text(reviewer_client.get("/declaration/signatories/"))
    assert "Leeds Ctiy Council" not in listed and "Bristol City Council" in listed
    assert "Leeds Ctiy Council" not in reviewer_client.get("/declaration/signatories.csv").content.decode()
    assert "Leeds Ctiy Council" not in reviewer_client.get("/declaration/signatories.json").content.decode()
    assert "Open libary data" not in page_text(reviewer_client.get("/declaration/projects/"))
    assert reviewer_client.get("/declaration/signatories/leeds-ctiy-council/").status_code == 404


def test_removing_a_signatory_needs_a_reason(reviewer_client, published):
    response = reviewer_client.post(admin_url("remove_signatory", published), {"reason": " "})

    assert response.status_code == 200
    assert Signatory.objects.filter(organisation=published.organisation).exists()


# The dashboard and the listing ------------------------------------------------


def test_the_dashboard_counts_the_sign_ups_waiting_and_links_to_them(reviewer_client):
    CommitmentFactory.create_batch(3, status=Status.IN_REVIEW)
    CommitmentFactory(status=Status.AWAITING_APPROVER)

    soup = BeautifulSoup(reviewer_client.get(reverse("wagtailadmin_home")).content, "html.parser")

    link = soup.select_one("#declaration-sign-ups-waiting-content a") or soup.select_one(
        "[id^=declaration-sign-ups-waiting] a"
    )
    assert " ".join(link.get_text().split()) == "3 sign-ups waiting for review"
    assert link["href"] == admin_url("index") + "?status=in_review"
    listed = set(re.findall(r"LD-TEST-\d+", page_text(reviewer_client.get(link["href"]))))
    assert listed == set(Commitment.objects.filter(status=Status.IN_REVIEW).values_list("reference", flat=True))


def test_staff_who_cannot_read_sign_ups_see_no_count(client, django_user_model):
    client.force_login(make_user(django_user_model, "edie", groups=["Editors"]))

    assert "waiting for review" not in page_text(client.get(reverse("wagtailadmin_home")))


def test_the_listing_opens_on_the_sign_ups_that_need_review(reviewer_client):
    response = reviewer_client.get(admin_url("index"))

    assert response.status_code == 302
    assert response.url == admin_url("index") + "?status=in_review"


def test_approve_for_signing_is_the_primary_button(reviewer_client):
    commitment = CommitmentFactory(status=Status.IN_REVIEW)

    soup = BeautifulSoup(reviewer_client.get(admin_url("inspect", commitment)).content, "html.parser")

    buttons = soup.select("[data-review-actions] a.button")
    primary = [a.get_text(strip=True) for a in buttons if "button-secondary" not in a["class"]]
    assert primary == ["Approve for signing"]
    assert buttons[0].get_text(strip=True) == "Approve for signing"
