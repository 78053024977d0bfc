"""Two people acting on one commitment at the same moment.

The services lock the commitment's row, so whoever comes second waits for the first
to finish and then sees what they did. These tests commit for real, outside
pytest-django's wrapping transaction, with a database connection per person, as
production does.
"""

import uuid

import pytest
from wagtail.models import ModelLogEntry

from declaration import services
from declaration.models import Commitment, CommitmentStatus
from notifications.models import OutboundEmail
from tests.declaration.test_services import answers
from tests.factories.declaration import CommitmentFactory
from tests.support.concurrency import at_the_same_moment

# serialized_rollback: restore what migrations made (content types, the site), which an earlier
# transactional test may have emptied.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

Status = CommitmentStatus


def fresh(commitment):
    """The same commitment as another person's request would load it."""
    return Commitment.objects.get(pk=commitment.pk)


def actions_recorded(commitment):
    return list(ModelLogEntry.objects.for_instance(commitment).values_list("action", flat=True))


def test_two_approvers_signing_at_once_sign_once():
    CommitmentFactory(status=Status.AWAITING_APPROVER)
    commitment = CommitmentFactory(status=Status.AWAITING_APPROVER)

    outcome = at_the_same_moment(
        lambda: services.sign(fresh(commitment), name="Alex Boss", job_title="Chief executive"),
        lambda: services.sign(fresh(commitment), name="Sam Deputy", job_title="Deputy chief executive"),
    )

    assert outcome["second waited"], outcome
    assert outcome["first"].status == Status.SIGNED
    assert isinstance(outcome["second"], services.LinkUsed)
    stored = fresh(commitment)
    assert (stored.status, stored.signed_by_name) == (Status.SIGNED, "Alex Boss")
    assert actions_recorded(commitment) == ["declaration.sign"]
    assert OutboundEmail.objects.count() == 2  # one to the contact, one to the approver


def test_a_rejection_while_the_contact_amends_leaves_it_rejected():
    CommitmentFactory(status=Status.CHANGES_REQUESTED)
    commitment = CommitmentFactory(status=Status.CHANGES_REQUESTED, title="As sent")

    outcome = at_the_same_moment(
        lambda: services.reject(fresh(commitment), user=None, reason="Out of scope."),
        lambda: services.amend(
            fresh(commitment), title="Amended", partners="", mission="New", impact="New", principle_ids=[]
        ),
    )

    assert outcome["second waited"], outcome
    assert isinstance(outcome["second"], services.IllegalTransition)
    stored = fresh(commitment)
    assert (stored.status, stored.title) == (Status.REJECTED, "As sent")
    assert actions_recorded(commitment) == ["declaration.reject"]


def test_a_withdrawal_while_a_reviewer_resends_the_approvers_link_sends_nothing():
    CommitmentFactory(status=Status.AWAITING_APPROVER)
    commitment = CommitmentFactory(status=Status.AWAITING_APPROVER)

    outcome = at_the_same_moment(
        lambda: services.withdraw(fresh(commitment), user=None),
        lambda: services.resend_signing_request(fresh(commitment), user=None),
    )

    assert outcome["second waited"], outcome
    assert isinstance(outcome["second"], services.IllegalTransition)
    assert fresh(commitment).status == Status.WITHDRAWN
    assert not OutboundEmail.objects.exists()
    assert actions_recorded(commitment) == ["declaration.withdraw"]


def test_two_clicks_on_a_confirmation_link_at_once_confirm_once():
    CommitmentFactory()
    commitment = CommitmentFactory()
    token = services.make_link_token(commitment, "confirm")

    outcome = at_the_same_moment(lambda: services.confirm_email(token), lambda: services.confirm_email(token))

    assert outcome["second waited"], outcome
    assert outcome["first"].status == Status.IN_REVIEW
    assert isinstance(outcome["second"], services.LinkUsed)
    assert fresh(commitment).status == Status.IN_REVIEW
    assert actions_recorded(commitment) == ["declaration.confirm_email"]


def test_a_double_click_that_races_itself_stores_one_sign_up():
    key = uuid.uuid4()

    outcome = at_the_same_moment(
        lambda: services.submit_commitment(answers(), submission_key=key),
        lambda: services.submit_commitment(answers(), submission_key=key),
    )

    assert outcome["second waited"], outcome
    assert outcome["second"].pk == outcome["first"].pk
    assert Commitment.objects.count() == 1
    assert OutboundEmail.objects.count() == 1
