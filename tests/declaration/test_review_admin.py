"""Staff review of Declaration sign-ups in the Wagtail admin, as a reviewer sees it."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from wagtail.log_actions import log

from core.workflow_admin import WorkflowActionView
from declaration import services
from declaration.models import Commitment, CommitmentStatus
from organisations.models import OrganisationType, Region
from tests.factories.declaration import CommitmentFactory, PrincipleFactory
from tests.factories.organisations import OrganisationFactory

pytestmark = pytest.mark.django_db

Status = CommitmentStatus
NAMESPACE = "declaration_sign_ups"


# Any query string keeps the listing from opening on "in review" only, as clearing its filters does.
EVERY_SIGN_UP = {"q": ""}


def admin_url(name, commitment=None):
    args = [commitment.pk] if commitment is not None else []
    return reverse(f"{NAMESPACE}:{name}", args=args)


def page_text(response):
    return html.unescape(response.content.decode())


def messages_of(response):
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


def make_user(django_user_model, username, *, groups=(), permissions=(), **extra):
    user = django_user_model.objects.create_user(
        username=username, password="a-long-password-1", email=f"{username}@example.gov.uk", **extra
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for app_label, codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


@pytest.fixture
def reviewer(django_user_model):
    return make_user(
        django_user_model, "riley", groups=["Declaration reviewers"], first_name="Riley", last_name="Reviewer"
    )


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def in_review():
    return CommitmentFactory(
        status=Status.IN_REVIEW,
        organisation=OrganisationFactory(name="Hackney Council"),
        title="Open up our bin collection data",
        contact_name="Casey Contact",
        contact_email="casey@hackney.gov.uk",
        approver_name="Alex Approver",
        approver_email="alex@hackney.gov.uk",
    )


# The group -------------------------------------------------------------------


def test_the_reviewers_group_may_use_the_admin_and_see_and_review_commitments():
    group = Group.objects.get(name="Declaration reviewers")

    permissions = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}

    assert permissions == {
        "wagtailadmin.access_admin",
        "declaration.view_commitment",
        "declaration.change_commitment",
    }


def test_reviewers_see_declaration_sign_ups_in_the_admin_menu(reviewer_client):
    response = reviewer_client.get(reverse("wagtailadmin_home"))

    assert "Declaration sign-ups" in page_text(response)
    assert admin_url("index") in page_text(response)


# The listing -----------------------------------------------------------------


def test_the_listing_shows_each_sign_up_newest_first(reviewer_client):
    older = CommitmentFactory(
        reference="LD-DEC-OLD1",
        status=Status.IN_REVIEW,
        organisation=OrganisationFactory(
            name="Kent County Council", organisation_type=OrganisationType.COUNTY_COUNCIL, region=Region.SOUTH_EAST
        ),
    )
    newer = CommitmentFactory(
        reference="LD-DEC-NEW1",
        status=Status.AWAITING_APPROVER,
        kind=Commitment.Kind.FURTHER_COMMITMENT,
        organisation=OrganisationFactory(
            name="Leeds City Council", organisation_type=OrganisationType.METROPOLITAN_BOROUGH, region=Region.LONDON
        ),
    )
    Commitment.objects.filter(pk=older.pk).update(created_at=newer.created_at.replace(year=2024))

    text = page_text(reviewer_client.get(admin_url("index"), EVERY_SIGN_UP))

    assert text.index("LD-DEC-NEW1") < text.index("LD-DEC-OLD1")
    for expected in [
        "Kent County Council",
        "County council",
        "South East",
        "Sign-up",
        "In review",
        "Leeds City Council",
        "Metropolitan borough",
        "London",
        "Further commitment",
        "Awaiting approver",
    ]:
        assert expected in text
    for heading in ["Reference", "Organisation", "Type of organisation", "Region", "Kind", "Status", "Created"]:
        assert heading in text


def test_the_listing_costs_the_same_queries_for_2_or_40_sign_ups(reviewer_client, django_assert_max_num_queries):
    CommitmentFactory.create_batch(2, status=Status.IN_REVIEW)
    with CaptureQueriesContext(connection) as few:
        assert reviewer_client.get(admin_url("index"), EVERY_SIGN_UP).status_code == 200
    CommitmentFactory.create_batch(38, status=Status.IN_REVIEW)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = reviewer_client.get(admin_url("index"), EVERY_SIGN_UP)

    assert len(re.findall(r"LD-TEST-\d+", page_text(response))) >= 40


def references_listed(client, **query):
    text = page_text(client.get(admin_url("index"), query))
    return set(re.findall(r"LD-TEST-\d+|LD-DEC-\w+", text))


def test_reviewers_filter_the_listing_by_status(reviewer_client):
    waiting = CommitmentFactory(status=Status.IN_REVIEW)
    signed = CommitmentFactory(signed=True)

    assert references_listed(reviewer_client, status="in_review") == {waiting.reference}
    assert references_listed(reviewer_client, status="signed") == {signed.reference}
    assert references_listed(reviewer_client, status=["in_review", "signed"]) == {waiting.reference, signed.reference}


def test_reviewers_filter_the_listing_by_type_of_organisation_and_region(reviewer_client):
    parish = CommitmentFactory(
        organisation=OrganisationFactory(
            organisation_type=OrganisationType.PARISH_OR_TOWN_COUNCIL, region=Region.NORTH_WEST
        )
    )
    county = CommitmentFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.COUNTY_COUNCIL, region=Region.NORTH_WEST)
    )
    london = CommitmentFactory(
        organisation=OrganisationFactory(organisation_type=OrganisationType.LONDON_BOROUGH, region=Region.LONDON)
    )

    assert references_listed(reviewer_client, organisation_type="parish_or_town_council") == {parish.reference}
    assert references_listed(reviewer_client, region="north_west") == {parish.reference, county.reference}
    assert references_listed(reviewer_client, region="london") == {london.reference}
    assert references_listed(reviewer_client, region="north_west", organisation_type="county_council") == {
        county.reference
    }


def test_reviewers_search_by_reference_title_organisation_and_contact(reviewer_client):
    wanted = CommitmentFactory(
        reference="LD-DEC-FIND",
        title="Digital planning register",
        contact_name="Priya Patel",
        organisation=OrganisationFactory(name="Rutland County Council"),
    )
    CommitmentFactory(title="Something else", contact_name="Sam Smith")

    for query in ["LD-DEC-FIND", "planning register", "rutland", "Priya"]:
        assert references_listed(reviewer_client, q=query) == {wanted.reference}, query


# One sign-up -----------------------------------------------------------------


def test_the_inspect_page_shows_everything_the_person_gave(reviewer_client):
    principle = PrincipleFactory(title="Design services that meet people's needs")
    commitment = CommitmentFactory(
        status=Status.IN_REVIEW,
        organisation=OrganisationFactory(
            name="Bristol City Council", organisation_type=OrganisationType.UNITARY_AUTHORITY, region=Region.SOUTH_WEST
        ),
        contact_name="Casey Contact",
        contact_job_title="Head of digital",
        contact_email="casey@bristol.gov.uk",
        title="Open housing repairs data",
        partners="Bath and North East Somerset",
        mission="Publish repairs data every week.",
        impact="Tenants see when repairs happen.",
        approver_name="Alex Approver",
        approver_job_title="Chief executive",
        approver_email="alex@bristol.gov.uk",
        principles=[principle],
    )

    response = reviewer_client.get(admin_url("inspect", commitment))

    assert response.status_code == 200
    text = page_text(response)
    for expected in [
        commitment.reference,
        "In review",
        "Bristol City Council",
        "Unitary authority",
        "South West",
        "Casey Contact",
        "Head of digital",
        "casey@bristol.gov.uk",
        "Open housing repairs data",
        "Bath and North East Somerset",
        "Publish repairs data every week.",
        "Tenants see when repairs happen.",
        "Design services that meet people's needs",
        "Alex Approver",
        "Chief executive",
        "alex@bristol.gov.uk",
    ]:
        assert expected in text, expected


ACTION_LABELS = {
    "request_changes": "Request changes",
    "approve_for_signing": "Approve for signing",
    "resend_signing_request": "Send the approver's link again",
    "reject": "Reject",
    "withdraw": "Withdraw",
    "correct_commitment": "Correct the commitment",
    "correct_organisation": "Correct the organisation",
    "remove_signatory": "Remove from signatories",
}


FIX_ORGANISATION = "Correct the organisation"  # a typo in a name can be put right at any stage


def action_labels(client, commitment):
    """The action buttons the inspect page offers: each a link to that action's page."""
    text = page_text(client.get(admin_url("inspect", commitment)))
    return {label for name, label in ACTION_LABELS.items() if f'href="{admin_url(name, commitment)}"' in text}


@pytest.mark.parametrize(
    ("status", "offered"),
    [
        (Status.AWAITING_EMAIL_CONFIRMATION, {"Withdraw", FIX_ORGANISATION}),
        (Status.IN_REVIEW, {"Request changes", "Approve for signing", "Reject", "Withdraw", FIX_ORGANISATION}),
        (Status.CHANGES_REQUESTED, {"Reject", "Withdraw", FIX_ORGANISATION}),
        (Status.AWAITING_APPROVER, {"Send the approver's link again", "Withdraw", FIX_ORGANISATION}),
        (Status.SIGNED, {"Correct the commitment", FIX_ORGANISATION, "Remove from signatories"}),
        (Status.REJECTED, {FIX_ORGANISATION}),
        (Status.WITHDRAWN, {FIX_ORGANISATION}),
        (Status.REMOVED, {FIX_ORGANISATION}),
    ],
)
def test_only_the_actions_the_status_allows_are_offered(reviewer_client, status, offered):
    commitment = CommitmentFactory(status=status)

    assert action_labels(reviewer_client, commitment) == offered


# Acting on a sign-up ---------------------------------------------------------


def test_a_reviewer_requests_changes_and_the_contact_gets_the_message_and_a_link(
    reviewer_client, in_review, django_capture_on_commit_callbacks
):
    message = "Please say which services the mission covers."

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(admin_url("request_changes", in_review), {"message": message})

    assert response.status_code == 302
    assert response.url == admin_url("inspect", in_review)
    in_review.refresh_from_db()
    assert in_review.status == Status.CHANGES_REQUESTED
    assert in_review.changes_requested_message == message
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["casey@hackney.gov.uk"]
    assert message in email.body
    assert "http://testserver/declaration/amend/" in email.body
    assert any("Changes requested" in m for m in messages_of(response))


def test_a_request_for_changes_needs_a_message(reviewer_client, in_review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(admin_url("request_changes", in_review), {"message": "   "})

    assert response.status_code == 200
    assert "Enter what needs to change" in page_text(response)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert mail.outbox == []


def test_a_message_longer_than_2000_characters_is_refused(reviewer_client, in_review):
    response = reviewer_client.post(admin_url("request_changes", in_review), {"message": "x" * 2001})

    assert response.status_code == 200
    assert "2000 characters or fewer" in page_text(response)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_the_request_changes_page_has_a_form_that_posts_with_a_csrf_token(reviewer_client, in_review):
    text = page_text(reviewer_client.get(admin_url("request_changes", in_review)))

    assert 'method="post"' in text
    assert "csrfmiddlewaretoken" in text
    assert 'name="message"' in text


def test_actions_need_the_csrf_token(reviewer, in_review):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)

    response = client.post(admin_url("reject", in_review), {"reason": "Not a public body."})

    assert response.status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_a_reviewer_rejects_with_a_reason_and_the_contact_is_told(
    reviewer_client, in_review, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(admin_url("reject", in_review), {"reason": "This is not a public body."})

    assert response.url == admin_url("inspect", in_review)
    in_review.refresh_from_db()
    assert in_review.status == Status.REJECTED
    assert in_review.rejection_reason == "This is not a public body."
    assert [email.to for email in mail.outbox] == [["casey@hackney.gov.uk"]]
    assert "This is not a public body." in mail.outbox[0].body


def test_a_rejection_needs_a_reason(reviewer_client, in_review):
    response = reviewer_client.post(admin_url("reject", in_review), {"reason": ""})

    assert response.status_code == 200
    assert "Enter why it is not accepted" in page_text(response)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_a_reviewer_approves_and_the_approver_gets_a_link_to_sign(
    reviewer_client, in_review, django_capture_on_commit_callbacks
):
    confirm_page = reviewer_client.get(admin_url("approve_for_signing", in_review))
    assert "Alex Approver" in page_text(confirm_page)

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(admin_url("approve_for_signing", in_review))

    assert response.url == admin_url("inspect", in_review)
    in_review.refresh_from_db()
    assert in_review.status == Status.AWAITING_APPROVER
    assert [email.to for email in mail.outbox] == [["alex@hackney.gov.uk"], ["casey@hackney.gov.uk"]]
    assert "http://testserver/declaration/approve/" in mail.outbox[0].body
    # The contact hears that it was approved, and who was asked to sign, but gets no signing link.
    assert mail.outbox[1].subject == f"Your commitment is approved – {in_review.reference}"
    assert "Alex Approver" in mail.outbox[1].body and "/declaration/approve/" not in mail.outbox[1].body
    assert any("approved for signing" in m for m in messages_of(response))


def test_a_reviewer_sends_the_approvers_link_again(reviewer_client, django_capture_on_commit_callbacks):
    commitment = CommitmentFactory(status=Status.AWAITING_APPROVER, approver_email="alex@example.gov.uk")

    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer_client.post(admin_url("resend_signing_request", commitment))

    assert response.url == admin_url("inspect", commitment)
    assert [email.to for email in mail.outbox] == [["alex@example.gov.uk"]]
    assert "/declaration/approve/" in mail.outbox[0].body
    commitment.refresh_from_db()
    assert commitment.status == Status.AWAITING_APPROVER
    history = page_text(reviewer_client.get(admin_url("history", commitment)))
    assert "Approver's link sent again to alex@example.gov.uk" in history


def test_a_reviewer_withdraws_a_sign_up(reviewer_client, in_review):
    response = reviewer_client.post(admin_url("withdraw", in_review))

    assert response.url == admin_url("inspect", in_review)
    in_review.refresh_from_db()
    assert in_review.status == Status.WITHDRAWN


def test_the_history_shows_who_did_what(reviewer_client, in_review, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(admin_url("request_changes", in_review), {"message": "Name your partners."})
    services.amend(
        Commitment.objects.get(pk=in_review.pk),
        title="Open up our bin collection data",
        partners="Waste team",
        mission="Publish it.",
        impact="Fewer calls.",
        principle_ids=[],
    )
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_client.post(admin_url("reject", in_review), {"reason": "Out of scope."})

    history = reviewer_client.get(admin_url("history", in_review))

    assert history.status_code == 200
    text = page_text(history)
    assert "Changes requested: Name your partners." in text
    assert "Contact changed the commitment and sent it back for review" in text
    assert "Rejected: Out of scope." in text
    assert "Riley Reviewer" in text
    # The inspect page shows the latest history too, and links to the full history.
    inspect = page_text(reviewer_client.get(admin_url("inspect", in_review)))
    assert "Rejected: Out of scope." in inspect
    assert admin_url("history", in_review) in inspect


def test_a_reviewer_cannot_act_on_a_commitment_whose_status_does_not_allow_it(reviewer_client):
    signed = CommitmentFactory(signed=True)

    response = reviewer_client.post(admin_url("request_changes", signed), {"message": "Too late."}, follow=True)

    assert response.redirect_chain[0] == (admin_url("inspect", signed), 302)
    assert "You cannot request changes to this commitment: its status is ‘Signed’." in page_text(response)
    signed.refresh_from_db()
    assert signed.status == Status.SIGNED
    assert signed.changes_requested_message == ""


def test_the_page_for_an_action_the_status_does_not_allow_sends_the_reviewer_back(reviewer_client):
    rejected = CommitmentFactory(status=Status.REJECTED)

    response = reviewer_client.get(admin_url("approve_for_signing", rejected))

    assert response.url == admin_url("inspect", rejected)
    assert messages_of(response) == ["You cannot approve for signing this commitment: its status is ‘Rejected’."]


def test_two_reviewers_at_once_get_a_message_not_an_error(reviewer_client, in_review, monkeypatch):
    # Another reviewer rejected it after this reviewer's check passed but before the change.
    monkeypatch.setattr(WorkflowActionView, "is_allowed", lambda view: True)
    Commitment.objects.filter(pk=in_review.pk).update(status=Status.REJECTED)

    response = reviewer_client.post(admin_url("approve_for_signing", in_review), follow=True)

    assert response.status_code == 200
    assert "Someone else may have just acted on it." in page_text(response)
    in_review.refresh_from_db()
    assert in_review.status == Status.REJECTED
    assert mail.outbox == []


def test_superusers_can_review(django_user_model, client, in_review):
    client.force_login(django_user_model.objects.create_superuser("admin", "admin@example.gov.uk", "a-long-pw-1"))

    response = client.post(admin_url("approve_for_signing", in_review))

    assert response.url == admin_url("inspect", in_review)
    in_review.refresh_from_db()
    assert in_review.status == Status.AWAITING_APPROVER


# Who may do what -------------------------------------------------------------


def test_staff_outside_the_group_get_no_access(django_user_model, client, in_review):
    editor = make_user(django_user_model, "edie", permissions=[("wagtailadmin", "access_admin")])
    client.force_login(editor)

    home = page_text(client.get(reverse("wagtailadmin_home")))
    assert "Declaration sign-ups" not in home
    for url in [
        admin_url("index"),
        admin_url("inspect", in_review),
        admin_url("history", in_review),
        admin_url("request_changes", in_review),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert in_review.reference not in page_text(response)

    response = client.post(admin_url("reject", in_review), {"reason": "No."})
    assert response.status_code in (302, 403)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_people_who_are_not_signed_in_are_sent_to_sign_in(client, in_review):
    response = client.get(admin_url("inspect", in_review))

    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response.url


def test_staff_who_may_only_view_see_sign_ups_but_cannot_act(django_user_model, client, in_review):
    viewer = make_user(
        django_user_model,
        "vic",
        permissions=[("wagtailadmin", "access_admin"), ("declaration", "view_commitment")],
    )
    client.force_login(viewer)

    assert in_review.reference in page_text(client.get(admin_url("index"), follow=True))
    assert action_labels(client, in_review) == set()
    assert client.get(admin_url("history", in_review)).status_code == 200

    response = client.post(admin_url("request_changes", in_review), {"message": "Please change it."})

    assert response.status_code in (302, 403)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_commitments_cannot_be_added_edited_or_deleted_in_the_admin(reviewer_client, in_review):
    for name, args in [("add", []), ("edit", [in_review.pk]), ("delete", [in_review.pk]), ("copy", [in_review.pk])]:
        with pytest.raises(NoReverseMatch):
            reverse(f"{NAMESPACE}:{name}", args=args)

    for path in ["new/", f"edit/{in_review.pk}/", f"delete/{in_review.pk}/"]:
        assert reviewer_client.get(f"/admin/declaration-sign-ups/{path}").status_code == 404, path
    assert Commitment.objects.filter(pk=in_review.pk).exists()


def test_a_long_history_pages_through_the_history(reviewer_client, in_review, reviewer):
    for number in range(25):
        log(in_review, "declaration.request_changes", user=reviewer, data={"message": f"Change {number}"})

    text = page_text(reviewer_client.get(admin_url("history", in_review)))

    assert "Change 24" in text and "Change 0" not in text
    assert f'href="{admin_url("history", in_review)}?p=2"' in text
    assert "Change 0" in page_text(reviewer_client.get(admin_url("history", in_review), {"p": 2}))
