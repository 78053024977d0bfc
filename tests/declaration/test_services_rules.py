"""The Declaration's services with many rows in the database: which commitment changes, who is
recorded, which emails go out, and what each status refuses.

Every test here has other commitments and organisations around the one it acts on, so a
service that changed, read or emailed the wrong row would be caught.
"""

import datetime
import re
import uuid

import pytest
import time_machine
from django.utils import timezone
from wagtail.models import ModelLogEntry

from declaration import services
from declaration.models import Commitment, CommitmentStatus
from notifications.models import OutboundEmail
from organisations.models import Organisation
from tests.declaration.test_services import answers
from tests.factories.declaration import SIGNED_AT, CommitmentFactory, PrincipleFactory, SignedOrganisationFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

Status = CommitmentStatus
OPEN = [Status.AWAITING_EMAIL_CONFIRMATION, Status.IN_REVIEW, Status.CHANGES_REQUESTED, Status.AWAITING_APPROVER]

# What each action may start from and where it leads, as the Declaration's rules state them.
RULES = {
    "confirm_email": ([Status.AWAITING_EMAIL_CONFIRMATION], Status.IN_REVIEW),
    "request_changes": ([Status.IN_REVIEW], Status.CHANGES_REQUESTED),
    "amend": ([Status.CHANGES_REQUESTED], Status.IN_REVIEW),
    "reject": ([Status.IN_REVIEW, Status.CHANGES_REQUESTED], Status.REJECTED),
    "approve_for_signing": ([Status.IN_REVIEW], Status.AWAITING_APPROVER),
    "sign": ([Status.AWAITING_APPROVER], Status.SIGNED),
    "withdraw": (OPEN, Status.WITHDRAWN),
}
# Actions people take through an emailed link are told the link was used; staff actions are refused.
REFUSAL = {"confirm_email": services.LinkUsed, "sign": services.LinkUsed}
# Who the history names: staff for their actions, nobody for what the contact or approver does by link.
BY_STAFF = {"request_changes", "reject", "approve_for_signing", "withdraw"}


def act(action, commitment, *, user=None, principle_ids=()):
    """Take the action through the service, as the views and admin do."""
    calls = {
        "confirm_email": lambda: services.confirm_email(services.make_link_token(commitment, "confirm")),
        "request_changes": lambda: services.request_changes(commitment, user=user, message="Say who benefits."),
        "amend": lambda: services.amend(
            commitment,
            title="Amended title",
            partners="Amended partners",
            mission="Amended mission",
            impact="Amended impact",
            principle_ids=list(principle_ids),
        ),
        "reject": lambda: services.reject(commitment, user=user, reason="Not a public body."),
        "approve_for_signing": lambda: services.approve_for_signing(commitment, user=user),
        "sign": lambda: services.sign(commitment, name="Sam Signer", job_title="Leader of the council"),
        "withdraw": lambda: services.withdraw(commitment, user=user),
    }
    return calls[action]()


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user("reviewer")


@pytest.fixture
def everyone_else():
    """A commitment in every status, each from its own organisation: {pk: status}."""
    return {CommitmentFactory(status=status).pk: status for status in Status}


def statuses_of(pks):
    return dict(Commitment.objects.filter(pk__in=pks).values_list("pk", "status"))


def history_of(commitment):
    return list(ModelLogEntry.objects.for_instance(commitment).order_by("pk"))


# Which row changes -----------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "start"), [(action, start) for action, (starts, _) in RULES.items() for start in starts]
)
def test_an_action_changes_only_its_own_commitment_and_records_who(action, start, everyone_else, reviewer):
    commitment = CommitmentFactory(status=start)

    act(action, commitment, user=reviewer)

    commitment.refresh_from_db()
    assert commitment.status == RULES[action][1]
    assert statuses_of(everyone_else) == everyone_else
    [entry] = [entry for entry in history_of(commitment) if entry.action == f"declaration.{action}"]
    assert entry.user == (reviewer if action in BY_STAFF else None)
    others_history = ModelLogEntry.objects.filter(object_id__in=[str(pk) for pk in everyone_else])
    assert not others_history.exists()


@pytest.mark.parametrize(
    ("action", "start"),
    [(action, start) for action, (starts, _) in RULES.items() for start in Status if start not in starts],
)
def test_an_action_the_status_does_not_allow_changes_nothing(action, start, reviewer):
    principle, other_principle = PrincipleFactory(), PrincipleFactory()
    commitment = CommitmentFactory(status=start, title="As sent", principles=[principle])
    # Others from which the action is allowed: the service must look at this commitment's status.
    for allowed in RULES[action][0]:
        CommitmentFactory(status=allowed)

    with pytest.raises(REFUSAL.get(action, services.IllegalTransition)):
        act(action, commitment, user=reviewer, principle_ids=[other_principle.pk])

    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.status, stored.title) == (start, "As sent")
    assert list(stored.principles.all()) == [principle]
    assert history_of(commitment) == []
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize("start", [Status.SIGNED, Status.WITHDRAWN, Status.IN_REVIEW, Status.REJECTED])
def test_the_contact_cannot_amend_unless_changes_were_requested(start):
    principle = PrincipleFactory()
    commitment = CommitmentFactory(status=start, title="As sent", principles=[principle])
    CommitmentFactory(status=Status.CHANGES_REQUESTED)

    with pytest.raises(services.IllegalTransition):
        services.amend(commitment, title="Changed", partners="", mission="Changed", impact="Changed", principle_ids=[])

    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.status, stored.title, list(stored.principles.all())) == (start, "As sent", [principle])


def test_an_amendment_stores_the_new_text_and_principles():
    kept, dropped, added = PrincipleFactory(), PrincipleFactory(), PrincipleFactory()
    PrincipleFactory()
    commitment = CommitmentFactory(status=Status.CHANGES_REQUESTED, principles=[kept, dropped])

    act("amend", commitment, principle_ids=[kept.pk, added.pk])

    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.title, stored.partners, stored.mission, stored.impact) == (
        "Amended title",
        "Amended partners",
        "Amended mission",
        "Amended impact",
    )
    assert set(stored.principles.all()) == {kept, added}
    assert stored.status == Status.IN_REVIEW


# What each action records and sends ------------------------------------------


def emails():
    return list(OutboundEmail.objects.order_by("pk").values_list("to", "template_name", "subject"))


def test_requesting_changes_stores_the_message_and_emails_the_contact_a_link(reviewer, everyone_else):
    commitment = CommitmentFactory(status=Status.IN_REVIEW, contact_email="casey@example.gov.uk")

    services.request_changes(commitment, user=reviewer, message="Name your partners.")

    stored = Commitment.objects.get(pk=commitment.pk)
    assert stored.changes_requested_message == "Name your partners."
    assert emails() == [
        (
            "casey@example.gov.uk",
            "declaration/changes_requested",
            f"Changes needed to your commitment – {commitment.reference}",
        )
    ]
    body = OutboundEmail.objects.get().body_text
    assert "Name your partners." in body
    assert commitment.reference in body
    [entry] = history_of(commitment)
    assert (entry.user, entry.data) == (reviewer, {"message": "Name your partners."})


def test_rejecting_stores_the_reason_and_tells_the_contact(reviewer, everyone_else):
    commitment = CommitmentFactory(status=Status.CHANGES_REQUESTED, contact_email="casey@example.gov.uk")

    services.reject(commitment, user=reviewer, reason="Not a public body.")

    assert Commitment.objects.get(pk=commitment.pk).rejection_reason == "Not a public body."
    assert emails() == [
        (
            "casey@example.gov.uk",
            "declaration/rejected",
            f"Your commitment was not accepted – {commitment.reference}",
        )
    ]
    body = OutboundEmail.objects.get().body_text
    assert "Not a public body." in body
    assert commitment.reference in body
    [entry] = history_of(commitment)
    assert (entry.user, entry.data) == (reviewer, {"reason": "Not a public body."})


def test_approving_emails_the_approver_a_link_that_works_for_30_days(reviewer, everyone_else):
    commitment = CommitmentFactory(
        status=Status.IN_REVIEW, organisation__name="Hackney Council", approver_email="alex@example.gov.uk"
    )

    services.approve_for_signing(commitment, user=reviewer)

    assert emails() == [
        (
            "alex@example.gov.uk",
            "declaration/approver_request",
            "Sign the Local Digital Declaration for Hackney Council",
        ),
        (
            commitment.contact_email,
            "declaration/approved_contact",
            f"Your commitment is approved – {commitment.reference}",
        ),
    ]
    body = OutboundEmail.objects.get(template_name="declaration/approver_request").body_text
    assert "The link works for 30 days" in body
    assert f'"{commitment.title}"' in body
    assert re.search(r"http://testserver/declaration/approve/[^/\s]+/", body)


def test_a_reviewer_sends_the_approvers_link_again_and_it_is_recorded(reviewer, everyone_else):
    commitment = CommitmentFactory(
        status=Status.AWAITING_APPROVER, organisation__name="Hackney Council", approver_email="alex@example.gov.uk"
    )

    returned = services.resend_signing_request(commitment, user=reviewer)

    assert returned.pk == commitment.pk
    assert emails() == [
        (
            "alex@example.gov.uk",
            "declaration/approver_request",
            "Sign the Local Digital Declaration for Hackney Council",
        )
    ]
    [entry] = history_of(commitment)
    assert (entry.action, entry.user, entry.data) == (
        "declaration.resend_signing_request",
        reviewer,
        {"to": "alex@example.gov.uk"},
    )
    assert Commitment.objects.get(pk=commitment.pk).status == Status.AWAITING_APPROVER


@pytest.mark.parametrize("start", [status for status in Status if status != Status.AWAITING_APPROVER])
def test_the_approvers_link_is_sent_again_only_while_it_waits_for_them(start, reviewer):
    commitment = CommitmentFactory(status=start)
    CommitmentFactory(status=Status.AWAITING_APPROVER)

    with pytest.raises(services.IllegalTransition):
        services.resend_signing_request(commitment, user=reviewer)

    assert not OutboundEmail.objects.exists()
    assert history_of(commitment) == []


def test_signing_stores_who_signed_and_makes_the_organisation_a_signatory(everyone_else):
    commitment = CommitmentFactory(
        status=Status.AWAITING_APPROVER,
        organisation__name="Hackney Council",
        contact_email="casey@example.gov.uk",
        approver_email="alex@example.gov.uk",
    )
    signed_at = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)

    with time_machine.travel(signed_at, tick=False):
        services.sign(commitment, name="Sam Signer", job_title="Leader of the council")

    stored = Commitment.objects.select_related("organisation").get(pk=commitment.pk)
    assert (stored.status, stored.signed_by_name, stored.signed_by_job_title, stored.signed_at) == (
        Status.SIGNED,
        "Sam Signer",
        "Leader of the council",
        signed_at,
    )
    assert stored.organisation.signatory.signed_at == signed_at
    subject = "Hackney Council has signed the Local Digital Declaration"
    assert emails() == [
        ("casey@example.gov.uk", "declaration/signed_contact", subject),
        ("alex@example.gov.uk", "declaration/signed_approver", subject),
    ]
    for email in OutboundEmail.objects.all():
        assert commitment.reference in email.body_text
        assert "Hackney Council" in email.body_text
    assert all(
        "http://testserver/declaration/signatories/hackney-council/" in e.body_text
        for e in OutboundEmail.objects.all()
    )
    [entry] = history_of(commitment)
    assert (entry.action, entry.user, entry.data) == (
        "declaration.sign",
        None,
        {"name": "Sam Signer", "job_title": "Leader of the council"},
    )


def test_a_signatorys_further_commitment_keeps_the_date_it_first_signed():
    organisation = SignedOrganisationFactory()
    commitment = CommitmentFactory(
        status=Status.AWAITING_APPROVER, organisation=organisation, kind=Commitment.Kind.FURTHER_COMMITMENT
    )

    services.sign(commitment, name="Sam Signer", job_title="Leader of the council")

    organisation.refresh_from_db()
    assert organisation.signatory.signed_at == SIGNED_AT
    assert Commitment.objects.get(pk=commitment.pk).signed_at > SIGNED_AT


def test_confirming_an_email_address_records_when(everyone_else):
    commitment = CommitmentFactory()
    confirmed_at = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)

    with time_machine.travel(confirmed_at, tick=False):
        returned = services.confirm_email(services.make_link_token(commitment, "confirm"))

    assert returned.pk == commitment.pk
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.status, stored.email_confirmed_at) == (Status.IN_REVIEW, confirmed_at)


# Signing up ------------------------------------------------------------------


def test_a_sign_up_stores_every_answer_and_the_principles_chosen():
    OrganisationFactory.create_batch(2)
    first, _, third = PrincipleFactory(), PrincipleFactory(), PrincipleFactory()

    commitment = services.submit_commitment(
        answers(principle_ids=[first.pk, third.pk], partners="Our neighbours"), submission_key=uuid.uuid4()
    )

    stored = Commitment.objects.select_related("organisation").get(pk=commitment.pk)
    assert re.fullmatch(r"LD-DEC-[ABCDEFGHJKMNPQRSTVWXYZ23456789]{4}", stored.reference)
    assert (stored.kind, stored.status) == (Commitment.Kind.SIGN_UP, Status.AWAITING_EMAIL_CONFIRMATION)
    assert {
        field: getattr(stored, field)
        for field in (
            "contact_name",
            "contact_job_title",
            "contact_email",
            "title",
            "partners",
            "mission",
            "impact",
            "approver_name",
            "approver_job_title",
            "approver_email",
        )
    } == {
        "contact_name": "Jo Bloggs",
        "contact_job_title": "Head of digital",
        "contact_email": "jo@exampleshire.gov.uk",
        "title": "Open planning data",
        "partners": "Our neighbours",
        "mission": "We will publish planning data.",
        "impact": "Residents find decisions.",
        "approver_name": "Alex Boss",
        "approver_job_title": "Chief executive",
        "approver_email": "alex@exampleshire.gov.uk",
    }
    assert set(stored.principles.all()) == {first, third}
    organisation = stored.organisation
    assert (organisation.name, organisation.slug, organisation.organisation_type, organisation.region) == (
        "Exampleshire County Council",
        "exampleshire-county-council",
        "county_council",
        "south_west",
    )
    assert organisation.normalised_name == "exampleshire county council"
    assert services.is_signatory(organisation) is False


def test_a_sign_up_is_recorded_and_the_contact_emailed_a_link_that_confirms_it():
    commitment = services.submit_commitment(answers(), submission_key=uuid.uuid4())

    [entry] = history_of(commitment)
    assert (entry.action, entry.user) == ("wagtail.create", None)
    assert emails() == [
        (
            "jo@exampleshire.gov.uk",
            "declaration/confirm_email",
            f"Confirm your email address – {commitment.reference}",
        )
    ]
    body = OutboundEmail.objects.get().body_text
    assert "The link works for 7 days" in body
    assert f"reference {commitment.reference}" in body
    token = re.search(r"http://testserver/declaration/confirm/([^/\s]+)/", body)[1]
    assert services.confirm_email(token).pk == commitment.pk
    assert Commitment.objects.get(pk=commitment.pk).status == Status.IN_REVIEW


def test_the_same_submission_twice_stores_and_emails_once():
    key = uuid.uuid4()

    first = services.submit_commitment(answers(), submission_key=key)
    second = services.submit_commitment(answers(title="Changed my mind"), submission_key=key)

    assert second.pk == first.pk
    assert Commitment.objects.get().title == "Open planning data"
    assert OutboundEmail.objects.count() == 1


def test_a_sign_up_joins_the_organisation_however_its_name_is_typed():
    OrganisationFactory(name="Somewhere District Council")
    existing = OrganisationFactory(name="Exampleshire County Council")
    CommitmentFactory(organisation=existing, status=Status.REJECTED)
    OrganisationFactory(name="Elsewhere Borough Council")

    commitment = services.submit_commitment(
        answers(organisation_name="the exampleshire  county council."), submission_key=uuid.uuid4()
    )

    assert commitment.organisation_id == existing.pk
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(pk=existing.pk).name == "Exampleshire County Council"


def test_a_second_sign_up_while_one_is_unfinished_is_refused():
    organisation = OrganisationFactory(name="Exampleshire County Council")
    CommitmentFactory(organisation=organisation, status=Status.IN_REVIEW)

    with pytest.raises(services.SignUpInProgress):
        services.submit_commitment(answers(), submission_key=uuid.uuid4())

    assert Commitment.objects.count() == 1
    assert not OutboundEmail.objects.exists()


def test_names_that_make_the_same_web_address_get_numbered_addresses():
    cafe = services.submit_commitment(answers(organisation_name="Café Council"), submission_key=uuid.uuid4())
    plain = services.submit_commitment(answers(organisation_name="Cafe Council"), submission_key=uuid.uuid4())
    grave = services.submit_commitment(answers(organisation_name="Cafè Council"), submission_key=uuid.uuid4())

    assert [c.organisation.slug for c in (cafe, plain, grave)] == ["cafe-council", "cafe-council-2", "cafe-council-3"]
    assert Organisation.objects.count() == 3


def test_a_new_reference_is_never_one_already_given(monkeypatch):
    CommitmentFactory(reference="LD-DEC-AAAA")
    letters = iter("AAAA" + "BBBB")
    monkeypatch.setattr("core.formatting.secrets.choice", lambda alphabet: next(letters))

    commitment = services.submit_commitment(answers(), submission_key=uuid.uuid4())

    assert commitment.reference == "LD-DEC-BBBB"


def test_emailed_links_use_the_sites_address_whether_or_not_it_ends_in_a_slash(settings):
    settings.SITE_URL = "https://www.localdigital.gov.uk/"

    services.submit_commitment(answers(), submission_key=uuid.uuid4())

    assert "https://www.localdigital.gov.uk/declaration/confirm/" in OutboundEmail.objects.get().body_text


def test_a_name_with_no_letters_for_a_web_address_still_gets_one():
    commitment = services.submit_commitment(answers(organisation_name="東京都庁"), submission_key=uuid.uuid4())

    assert commitment.organisation.slug == "organisation"


# Looking things up -----------------------------------------------------------


def test_an_organisation_is_found_however_its_name_is_typed():
    OrganisationFactory(name="Somewhere District Council")
    hackney = OrganisationFactory(name="London Borough of Hackney")
    OrganisationFactory(name="Elsewhere Borough Council")

    assert services.find_organisation("The London Borough of  Hackney.") == hackney
    assert services.find_organisation("London Borough of Camden") is None


def test_only_an_organisation_that_has_signed_is_a_signatory():
    signed = SignedOrganisationFactory()
    not_signed = OrganisationFactory()

    assert services.is_signatory(signed) is True
    assert services.is_signatory(not_signed) is False


@pytest.mark.parametrize("status", OPEN)
def test_an_unfinished_sign_up_is_in_progress(status):
    organisation = OrganisationFactory()
    CommitmentFactory(organisation=organisation, status=status)

    assert services.has_sign_up_in_progress(organisation) is True


@pytest.mark.parametrize("status", [Status.SIGNED, Status.REJECTED, Status.WITHDRAWN])
def test_a_finished_sign_up_is_not_in_progress(status):
    organisation = OrganisationFactory()
    CommitmentFactory(organisation=organisation, status=status)
    CommitmentFactory(status=Status.IN_REVIEW)  # another organisation's

    assert services.has_sign_up_in_progress(organisation) is False


def test_a_further_commitment_in_review_is_not_a_sign_up_in_progress():
    organisation = SignedOrganisationFactory()
    CommitmentFactory(organisation=organisation, status=Status.IN_REVIEW, kind=Commitment.Kind.FURTHER_COMMITMENT)

    assert services.has_sign_up_in_progress(organisation) is False
    assert services.has_sign_up_in_progress(None) is False


# New confirmation links ------------------------------------------------------


def test_a_new_confirmation_link_goes_to_each_unconfirmed_sign_up_from_that_address():
    first = CommitmentFactory(contact_email="jo@example.gov.uk")
    second = CommitmentFactory(contact_email="Jo@Example.gov.uk")
    CommitmentFactory(contact_email="jo@example.gov.uk", status=Status.IN_REVIEW)
    CommitmentFactory(contact_email="sam@example.gov.uk")

    assert services.resend_confirmation("  JO@example.gov.uk ") == 2

    sent = emails()
    assert sorted(subject for _, _, subject in sent) == sorted(
        f"Confirm your email address – {c.reference}" for c in (first, second)
    )
    assert {to for to, _, _ in sent} == {"jo@example.gov.uk", "Jo@Example.gov.uk"}


def test_no_new_link_for_an_address_with_nothing_to_confirm():
    CommitmentFactory(contact_email="sam@example.gov.uk")

    assert services.resend_confirmation("jo@example.gov.uk") == 0
    assert not OutboundEmail.objects.exists()


# Deleting unconfirmed sign-ups -----------------------------------------------


def test_unconfirmed_sign_ups_are_kept_for_30_days_from_the_time_given():
    now = timezone.now() + datetime.timedelta(days=60)
    kept = CommitmentFactory()
    stale = CommitmentFactory()
    Commitment.objects.filter(pk=kept.pk).update(
        created_at=now - datetime.timedelta(days=30) + datetime.timedelta(minutes=1)
    )
    Commitment.objects.filter(pk=stale.pk).update(created_at=now - datetime.timedelta(days=30, minutes=1))

    assert services.delete_unconfirmed(now=now) == 1

    assert list(Commitment.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Organisation.objects.filter(pk=stale.organisation_id).exists()


def test_organisations_with_other_commitments_or_a_signature_are_kept():
    long_ago = timezone.now() - datetime.timedelta(days=31)
    busy = OrganisationFactory()
    CommitmentFactory(organisation=busy, status=Status.REJECTED)
    signed = SignedOrganisationFactory()
    never_used = OrganisationFactory()
    for organisation in (busy, signed):
        stale = CommitmentFactory(organisation=organisation)
        Commitment.objects.filter(pk=stale.pk).update(created_at=long_ago)

    assert services.delete_unconfirmed() == 2

    assert set(Organisation.objects.values_list("pk", flat=True)) == {busy.pk, signed.pk, never_used.pk}
