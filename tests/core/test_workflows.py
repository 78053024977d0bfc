"""The shared workflow (core.workflows): one table, one `move`, a history entry for every action.

Tried on the Declaration's review workflow, the first one declared on it.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.log_actions import LogActionRegistry
from wagtail.models import ModelLogEntry

from core.workflows import IllegalTransition, Transition, Workflow
from declaration.models import Commitment, CommitmentStatus
from declaration.workflow import REVIEW
from tests.factories.declaration import CommitmentFactory

pytestmark = pytest.mark.django_db

Status = CommitmentStatus


@pytest.fixture
def reviewer():
    return get_user_model().objects.create_user("rita", "rita@example.gov.uk", "a-long-password-1")


def test_a_move_the_table_allows_changes_the_state_and_records_who_did_it(reviewer):
    commitment, other = CommitmentFactory(status=Status.IN_REVIEW), CommitmentFactory(status=Status.IN_REVIEW)

    REVIEW.move(commitment, "reject", user=reviewer, data={"reason": "Out of scope"})

    assert Commitment.objects.get(pk=commitment.pk).status == Status.REJECTED
    assert Commitment.objects.get(pk=other.pk).status == Status.IN_REVIEW
    [entry] = ModelLogEntry.objects.filter(object_id=str(commitment.pk))
    assert entry.action == "declaration.reject"
    assert entry.user == reviewer
    assert entry.message == "Rejected: Out of scope"


def test_a_move_the_table_forbids_changes_nothing_and_says_why(reviewer):
    commitment = CommitmentFactory(status=Status.SIGNED, signed=True)

    with pytest.raises(IllegalTransition, match="Cannot approve for signing a commitment that is signed."):
        REVIEW.move(commitment, "approve_for_signing", user=reviewer)

    assert Commitment.objects.get(pk=commitment.pk).status == Status.SIGNED
    assert not ModelLogEntry.objects.filter(object_id=str(commitment.pk)).exists()


def test_the_stored_state_decides_not_a_stale_copy_in_memory(reviewer):
    commitment = CommitmentFactory(status=Status.IN_REVIEW)
    Commitment.objects.filter(pk=commitment.pk).update(status=Status.WITHDRAWN)  # someone else, meanwhile

    with pytest.raises(IllegalTransition):
        REVIEW.move(commitment, "approve_for_signing", user=reviewer)

    assert commitment.status == Status.WITHDRAWN
    assert Commitment.objects.get(pk=commitment.pk).status == Status.WITHDRAWN


def test_an_action_without_a_target_keeps_the_state_but_is_recorded(reviewer):
    commitment = CommitmentFactory(status=Status.AWAITING_APPROVER)

    REVIEW.move(commitment, "resend_signing_request", user=reviewer, data={"to": "alex@example.gov.uk"})

    assert Commitment.objects.get(pk=commitment.pk).status == Status.AWAITING_APPROVER
    entry = ModelLogEntry.objects.get(object_id=str(commitment.pk))
    assert entry.message == "Approver's link sent again to alex@example.gov.uk"


def test_the_table_says_which_actions_each_state_offers():
    in_review = CommitmentFactory.build(status=Status.IN_REVIEW)
    signed = CommitmentFactory.build(status=Status.SIGNED)

    assert [t.name for t in REVIEW.available(in_review)] == [
        "request_changes",
        "reject",
        "approve_for_signing",
        "withdraw",
        "correct_organisation",
    ]
    assert [t.name for t in REVIEW.available(signed)] == [
        "correct_commitment",
        "correct_organisation",
        "remove_signatory",
    ]
    assert REVIEW.allows(in_review, "reject") and not REVIEW.allows(signed, "reject")


def test_the_history_wording_comes_from_the_table(reviewer):
    commitment = CommitmentFactory(status=Status.AWAITING_APPROVER)

    REVIEW.move(commitment, "sign", user=None, data={"name": "Alex Boss", "job_title": "Chief executive"})

    assert ModelLogEntry.objects.get(object_id=str(commitment.pk)).message == "Signed by Alex Boss, Chief executive"


def test_a_new_workflow_is_a_table():
    workflow = Workflow(
        model=Commitment,
        log_prefix="example",
        transitions=[Transition("close", sources=[Status.IN_REVIEW], target=Status.WITHDRAWN)],
    )

    assert workflow["close"].sources == (Status.IN_REVIEW,)
    assert workflow.log_action("close") == "example.close"
    assert workflow["close"].display_name == "Close"


def test_registering_the_table_gives_each_action_its_label_and_wording(reviewer):
    registry = LogActionRegistry()
    REVIEW.register_log_actions(registry)
    commitment = CommitmentFactory(status=Status.IN_REVIEW)
    entry = ModelLogEntry(action="declaration.reject", data={"reason": "Out of scope"}, user=reviewer)
    bare = ModelLogEntry(action="declaration.reject", data={}, user=reviewer)
    signed = ModelLogEntry(action="declaration.sign", data={"name": "Alex Boss", "job_title": ""}, user=None)
    unsigned = ModelLogEntry(action="declaration.sign", data={}, user=None)
    resent = ModelLogEntry(action="declaration.resend_signing_request", data={"to": "a@b.gov.uk"}, user=None)

    def wording(log_entry):
        return registry.get_formatter(log_entry).format_message(log_entry)

    assert registry.get_action_label("declaration.reject") == "Reject"
    assert registry.get_action_label("declaration.resend_signing_request") == "Send the approver's link again"
    assert wording(entry) == "Rejected: Out of scope"
    assert wording(bare) == "Rejected"
    assert wording(signed) == "Signed by Alex Boss"
    assert wording(unsigned) == "Signed by the approver"
    assert wording(resent) == "Approver's link sent again to a@b.gov.uk"
    assert commitment.status == Status.IN_REVIEW  # formatting the history changes nothing


def test_a_state_the_table_does_not_know_is_shown_as_stored():
    assert REVIEW.state_label(Status.IN_REVIEW) == "In review"
    assert REVIEW.state_label("archived") == "archived"
