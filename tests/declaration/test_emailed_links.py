import datetime
import re

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from declaration import services
from declaration.models import CommitmentStatus
from tests.factories.declaration import CommitmentFactory, PrincipleFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def link_in(email, path):
    return re.search(rf"http://testserver({path}[^\s\"<]+)", email.body)[1]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the emails) as they would run in production."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def test_confirming_the_email_address_sends_the_sign_up_to_review(client, home_page):
    commitment = CommitmentFactory()
    url = f"/declaration/confirm/{services.make_link_token(commitment, 'confirm')}/"

    opened = client.get(url)
    assert "Confirm your email address" in text_of(opened)
    assert BeautifulSoup(opened.content, "html.parser").select_one("form[method=post] button").get_text(
        strip=True
    ) == ("Confirm email address")

    response = client.post(url)

    assert "Email address confirmed" in text_of(response)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_REVIEW
    assert commitment.email_confirmed_at is not None
    for again in (client.get(url), client.post(url)):
        assert "You have already confirmed your email address" in text_of(again)


def test_opening_a_confirmation_link_without_pressing_the_button_confirms_nothing(client, home_page):
    """Mail scanners open every link in a message: only the button, a POST, confirms."""
    commitment = CommitmentFactory()
    url = f"/declaration/confirm/{services.make_link_token(commitment, 'confirm')}/"

    for _ in range(3):
        assert client.get(url).status_code == 200
    client.head(url)

    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_EMAIL_CONFIRMATION
    assert commitment.email_confirmed_at is None
    assert "Email address confirmed" in text_of(client.post(url))


def test_a_confirmation_link_expires_after_7_days(client, home_page):
    commitment = CommitmentFactory()
    url = f"/declaration/confirm/{services.make_link_token(commitment, 'confirm')}/"

    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        response = client.get(url)

    assert response.status_code == 410
    assert "This link has expired" in text_of(response)
    assert BeautifulSoup(response.content, "html.parser").find("a", string="get a new link")["href"] == (
        "/declaration/sign/resend/"
    )
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.AWAITING_EMAIL_CONFIRMATION


@pytest.mark.parametrize("purpose", ["confirm", "amend", "approve"])
def test_a_tampered_link_gets_a_clear_page(client, home_page, purpose):
    commitment = CommitmentFactory()
    token = services.make_link_token(commitment, "confirm")
    tampered = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")

    response = client.get(f"/declaration/{purpose}/{tampered}/")

    assert response.status_code == 404
    assert "This link does not work" in text_of(response)


def test_a_link_for_one_purpose_does_not_work_for_another(client, home_page):
    commitment = CommitmentFactory(status=CommitmentStatus.AWAITING_APPROVER)

    response = client.get(f"/declaration/approve/{services.make_link_token(commitment, 'confirm')}/")

    assert response.status_code == 404


def test_a_new_confirmation_link_can_be_sent(client, home_page, on_commit):
    commitment = CommitmentFactory(contact_email="jo@example.gov.uk")

    response = on_commit(client.post, "/declaration/sign/resend/", {"email": "JO@example.gov.uk"})

    assert "Check your email" in text_of(response)
    [email] = mail.outbox
    assert email.to == ["jo@example.gov.uk"]
    client.post(link_in(email, "/declaration/confirm/"))
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.IN_REVIEW


def test_asking_for_a_link_for_an_unknown_address_says_the_same_and_sends_nothing(client, home_page, on_commit):
    response = on_commit(client.post, "/declaration/sign/resend/", {"email": "nobody@example.gov.uk"})

    assert "Check your email" in text_of(response)
    assert mail.outbox == []


def test_the_contact_amends_after_staff_ask_for_changes(client, home_page, on_commit, django_user_model):
    principle = PrincipleFactory()
    commitment = CommitmentFactory(status=CommitmentStatus.IN_REVIEW, principles=[principle])
    reviewer = django_user_model.objects.create_user("reviewer")
    on_commit(services.request_changes, commitment, user=reviewer, message="Say who <benefits>.")
    url = link_in(mail.outbox[0], "/declaration/amend/")

    form_page = client.get(url)
    assert "Say who &lt;benefits&gt;." in form_page.content.decode()
    response = client.post(
        url,
        {"title": "Better", "mission": "We will do it.", "impact": "Residents benefit.", "principles": [principle.pk]},
    )

    assert "Changes sent" in text_of(response)
    commitment.refresh_from_db()
    assert (commitment.status, commitment.impact) == (CommitmentStatus.IN_REVIEW, "Residents benefit.")
    assert "This link has already been used" in text_of(client.get(url))


def test_the_senior_approver_signs_and_the_organisation_becomes_a_signatory(client, home_page, on_commit):
    commitment = CommitmentFactory(status=CommitmentStatus.IN_REVIEW, approver_name="Alex Boss")
    on_commit(services.approve_for_signing, commitment, user=None)
    request, approved = mail.outbox
    assert request.to == [commitment.approver_email]
    assert approved.to == [commitment.contact_email]
    url = link_in(request, "/declaration/approve/")

    page = BeautifulSoup(client.get(url).content, "html.parser")
    assert page.select_one("#id_name")["value"] == "Alex Boss"
    refused = client.post(url, {"name": "Alex Boss", "job_title": "Chief executive"})
    assert "Confirm that you sign on behalf of your organisation" in text_of(refused)

    response = on_commit(client.post, url, {"name": "Alex Boss", "job_title": "Chief executive", "confirm": "on"})

    assert "Declaration signed" in text_of(response)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.SIGNED
    assert commitment.organisation.signatory.signed_at == commitment.signed_at
    assert sorted(m.to[0] for m in mail.outbox[2:]) == sorted([commitment.contact_email, commitment.approver_email])
    # The link cannot be used again, not even by the approver.
    client.logout()
    assert "This link has already been used" in text_of(client.get(url))


def test_a_refresh_after_signing_shows_the_confirmation_not_an_error(client, home_page, on_commit):
    commitment = CommitmentFactory(status=CommitmentStatus.AWAITING_APPROVER)
    url = f"/declaration/approve/{services.make_link_token(commitment, 'sign')}/"
    data = {"name": "Alex Boss", "job_title": "Chief executive", "confirm": "on"}

    on_commit(client.post, url, data)
    second = on_commit(client.post, url, data)

    assert "Declaration signed" in text_of(second)
    assert len(mail.outbox) == 2  # one to each person, once


def test_a_signing_link_expires_after_30_days(client, home_page):
    commitment = CommitmentFactory(status=CommitmentStatus.AWAITING_APPROVER)
    url = f"/declaration/approve/{services.make_link_token(commitment, 'sign')}/"

    with time_machine.travel(timezone.now() + datetime.timedelta(days=31)):
        response = client.get(url)

    assert response.status_code == 410


@pytest.mark.parametrize(
    ("path", "purpose", "status", "days", "works"),
    [
        ("confirm", "confirm", CommitmentStatus.AWAITING_EMAIL_CONFIRMATION, 7, "Confirm your email address"),
        ("amend", "amend", CommitmentStatus.CHANGES_REQUESTED, 30, "Change your commitment"),
        ("approve", "sign", CommitmentStatus.AWAITING_APPROVER, 30, "Sign the Declaration"),
    ],
)
def test_a_link_works_until_its_lifetime_ends_and_not_after(client, home_page, path, purpose, status, days, works):
    sent = timezone.now()
    with time_machine.travel(sent, tick=False):
        commitment = CommitmentFactory(status=status)
        url = f"/declaration/{path}/{services.make_link_token(commitment, purpose)}/"

    with time_machine.travel(sent + datetime.timedelta(days=days) - datetime.timedelta(minutes=1), tick=False):
        just_before = client.get(url)
    with time_machine.travel(sent + datetime.timedelta(days=days) + datetime.timedelta(minutes=1), tick=False):
        just_after = client.get(url)

    assert just_before.status_code == 200
    assert works in text_of(just_before)
    assert just_after.status_code == 410
    assert "This link has expired" in text_of(just_after)


def test_a_link_for_a_sign_up_that_was_deleted_does_not_work(client, home_page):
    commitment = CommitmentFactory()
    url = f"/declaration/confirm/{services.make_link_token(commitment, 'confirm')}/"
    commitment.delete()

    response = client.get(url)

    assert response.status_code == 404
    assert "This link does not work" in text_of(response)


def test_the_approver_reads_the_declaration_and_the_whole_commitment_before_signing(client, home_page):
    principles = [
        PrincipleFactory(title="Fix our plumbing", summary="Move away from inflexible technology."),
        PrincipleFactory(title="Work in the open", summary="Share what we learn."),
    ]
    commitment = CommitmentFactory(
        status=CommitmentStatus.AWAITING_APPROVER,
        organisation__name="Hackney Council",
        title="Open bin data",
        partners="Islington Council",
        mission="Publish collection days.\n\nEvery week.",
        impact="Residents know when bins go.",
        principles=[principles[1]],
    )

    page = BeautifulSoup(
        client.get(f"/declaration/approve/{services.make_link_token(commitment, 'sign')}/").content, "html.parser"
    )

    declaration = page.select_one("ol.ld-declaration-principles")
    assert [" ".join(li.get_text().split()) for li in declaration.select("li")] == [
        "Fix our plumbing Move away from inflexible technology.",
        "Work in the open Share what we learn.",
    ]
    text = " ".join(page.select_one("main").get_text().split())
    for words in [
        "Open bin data",
        "Islington Council",
        "Publish collection days. Every week.",
        "Residents know when bins go.",
    ]:
        assert words in text
    assert "Principles it serves Work in the open" in text
    # The Declaration and the commitment come before the signature.
    assert text.index("Residents know when bins go.") < text.index("Your signature")
