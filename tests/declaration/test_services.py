import datetime
import uuid

import pytest
from django.utils import timezone

from declaration import services
from declaration.models import Commitment, CommitmentStatus
from organisations.models import Organisation
from tests.factories.declaration import CommitmentFactory, PrincipleFactory, SignedOrganisationFactory


def answers(**changes):
    values = {
        "organisation_name": "Exampleshire County Council",
        "organisation_type": "county_council",
        "region": "south_west",
        "contact_name": "Jo Bloggs",
        "contact_job_title": "Head of digital",
        "contact_email": "jo@exampleshire.gov.uk",
        "title": "Open planning data",
        "partners": "",
        "mission": "We will publish planning data.",
        "impact": "Residents find decisions.",
        "principle_ids": [],
        "approver_name": "Alex Boss",
        "approver_job_title": "Chief executive",
        "approver_email": "alex@exampleshire.gov.uk",
    }
    return services.Answers(**{**values, **changes})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "action"),
    [
        (CommitmentStatus.AWAITING_EMAIL_CONFIRMATION, "approve_for_signing"),
        (CommitmentStatus.SIGNED, "reject"),
        (CommitmentStatus.REJECTED, "approve_for_signing"),
        (CommitmentStatus.WITHDRAWN, "request_changes"),
    ],
)
def test_services_refuse_changes_the_status_does_not_allow(status, action):
    commitment = CommitmentFactory(status=status)
    call = {
        "approve_for_signing": lambda: services.approve_for_signing(commitment, user=None),
        "reject": lambda: services.reject(commitment, user=None, reason="No"),
        "request_changes": lambda: services.request_changes(commitment, user=None, message="Change"),
    }[action]

    with pytest.raises(services.IllegalTransition):
        call()

    commitment.refresh_from_db()
    assert commitment.status == status


@pytest.mark.django_db
def test_every_change_is_recorded_with_who_and_when(django_user_model):
    from wagtail.models import ModelLogEntry

    reviewer = django_user_model.objects.create_user("reviewer")
    commitment = CommitmentFactory(status=CommitmentStatus.IN_REVIEW)

    services.request_changes(commitment, user=reviewer, message="Say who benefits.")

    entry = ModelLogEntry.objects.for_instance(commitment).get(action="declaration.request_changes")
    assert entry.user == reviewer
    assert entry.data == {"message": "Say who benefits."}
    assert entry.timestamp is not None


@pytest.mark.django_db
def test_unconfirmed_sign_ups_are_deleted_after_30_days():
    old = CommitmentFactory(organisation__name="Old Council")
    recent = CommitmentFactory()
    confirmed_old = CommitmentFactory(status=CommitmentStatus.IN_REVIEW)
    for commitment in (old, confirmed_old):
        Commitment.objects.filter(pk=commitment.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))

    assert services.delete_unconfirmed() == 1

    assert set(Commitment.objects.values_list("pk", flat=True)) == {recent.pk, confirmed_old.pk}
    assert not Organisation.objects.filter(name="Old Council").exists()


@pytest.mark.django_db
def test_a_signatorys_new_sign_up_is_a_further_commitment():
    SignedOrganisationFactory(name="Exampleshire County Council")

    commitment = services.submit_commitment(answers(), submission_key=uuid.uuid4())

    assert commitment.kind == Commitment.Kind.FURTHER_COMMITMENT
    assert Organisation.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_sign_ups_for_one_organisation_leave_one():
    """Two people submit at the same moment: the database keeps one sign-up, and tells the second."""
    from tests.declaration.test_services_locks import at_the_same_moment

    PrincipleFactory()

    def second_person():
        try:
            services.submit_commitment(
                answers(organisation_name="exampleshire county council", contact_email="sam@exampleshire.gov.uk"),
                submission_key=uuid.uuid4(),
            )
            return "stored"
        except services.SignUpInProgress:
            return "told a sign-up is in progress"

    result = at_the_same_moment(
        lambda: services.submit_commitment(answers(), submission_key=uuid.uuid4()) and "stored", second_person
    )
    # The second person's insert waited on the first's uncommitted one: the two really overlapped.
    assert result.pop("second waited")
    outcome = result

    assert outcome == {"first": "stored", "second": "told a sign-up is in progress"}
    assert Organisation.objects.count() == 1
    assert Commitment.objects.count() == 1
