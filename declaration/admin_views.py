"""Staff review of Declaration commitments in the Wagtail admin, declared on core.workflow_admin.

Reviewers list, search and filter sign-ups, read everything a person gave,
see the history, and act on a commitment: request changes, reject, approve
for signing, send the approver's link again, or withdraw. Which actions a
commitment's status allows comes from the review workflow
(declaration.workflow); each action calls its function in
declaration.services, which refuses a change the status does not allow and
records who made it.

"view" permission on Commitment lets staff read; "change" lets them review.
Nobody adds, edits or deletes commitments through the generic admin forms.
"""

import django_filters
from django import forms
from django.db.models import F
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn

from core.formatting import format_datetime
from core.workflow_admin import WorkflowAction, WorkflowViewSet
from organisations.models import OrganisationType, Region

from . import services
from .admin_forms import (
    CorrectCommitmentForm,
    CorrectOrganisationForm,
    RejectForm,
    RemoveSignatoryForm,
    RequestChangesForm,
)
from .forms import SIGN_UP_STEPS
from .models import Commitment, CommitmentStatus
from .workflow import REVIEW

MENU_LABEL = "Declaration sign-ups"

Status = CommitmentStatus

# The first action a status allows is the primary button: approving comes before asking for changes.
ACTIONS = [
    WorkflowAction(
        name="approve_for_signing",
        label="Approve for signing",
        slug="approve",
        perform=lambda commitment, user, data: services.approve_for_signing(commitment, user=user),
        refused="approve for signing",
        intro=(
            "We will email {approver_name} ({approver_email}) a link to sign the Declaration "
            "for {organisation}. The commitment is published when they sign."
        ),
        submit_label="Yes, approve for signing",
        success_message="{reference} approved for signing. We have emailed {approver_name} a link to sign.",
        icon_name="success",
    ),
    WorkflowAction(
        name="request_changes",
        label="Request changes",
        slug="request-changes",
        perform=lambda commitment, user, data: services.request_changes(
            commitment, user=user, message=data["message"]
        ),
        refused="request changes to",
        intro=(
            "We will email {contact_name} your message and a link to change their commitment. "
            "When they send it back, it will be in review again."
        ),
        submit_label="Request changes",
        success_message=(
            "Changes requested for {reference}. We have emailed {contact_name} your message "
            "and a link to change their commitment."
        ),
        form_class=RequestChangesForm,
        icon_name="edit",
    ),
    WorkflowAction(
        name="resend_signing_request",
        label="Send the approver's link again",
        slug="resend-approver-link",
        perform=lambda commitment, user, data: services.resend_signing_request(commitment, user=user),
        refused="send the approver's link again for",
        intro="We will email {approver_name} ({approver_email}) a new link to sign the Declaration.",
        submit_label="Send the link again",
        success_message="We have sent the approver's link again to {approver_email}.",
        icon_name="mail",
    ),
    WorkflowAction(
        name="reject",
        label="Reject",
        slug="reject",
        perform=lambda commitment, user, data: services.reject(commitment, user=user, reason=data["reason"]),
        refused="reject",
        intro="We will email {contact_name} to say the commitment was not accepted, with your reason.",
        submit_label="Reject",
        success_message="{reference} rejected. We have emailed {contact_name} the reason.",
        form_class=RejectForm,
        icon_name="cross",
        serious=True,
    ),
    WorkflowAction(
        name="withdraw",
        label="Withdraw",
        slug="withdraw",
        perform=lambda commitment, user, data: services.withdraw(commitment, user=user),
        refused="withdraw",
        intro="The commitment will be withdrawn and will not be published. This cannot be undone.",
        submit_label="Yes, withdraw",
        success_message="{reference} withdrawn.",
        icon_name="bin",
        serious=True,
    ),
    WorkflowAction(
        name="correct_commitment",
        label="Correct the commitment",
        slug="correct-commitment",
        perform=lambda commitment, user, data: services.correct_commitment(commitment, user=user, **data),
        refused="correct",
        intro=(
            "Correct a mistake in the published commitment, such as a typo. The public see the corrected words "
            "at once; the history keeps the old ones. Nobody is emailed."
        ),
        submit_label="Save the correction",
        success_message="{reference} corrected.",
        form_class=CorrectCommitmentForm,
        form_kwargs=lambda commitment: {
            "initial": {field: getattr(commitment, field) for field in services.COMMITMENT_TEXT_FIELDS}
        },
        icon_name="edit",
    ),
    WorkflowAction(
        name="correct_organisation",
        label="Correct the organisation",
        slug="correct-organisation",
        perform=lambda commitment, user, data: services.correct_organisation(commitment, user=user, **data),
        refused="correct the organisation of",
        intro=(
            "Correct the name, type or region of {organisation}, everywhere it appears. A corrected name "
            "changes the address of its page in the list of signatories. Nobody is emailed."
        ),
        submit_label="Save the correction",
        success_message="{organisation} corrected.",
        form_class=CorrectOrganisationForm,
        form_kwargs=lambda commitment: {
            "initial": {
                "name": commitment.organisation.name,
                "organisation_type": commitment.organisation.organisation_type,
                "region": commitment.organisation.region,
            }
        },
        icon_name="edit",
    ),
    WorkflowAction(
        name="remove_signatory",
        label="Remove from signatories",
        slug="remove-signatory",
        perform=lambda commitment, user, data: services.remove_signatory(commitment, user=user, reason=data["reason"]),
        refused="remove from the signatories",
        intro=(
            "{organisation} will leave the public list of signatories, its page, the projects and the open data, "
            "with all its published commitments. Your reason is kept in the history; nobody is emailed."
        ),
        submit_label="Remove from signatories",
        success_message="{organisation} removed from the signatories.",
        form_class=RemoveSignatoryForm,
        icon_name="bin",
        serious=True,
    ),
]


class CommitmentFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=CommitmentStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    organisation_type = django_filters.MultipleChoiceFilter(
        label="Type of organisation",
        field_name="organisation__organisation_type",
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    region = django_filters.MultipleChoiceFilter(
        label="Region", field_name="organisation__region", choices=Region.choices, widget=forms.CheckboxSelectMultiple
    )
    kind = django_filters.ChoiceFilter(
        label="Kind", choices=Commitment.Kind.choices, widget=forms.RadioSelect, empty_label="All"
    )

    class Meta:
        model = Commitment
        fields = []


def needs_review(commitment: Commitment) -> bool:
    return commitment.status == Status.IN_REVIEW


def _when(value) -> str:
    return format_datetime(value) if value else ""


class SignUpsWaitingPanel(Component):
    """On the admin's dashboard, for reviewers: how many sign-ups wait for review, linking to them."""

    name = "declaration_sign_ups_waiting"
    template_name = "declaration/admin/waiting_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, url: str):
        self.url = url

    def get_context_data(self, parent_context=None):
        return {"waiting": Commitment.objects.filter(status=Status.IN_REVIEW).count(), "url": self.url}


class CommitmentViewSet(WorkflowViewSet):
    """Declaration sign-ups: the listing, each commitment, its history and the review actions."""

    model = Commitment
    workflow = REVIEW
    actions = ACTIONS
    name = "declaration_sign_ups"
    url_prefix = "declaration-sign-ups"
    icon = "doc-full"
    menu_label = MENU_LABEL
    add_to_admin_menu = True
    menu_order = 300

    list_per_page = 50
    ordering = "-created_at"
    # The listing opens on what needs a reviewer; they untick the status to see every sign-up.
    list_opens_with = {"status": Status.IN_REVIEW}
    filterset_class = CommitmentFilterSet
    search_fields = ["reference", "title", "organisation__name", "contact_name"]
    list_display = [
        "reference",
        Column("organisation", label="Organisation", accessor="organisation.name", sort_key="organisation__name"),
        Column(
            "organisation_type",
            label="Type of organisation",
            accessor="organisation.get_organisation_type_display",
            sort_key="organisation__organisation_type",
        ),
        Column("region", label="Region", accessor="organisation.get_region_display", sort_key="organisation__region"),
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        StatusTagColumn(
            "status", label="Status", accessor="get_status_display", sort_key="status", primary=needs_review
        ),
        DateColumn("created_at", label="Created", sort_key="created_at"),
    ]

    def get_list_queryset(self):
        return Commitment.objects.select_related("organisation")

    def waiting_panel(self, user) -> SignUpsWaitingPanel | None:
        """The dashboard panel, for staff who may read sign-ups."""
        if not self.permission_policy.user_has_any_permission(user, ["view", "change"]):
            return None
        return SignUpsWaitingPanel(url=self.list_url_with(self.list_opens_with))

    def get_inspect_queryset(self):
        return (
            Commitment.objects.select_related("organisation")
            .annotate(signatory_since=F("organisation__signatory__signed_at"))
            .prefetch_related("principles")
        )

    def short_name(self, commitment):
        return commitment.reference

    def summary(self, commitment):
        return f"{commitment.get_kind_display()} from {commitment.organisation.name}"

    def needs_attention(self, commitment):
        return needs_review(commitment)

    def describe(self, commitment):
        return {
            "reference": commitment.reference,
            "contact_name": commitment.contact_name,
            "approver_name": commitment.approver_name,
            "approver_email": commitment.approver_email,
            "organisation": commitment.organisation.name,
        }

    def sections(self, commitment):
        """What the person gave, from the same forms that asked for it, then what happened since."""
        extra_rows = {
            "organisation": [
                ("Signatory since", _when(getattr(commitment, "signatory_since", None)) or "Not signed yet")
            ],
            "contact": [("Email address confirmed", _when(commitment.email_confirmed_at) or "Not confirmed yet")],
            "commitment": [("Kind", commitment.get_kind_display())],
        }
        sections = [
            (heading, form_class.rows_for(commitment) + extra_rows.get(step, []))
            for step, form_class, _, heading in SIGN_UP_STEPS
        ]
        if commitment.signed_at:
            sections.append(
                (
                    "Signed",
                    [
                        ("Signed by", commitment.signed_by_name),
                        ("Job title", commitment.signed_by_job_title),
                        ("Signed on", _when(commitment.signed_at)),
                    ],
                )
            )
        review = [("Submitted", _when(commitment.created_at)), ("Last changed", _when(commitment.updated_at))]
        if commitment.changes_requested_message:
            review.append(("Changes requested (latest message)", commitment.changes_requested_message))
        if commitment.rejection_reason:
            review.append(("Reason for rejection", commitment.rejection_reason))
        sections.append(("Review", review))
        return sections
