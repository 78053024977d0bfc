"""Storing a submission once (core.submissions): a second click, even at the same moment, stores nothing more."""

import uuid

import pytest
from django.db import IntegrityError

from core.submissions import create_once
from declaration.models import Commitment
from tests.factories.declaration import CommitmentFactory
from tests.support.concurrency import at_the_same_moment


@pytest.mark.django_db
def test_a_key_already_stored_gives_back_its_row_and_stores_nothing():
    bystander = CommitmentFactory(title="Another sign-up")
    key = uuid.uuid4()
    first = create_once(Commitment, key, lambda: CommitmentFactory(submission_key=key, title="First click"))

    again = create_once(Commitment, key, lambda: CommitmentFactory(submission_key=uuid.uuid4(), title="Second click"))

    assert again == first
    assert sorted(Commitment.objects.values_list("title", flat=True)) == ["Another sign-up", "First click"]
    assert create_once(Commitment, bystander.submission_key, lambda: None) == bystander


@pytest.mark.django_db
def test_another_unique_rule_broken_is_raised_and_what_was_stored_rolled_back():
    bystander = CommitmentFactory(title="Another sign-up")
    key = uuid.uuid4()

    def create():
        CommitmentFactory(submission_key=uuid.uuid4(), title="Stored before the clash")
        return CommitmentFactory(submission_key=key, reference=bystander.reference)

    with pytest.raises(IntegrityError):
        create_once(Commitment, key, create)

    assert list(Commitment.objects.values_list("title", flat=True)) == ["Another sign-up"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_at_the_same_moment_store_one_row_and_both_get_it():
    bystander = CommitmentFactory(title="Another sign-up")
    key = uuid.uuid4()

    def submit(title):
        return lambda: create_once(Commitment, key, lambda: CommitmentFactory(submission_key=key, title=title))

    outcome = at_the_same_moment(submit("First click"), submit("Second click"))

    assert outcome["second waited"], outcome
    assert outcome["first"] == outcome["second"] == Commitment.objects.get(submission_key=key)
    assert sorted(Commitment.objects.values_list("title", flat=True)) == ["Another sign-up", "First click"]
    assert Commitment.objects.get(pk=bystander.pk).title == "Another sign-up"
