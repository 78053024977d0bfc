"""The expression of interest: starting, answering, the round's rules, sending once, and the window's edges."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.test import Client

from core.formatting import UK_TIME_ZONE
from core.models import Draft
from funding.models import ExpressionOfInterest
from funding.services import EOI_JOURNEY
from organisations.models import OrganisationType
from tests.factories.declaration import PrincipleFactory, SignedOrganisationFactory
from tests.factories.funding import EoiOpenRoundFactory, ExpressionOfInterestFactory
from tests.factories.organisations import OrganisationFactory
from tests.funding.eoi_helpers import START, answer_all, answers, draft_of, send, start_draft, submission_key, words
from tests.funding.helpers import emails_to, heading, sign_in_link, text_of

pytestmark = pytest.mark.django_db

ADA = "ada@lambeth.gov.uk"
GRACE = "grace@southwark.gov.uk"


@pytest.fixture
def round():
    return EoiOpenRoundFactory(name="Round 2", minimum_local_authorities=2, maximum_bids_led=2)


@pytest.fixture
def lead():
    return SignedOrganisationFactory(name="Lambeth Council", organisation_type=OrganisationType.LONDON_BOROUGH)


@pytest.fixture
def partner():
    return SignedOrganisationFactory(name="Southwark Council", organisation_type=OrganisationType.LONDON_BOROUGH)


@pytest.fixture
def principle():
    return PrincipleFactory(title="Fix our plumbing")


@pytest.fixture
def ada(client, sign_in):
    return sign_in(client, ADA)


@pytest.fixture
def grace(sign_in):
    return sign_in(Client(), GRACE)


def ready_draft(client, lead, principle, partners=("Southwark Council",), **changes) -> str:
    draft = start_draft(client)
    answer_all(client, draft, lead, principle, partners=partners, **changes)
    return draft


# The start page ---------------------------------------------------------------


def test_the_start_page_says_until_when_the_window_is_open_and_asks_to_sign_in(client):
    EoiOpenRoundFactory(
        name="Round 2",
        eoi_opens_at=datetime.datetime(2020, 1, 6, 9, 0, tzinfo=UK_TIME_ZONE),
        eoi_closes_at=datetime.datetime(2020, 2, 3, 17, 0, tzinfo=UK_TIME_ZONE),
    )
    with time_machine.travel(datetime.datetime(2020, 1, 20, 12, 0, tzinfo=UK_TIME_ZONE)):
        page = text_of(client.get(START))
    assert "Expressions of interest for Round 2 are open until 3 February 2020 at 5pm" in page
    assert "sign in to the Local Digital Fund" in page
    assert "Start a new expression of interest" not in page


@pytest.mark.parametrize(
    ("when", "says"),
    [
        (datetime.datetime(2020, 1, 6, 8, 59, tzinfo=UK_TIME_ZONE), "open on 6 January 2020 at 9am"),
        (datetime.datetime(2020, 1, 6, 9, 0, tzinfo=UK_TIME_ZONE), "are open until 3 February 2020 at 5pm"),
        (datetime.datetime(2020, 2, 3, 16, 59, tzinfo=UK_TIME_ZONE), "are open until 3 February 2020 at 5pm"),
        (datetime.datetime(2020, 2, 3, 17, 0, tzinfo=UK_TIME_ZONE), "closed on 3 February 2020 at 5pm"),
    ],
)
def test_the_start_page_follows_the_window_to_the_minute(client, when, says):
    EoiOpenRoundFactory(
        name="Round 2",
        eoi_opens_at=datetime.datetime(2020, 1, 6, 9, 0, tzinfo=UK_TIME_ZONE),
        eoi_closes_at=datetime.datetime(2020, 2, 3, 17, 0, tzinfo=UK_TIME_ZONE),
    )
    with time_machine.travel(when, tick=False):
        assert says in text_of(client.get(START))


def test_the_start_page_shows_the_open_round_else_the_next_else_the_latest(client):
    assert "There is no round of the fund open" in text_of(client.get(START))
    EoiOpenRoundFactory(name="First round", eoi_opens_at=datetime.datetime(2018, 7, 1, tzinfo=datetime.UTC))
    EoiOpenRoundFactory(name="Old round", eoi_opens_at=datetime.datetime(2019, 7, 1, tzinfo=datetime.UTC))
    assert "Expressions of interest for Old round closed on" in text_of(client.get(START))
    EoiOpenRoundFactory(name="Next round", eoi_opens_at=datetime.datetime(2099, 7, 1, tzinfo=datetime.UTC))
    assert "Expressions of interest for Next round open on 1 July 2099" in text_of(client.get(START))
    EoiOpenRoundFactory(name="Open round")
    assert "Expressions of interest for Open round are open until" in text_of(client.get(START))


def test_signed_in_the_start_page_has_the_button_and_only_your_own_drafts(round, lead, principle, ada, grace):
    mine = start_draft(ada)
    ada.post(f"{mine}lead/", {"lead_organisation": lead.pk})
    ada.post(f"{mine}contact/", answers(lead, principle)["contact"])
    theirs = start_draft(grace)
    grace.post(f"{theirs}lead/", {"lead_organisation": lead.pk})
    page = ada.get(START)
    assert "Start a new expression of interest" in text_of(page)
    assert f"{mine}check/" in page.content.decode()
    assert f"{theirs}check/" not in page.content.decode()
    assert "Round 2" in text_of(page)


def test_nobody_can_start_a_draft_before_the_window_opens_and_anyone_signed_in_can_at_its_first_minute(
    client, sign_in
):
    opens = datetime.datetime(2030, 1, 6, 9, 0, tzinfo=UK_TIME_ZONE)
    EoiOpenRoundFactory(eoi_opens_at=opens, eoi_closes_at=opens + datetime.timedelta(weeks=4))
    with time_machine.travel(opens - datetime.timedelta(microseconds=1), tick=False) as traveller:
        sign_in(client, ADA)
        assert "Start a new expression of interest" not in text_of(client.get(START))
        assert client.post(f"{START}new/").status_code == 404
        traveller.move_to(opens)
        draft = start_draft(client)
    assert draft_of(draft).owner == ADA


# Signing in ------------------------------------------------------------------


def test_not_signed_in_every_page_of_the_journey_leads_to_sign_in(client, round, lead, principle, sign_in):
    owner = sign_in(Client(), ADA)
    draft = start_draft(owner)
    assert client.post(f"{START}new/")["Location"] == "/fund/sign-in/"
    for page in ("lead/", "partners/", "check/"):
        response = client.get(f"{draft}{page}")
        assert response.status_code == 302 and response["Location"] == "/fund/sign-in/"
    assert Draft.objects.filter(journey=EOI_JOURNEY).count() == 1


def test_another_applicants_draft_answers_404_and_stays_as_it_was(round, lead, principle, ada, grace):
    theirs = start_draft(grace)
    grace.post(f"{theirs}lead/", {"lead_organisation": lead.pk})
    before = draft_of(theirs).answers
    for page in ("lead/", "contact/", "check/"):
        assert ada.get(f"{theirs}{page}").status_code == 404
    assert ada.post(f"{theirs}contact/", answers(lead, principle)["contact"]).status_code == 404
    assert draft_of(theirs).answers == before


def test_a_draft_carries_on_from_another_browser(round, lead, partner, principle, sign_in):
    first = sign_in(Client(), ADA)
    draft = start_draft(first)
    first.post(f"{draft}lead/", {"lead_organisation": lead.pk})
    first.post(f"{draft}contact/", answers(lead, principle)["contact"])
    second = sign_in(Client(), ADA)  # another browser, days later
    page = second.get(f"{draft}contact/")
    assert page.status_code == 200 and 'value="Ada Lovelace"' in page.content.decode()
    assert second.get(f"{draft}title/")["Location"] == f"{draft}partners/"  # carries on where it stopped
    second.post(f"{draft}partners/", {"partner_name": "Southwark Council", "add": "1"})
    second.post(f"{draft}partners/", {"partner_name": "", "continue": "1"})
    typed = answers(lead, principle)
    for step in ("title", "problem", "service-area", "phase", "principles", "publish"):
        second.post(f"{draft}{step}/", typed[step])
    assert "Lambeth Council" in text_of(first.get(f"{draft}check/"))


# Sending ---------------------------------------------------------------------


def test_sending_stores_the_answers_once_with_a_reference_and_emails_it(
    round, lead, partner, principle, ada, grace, sending
):
    draft = ready_draft(ada, lead, principle)
    bystander = ready_draft(grace, lead, principle)
    key = submission_key(ada, draft)
    with sending():
        response = ada.post(f"{draft}check/", {"submission_key": key, "website": ""})
        again = ada.post(f"{draft}check/", {"submission_key": key, "website": ""})  # a double click
    assert response["Location"] == f"{START}sent/" and again["Location"] == f"{START}sent/"
    eoi = ExpressionOfInterest.objects.get()
    assert re.fullmatch(r"LDF-EOI-[A-Z2-9]{4}", eoi.reference)
    assert (eoi.round, eoi.lead_organisation, eoi.contact_email) == (round, lead, ADA)
    assert list(eoi.partners.all()) == [partner]
    assert list(eoi.principles.all()) == [principle]
    assert eoi.estimated_cost == Decimal("75000.50")
    assert (eoi.title, eoi.service_area, eoi.phase, eoi.may_publish) == (
        "Online planning applications",
        "planning",
        "discovery",
        True,
    )
    sent = ada.get(response["Location"])
    assert eoi.reference in text_of(sent) and heading(sent) == "Expression of interest sent"
    [email] = [message for message in emails_to(ADA) if "Expression of interest sent" in message.subject]
    assert eoi.reference in email.subject and eoi.reference in email.body
    assert draft_of(draft).submitted_at is not None
    assert ada.get(f"{draft}title/")["Location"] == f"{START}sent/"  # sent: nothing more to change
    assert draft_of(bystander).submitted_at is None and emails_to(GRACE)[-1].subject != email.subject


def test_the_contact_email_is_the_signed_in_address_in_lowercase(round, lead, partner, principle, client, sending):
    with sending():
        client.post("/fund/sign-in/", {"email": "Ada.Lovelace@Lambeth.gov.uk"})
    client.post(sign_in_link("ada.lovelace@lambeth.gov.uk"))
    draft = ready_draft(client, lead, principle)
    send(client, draft)
    assert ExpressionOfInterest.objects.get().contact_email == "ada.lovelace@lambeth.gov.uk"


@pytest.fixture
def closing_round():
    """A round whose window closes at midnight, UK time, at the start of 1 March 2030."""
    return EoiOpenRoundFactory(
        name="Round 3",
        eoi_opens_at=datetime.datetime(2030, 1, 1, 9, 0, tzinfo=UK_TIME_ZONE),
        eoi_closes_at=datetime.datetime(2030, 3, 1, 0, 0, tzinfo=UK_TIME_ZONE),
    )


CLOSES = datetime.datetime(2030, 3, 1, 0, 0, tzinfo=UK_TIME_ZONE)


def test_sent_a_microsecond_before_the_close_it_is_stored(closing_round, lead, partner, principle, client, sign_in):
    with time_machine.travel(CLOSES - datetime.timedelta(minutes=10), tick=False) as traveller:
        sign_in(client, ADA)
        draft = ready_draft(client, lead, principle)
        key = submission_key(client, draft)  # the form opened at 23:50
        traveller.move_to(CLOSES - datetime.timedelta(microseconds=1))
        response = client.post(f"{draft}check/", {"submission_key": key, "website": ""})
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.get().round == closing_round


@pytest.mark.parametrize("late", [datetime.timedelta(0), datetime.timedelta(seconds=1)])
def test_a_form_opened_before_the_close_cannot_be_sent_after_it(
    closing_round, lead, partner, principle, client, sign_in, late
):
    with time_machine.travel(CLOSES - datetime.timedelta(minutes=10), tick=False) as traveller:
        sign_in(client, ADA)
        draft = ready_draft(client, lead, principle)
        traveller.move_to(CLOSES - datetime.timedelta(seconds=1))
        key = submission_key(client, draft)  # opened at 23:59:59
        traveller.move_to(CLOSES + late)  # sent at midnight, or 00:00:01
        response = client.post(f"{draft}check/", {"submission_key": key, "website": ""})
        assert response.status_code == 200
        page = text_of(response)
        assert "There is a problem" in page
        assert "Expressions of interest for Round 3 closed on 1 March 2030 at midnight" in page
        assert not ExpressionOfInterest.objects.exists()
        assert draft_of(draft).submitted_at is None
        # After the deadline the draft stays readable, with no button to send it.
        later = client.get(f"{draft}check/")
        assert "Online planning applications" in text_of(later)
        assert "Send expression of interest" not in text_of(later)


# The round's rules -----------------------------------------------------------


def test_a_partner_that_has_not_signed_blocks_sending_and_is_named_with_how_it_signs(
    round, lead, partner, principle, ada
):
    unsigned = OrganisationFactory(name="Croydon Council", organisation_type=OrganisationType.LONDON_BOROUGH)
    draft = ready_draft(ada, lead, principle, partners=["Southwark Council", unsigned.name, "Nowhere Trust"])
    page = ada.get(f"{draft}check/")
    text = text_of(page)
    assert "Croydon Council has not signed the Local Digital Declaration" in text
    assert "Nowhere Trust has not signed the Local Digital Declaration" in text  # not in our records yet
    assert "Southwark Council has not signed" not in text
    assert 'href="/declaration/sign/"' in page.content.decode()
    assert "Send expression of interest" not in text
    key = submission_key(ada, draft)
    response = ada.post(f"{draft}check/", {"submission_key": key, "website": ""})
    assert "Croydon Council has not signed" in text_of(response) and "There is a problem" in text_of(response)
    assert not ExpressionOfInterest.objects.exists()


def test_the_lead_is_chosen_only_from_signatories(round, lead, principle, ada):
    unsigned = OrganisationFactory(name="Croydon Council", organisation_type=OrganisationType.LONDON_BOROUGH)
    draft = start_draft(ada)
    page = ada.get(f"{draft}lead/")
    assert "Lambeth Council" in text_of(page) and "Croydon Council" not in text_of(page)
    response = ada.post(f"{draft}lead/", {"lead_organisation": unsigned.pk})
    assert "Select the organisation that will lead the bid from the list" in text_of(response)


@pytest.mark.parametrize(("local_authorities", "sends"), [(2, False), (3, True)])
def test_a_bid_needs_the_rounds_minimum_of_local_authorities_counting_the_lead(
    lead, partner, principle, ada, local_authorities, sends
):
    EoiOpenRoundFactory(name="Round 3", minimum_local_authorities=3)
    charity = SignedOrganisationFactory(name="Code for Good", organisation_type=OrganisationType.NON_PROFIT)
    third = SignedOrganisationFactory(name="Croydon Council", organisation_type=OrganisationType.LONDON_BOROUGH)
    partners = ["Southwark Council", charity.name] + ([third.name] if local_authorities == 3 else [])
    draft = ready_draft(ada, lead, principle, partners=partners)
    response = send(ada, draft)
    assert ExpressionOfInterest.objects.exists() is sends
    if not sends:
        assert "A bid in Round 3 needs at least 3 local authorities, counting the lead: this one has 2" in text_of(
            ada.get(f"{draft}check/")
        )
        assert "this one has 2" in text_of(response)


def test_a_partner_named_twice_or_the_lead_named_as_a_partner_counts_once(lead, partner, principle, ada):
    EoiOpenRoundFactory(minimum_local_authorities=3)
    draft = ready_draft(ada, lead, principle, partners=["Southwark Council", "southwark council", "Lambeth Council"])
    send(ada, draft)
    assert not ExpressionOfInterest.objects.exists()
    assert "this one has 2" in text_of(ada.get(f"{draft}check/"))


def test_only_local_authorities_lead_unless_the_round_names_the_types(lead, principle, ada):
    charity = SignedOrganisationFactory(name="Code for Good", organisation_type=OrganisationType.NON_PROFIT)
    county = SignedOrganisationFactory(name="Kent County Council", organisation_type=OrganisationType.COUNTY_COUNCIL)
    EoiOpenRoundFactory(name="Round 2")
    draft = start_draft(ada)
    refused = ada.post(f"{draft}lead/", {"lead_organisation": charity.pk})
    assert "Code for Good cannot lead a bid in Round 2" in text_of(refused)
    assert ada.post(f"{draft}lead/", {"lead_organisation": lead.pk}).status_code == 302
    Draft.objects.all().delete()
    from funding.models import Round

    Round.objects.update(lead_organisation_types=[OrganisationType.COUNTY_COUNCIL])
    draft = start_draft(ada)
    refused = ada.post(f"{draft}lead/", {"lead_organisation": lead.pk})
    assert "choose an organisation that is a county council" in text_of(refused)
    assert ada.post(f"{draft}lead/", {"lead_organisation": county.pk}).status_code == 302


@pytest.mark.parametrize(("already_led", "accepted"), [(1, True), (2, False)])
def test_an_organisation_leads_at_most_the_rounds_maximum_of_bids(round, lead, principle, ada, already_led, accepted):
    ExpressionOfInterestFactory.create_batch(already_led, round=round, lead_organisation=lead)
    ExpressionOfInterestFactory(round=EoiOpenRoundFactory(name="Old round"), lead_organisation=lead)  # another round
    draft = start_draft(ada)
    response = ada.post(f"{draft}lead/", {"lead_organisation": lead.pk})
    assert (response.status_code == 302) is accepted
    if not accepted:
        assert f"Lambeth Council already leads {already_led} bids in Round 2" in text_of(response)


def test_a_lead_that_reached_its_maximum_meanwhile_is_refused_at_sending(round, lead, partner, principle, ada):
    draft = ready_draft(ada, lead, principle)
    key = submission_key(ada, draft)
    ExpressionOfInterestFactory.create_batch(2, round=round, lead_organisation=lead)  # sent by others meanwhile
    response = ada.post(f"{draft}check/", {"submission_key": key, "website": ""})
    assert response["Location"] == f"{draft}lead/"
    assert "already leads 2 bids" in text_of(ada.get(response["Location"]))
    assert ExpressionOfInterest.objects.count() == 2


# Answers as typed ------------------------------------------------------------


def test_the_problem_is_250_words_or_fewer_counted_as_the_character_count_counts(round, lead, principle, ada):
    draft = start_draft(ada)
    answer_steps = answers(lead, principle)
    ada.post(f"{draft}lead/", answer_steps["lead"])
    ada.post(f"{draft}contact/", answer_steps["contact"])
    ada.post(f"{draft}partners/", {"partner_name": "Southwark Council", "add": "1"})
    ada.post(f"{draft}partners/", {"continue": "1"})
    ada.post(f"{draft}title/", answer_steps["title"])
    spaced = words(250).replace(" ", " \n ")  # any run of whitespace separates two words
    assert ada.post(f"{draft}problem/", {"problem": spaced, "affected": "Residents"}).status_code == 302
    typed = words(251)
    response = ada.post(f"{draft}problem/", {"problem": typed, "affected": "Residents and officers"})
    assert response.status_code == 200
    assert "The problem must be 250 words or fewer" in text_of(response)
    # Nothing typed is lost: both answers are on the page again, as typed.
    assert typed in response.content.decode() and "Residents and officers" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "stored", "error"),
    [
        ("80000", Decimal("80000.00"), None),
        ("£79,999.99", Decimal("79999.99"), None),
        (" 1 000 ", Decimal("1000.00"), None),
        ("", None, "Enter the estimated cost"),
        ("eighty thousand", None, "The estimated cost must be an amount in pounds, like 75000 or 75000.50"),
        ("1e5", None, "The estimated cost must be an amount in pounds"),
        ("NaN", None, "The estimated cost must be an amount in pounds"),
        ("-5", None, "The estimated cost must be more than £0"),
        ("0", None, "The estimated cost must be more than £0"),
        ("10.555", None, "The estimated cost must have no more than 2 numbers after the decimal point"),
        ("99999999999999", None, "The estimated cost must be £10,000,000 or less"),
        ("80000.01", None, "The estimated cost must be £80,000 or less for discovery"),
    ],
)
def test_the_estimated_cost_is_read_as_pounds_and_pence_within_the_phases_cap(
    round, lead, partner, principle, ada, typed, stored, error
):
    draft = ready_draft(ada, lead, principle)
    response = ada.post(f"{draft}phase/", {"phase": "discovery", "estimated_cost": typed})
    if error:
        assert response.status_code == 200 and error in text_of(response)
        assert f'value="{typed.strip()}"' in response.content.decode() or not typed.strip()
    else:
        assert response.status_code == 302
        send(ada, draft)
        assert ExpressionOfInterest.objects.get().estimated_cost == stored


def test_a_bigger_phase_has_its_own_cap(round, lead, partner, principle, ada):
    draft = ready_draft(ada, lead, principle)
    assert ada.post(f"{draft}phase/", {"phase": "alpha", "estimated_cost": "100000"}).status_code == 302
    refused = ada.post(f"{draft}phase/", {"phase": "alpha", "estimated_cost": "100000.01"})
    assert "must be £100,000 or less for alpha" in text_of(refused)
    assert "Beta, up to" not in text_of(refused)  # the round offers discovery and alpha only


def test_nul_bytes_are_answered_with_400_and_nothing_is_stored(round, lead, principle, ada):
    draft = start_draft(ada)
    ada.post(f"{draft}lead/", {"lead_organisation": lead.pk})
    response = ada.post(f"{draft}contact/", {"contact_name": "Ada\x00", "contact_job_title": "Head"})
    assert response.status_code == 400
    assert "contact" not in draft_of(draft).answers


def test_the_may_publish_answer_reads_yes_or_no_on_check_your_answers(round, lead, partner, principle, ada):
    draft = ready_draft(ada, lead, principle, publish={"may_publish": "False"})
    page = text_of(ada.get(f"{draft}check/"))
    assert "Can we publish your expression of interest? No" in page
    send(ada, draft)
    assert ExpressionOfInterest.objects.get().may_publish is False


def test_check_your_answers_shows_every_answer_with_a_change_link(round, lead, partner, principle, ada):
    draft = ready_draft(ada, lead, principle)
    page = ada.get(f"{draft}check/")
    text = text_of(page)
    for shown in (
        "Lambeth Council",
        "Ada Lovelace",
        "Southwark Council",
        "Online planning applications",
        "Planning and building control",
        "Discovery, up to £80,000",
        "75000.50",
        "Fix our plumbing",
    ):
        assert shown in text
    assert f'href="{draft}partners/?change=1&amp;item=0' in page.content.decode()
    assert mail.outbox[-1].to == [ADA]  # only the sign-in link so far
