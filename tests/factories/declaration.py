"""Factories for the Declaration: signatories, principles and commitments.

    OrganisationFactory()                        # has not signed (from tests.factories.organisations)
    SignedOrganisationFactory()                  # a signatory, signed 3 August 2018
    SignedOrganisationFactory(signed_at=when)    # a signatory since `when`
    PrincipleFactory()
    CommitmentFactory()                          # a new sign-up, awaiting email confirmation
    CommitmentFactory(signed=True)               # signed: published, and its organisation a signatory
    CommitmentFactory(status=CommitmentStatus.IN_REVIEW, organisation=council, principles=[principle])

The dates that go with a status (email confirmed, signed, signed by) follow
the status given. A signed commitment makes its organisation a signatory
(signed at the same moment) if it was not one already, as signing does.
For many rows at once, `build_batch` then `bulk_create`.
"""

import datetime
import uuid

import factory

from declaration.models import Commitment, CommitmentStatus, Principle, Signatory
from organisations.models import Organisation
from tests.factories.organisations import OrganisationFactory

# 3 August 2018, midday in London: the day the first organisations signed.
SIGNED_AT = datetime.datetime(2018, 8, 3, 11, 0, tzinfo=datetime.UTC)


class SignatoryFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    signed_at = SIGNED_AT

    class Meta:
        model = Signatory


class SignedOrganisationFactory(OrganisationFactory):
    """An organisation that has signed the Declaration; returns the organisation."""

    class Meta:
        skip_postgeneration_save = True

    class Params:
        signed_at = SIGNED_AT

    signatory = factory.RelatedFactory(
        SignatoryFactory, factory_related_name="organisation", signed_at=factory.SelfAttribute("..signed_at")
    )


class PrincipleFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Principle {n}")
    summary = "What the principle asks of an organisation."
    sort_order = factory.Sequence(int)

    class Meta:
        model = Principle


def _after_email_confirmation(commitment):
    return commitment.status != CommitmentStatus.AWAITING_EMAIL_CONFIRMATION


def _is_signed(commitment):
    return commitment.status == CommitmentStatus.SIGNED


class CommitmentFactory(factory.django.DjangoModelFactory):
    reference = factory.Sequence(lambda n: f"LD-TEST-{n:05d}")
    submission_key = factory.LazyFunction(uuid.uuid4)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = Commitment.Kind.SIGN_UP
    status = CommitmentStatus.AWAITING_EMAIL_CONFIRMATION

    contact_name = factory.Sequence(lambda n: f"Casey Contact{n}")
    contact_job_title = "Head of digital"
    contact_email = factory.Sequence(lambda n: f"casey.contact{n}@example.gov.uk")

    title = factory.Sequence(lambda n: f"Commitment {n}")
    partners = ""
    mission = "Replace our paper forms with an online service."
    impact = "Residents can apply at any time of day."

    approver_name = factory.Sequence(lambda n: f"Alex Approver{n}")
    approver_job_title = "Chief executive"
    approver_email = factory.Sequence(lambda n: f"alex.approver{n}@example.gov.uk")

    email_confirmed_at = factory.LazyAttribute(lambda o: SIGNED_AT if _after_email_confirmation(o) else None)
    signed_at = factory.LazyAttribute(lambda o: SIGNED_AT if _is_signed(o) else None)
    signed_by_name = factory.LazyAttribute(lambda o: o.approver_name if _is_signed(o) else "")
    signed_by_job_title = factory.LazyAttribute(lambda o: o.approver_job_title if _is_signed(o) else "")

    class Meta:
        model = Commitment
        skip_postgeneration_save = True

    class Params:
        signed = factory.Trait(status=CommitmentStatus.SIGNED)

    @factory.post_generation
    def principles(self, create, extracted, **kwargs):
        """`principles=[...]` sets the principles it serves; none unless given."""
        if create and extracted:
            self.principles.set(extracted)

    @factory.post_generation
    def organisation_signs(self, create, extracted, **kwargs):
        if create and self.status == CommitmentStatus.SIGNED:
            Signatory.objects.get_or_create(organisation=self.organisation, defaults={"signed_at": self.signed_at})


def bulk_signatories(count, **fields):
    """`count` signatories (organisations signed at SIGNED_AT) in two queries, for query counts."""
    organisations = Organisation.objects.bulk_create(OrganisationFactory.build_batch(count, **fields))
    Signatory.objects.bulk_create(Signatory(organisation=o, signed_at=SIGNED_AT) for o in organisations)
    return organisations


def bulk_signed_commitments(organisations, principles):
    """A signed commitment for each of `organisations`, serving `principles`, in two queries."""
    commitments = Commitment.objects.bulk_create(
        [CommitmentFactory.build(organisation=organisation, signed=True) for organisation in organisations]
    )
    Through = Commitment.principles.through
    Through.objects.bulk_create(
        [Through(commitment=commitment, principle=principle) for commitment in commitments for principle in principles]
    )
    return commitments
