"""Staff review of Declaration commitments in the Wagtail admin.

Reviewers list, search and filter sign-ups, read everything a person gave,
see the history, and act on a commitment: request changes, reject, approve
for signing, send the approver's link again, or withdraw. Every change of
status goes through declaration.services, which refuses a change the status
does not allow and records who made it.

"view" permission on Commitment lets staff read; "change" lets them review.
Nobody adds, edits or deletes commitments through the generic admin forms.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.db import transaction
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import registry as log_registry

from organisations.models import OrganisationType, Region

from . import services
from .admin_forms import ConfirmForm, RejectForm, RequestChangesForm
from .models import Commitment, CommitmentStatus

MENU_LABEL = "Declaration sign-ups"
VIEW_PERMISSIONS = ["view", "change"]  # "change" is the reviewers' permission, and implies viewing
REVIEW_PERMISSION = "change"

Status = CommitmentStatus


# The review actions ----------------------------------------------------------


@dataclass(frozen=True)
class ReviewAction:
    name: str
    label: str
    slug: str
    allowed_statuses: tuple
    perform: Callable
    # Finishes "You cannot …": what a reviewer tried to do.
    refused: str
    intro: str
    submit_label: str
    success_message: str
    form_class: type[forms.Form] = ConfirmForm
    icon_name: str = ""
    serious: bool = False

    def is_allowed_for(self, commitment: Commitment) -> bool:
        return commitment.status in self.allowed_statuses


def _transition_statuses(action: str) -> tuple:
    return tuple(services.TRANSITIONS[action][0])


ACTIONS = {
    action.name: action
    for action in [
        ReviewAction(
            name="request_changes",
            label="Request changes",
            slug="request-changes",
            allowed_statuses=_transition_statuses("request_changes"),
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
        ReviewAction(
            name="approve_for_signing",
            label="Approve for signing",
            slug="approve",
            allowed_statuses=_transition_statuses("approve_for_signing"),
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
        ReviewAction(
            name="resend_signing_request",
            label="Send the approver's link again",
            slug="resend-approver-link",
            allowed_statuses=(Status.AWAITING_APPROVER,),
            perform=lambda commitment, user, data: services.resend_signing_request(commitment, user=user),
            refused="send the approver's link again for",
            intro="We will email {approver_name} ({approver_email}) a new link to sign the Declaration.",
            submit_label="Send the link again",
            success_message="We have sent the approver's link again to {approver_email}.",
            icon_name="mail",
        ),
        ReviewAction(
            name="reject",
            label="Reject",
            slug="reject",
            allowed_statuses=_transition_statuses("reject"),
            perform=lambda commitment, user, data: services.reject(commitment, user=user, reason=data["reason"]),
            refused="reject",
            intro="We will email {contact_name} to say the commitment was not accepted, with your reason.",
            submit_label="Reject",
            success_message="{reference} rejected. We have emailed {contact_name} the reason.",
            form_class=RejectForm,
            icon_name="cross",
            serious=True,
        ),
        ReviewAction(
            name="withdraw",
            label="Withdraw",
            slug="withdraw",
            allowed_statuses=_transition_statuses("withdraw"),
            perform=lambda commitment, user, data: services.withdraw(commitment, user=user),
            refused="withdraw",
            intro="The commitment will be withdrawn and will not be published. This cannot be undone.",
            submit_label="Yes, withdraw",
            success_message="{reference} withdrawn.",
            icon_name="bin",
            serious=True,
        ),
    ]
}


def _format(text: str, commitment: Commitment) -> str:
    return text.format(
        reference=commitment.reference,
        contact_name=commitment.contact_name,
        approver_name=commitment.approver_name,
        approver_email=commitment.approver_email,
        organisation=commitment.organisation.name,
    )


def refusal_message(action: ReviewAction, commitment: Commitment) -> str:
    return f"You cannot {action.refused} this commitment: its status is ‘{commitment.get_status_display()}’."


def available_actions(commitment: Commitment) -> list[ReviewAction]:
    """The actions the commitment's current status allows, in the order reviewers see them."""
    return [action for action in ACTIONS.values() if action.is_allowed_for(commitment)]


def action_url_name(namespace: str, action: ReviewAction) -> str:
    return f"{namespace}:{action.name}"


# Listing ---------------------------------------------------------------------


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


class CommitmentIndexView(IndexView):
    any_permission_required = VIEW_PERMISSIONS
    page_title = MENU_LABEL
    action_url_namespace = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("organisation")

    @cached_property
    def user_can_review(self):
        return self.user_has_permission(REVIEW_PERMISSION)

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission(VIEW_PERMISSIONS):
            return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_can_review and self.action_url_namespace:
            for priority, action in enumerate(available_actions(instance), start=40):
                buttons.append(
                    MenuItem(
                        action.label,
                        url=reverse(action_url_name(self.action_url_namespace, action), args=(quote(instance.pk),)),
                        icon_name=action.icon_name,
                        priority=priority,
                    )
                )
        return buttons


# One commitment --------------------------------------------------------------


def _when(value) -> str:
    """A date and time the GOV.UK way: ‘3 August 2018 at 4:05pm’."""
    if not value:
        return ""
    value = timezone.localtime(value)
    return f"{date_format(value, 'j F Y')} at {date_format(value, 'g:i')}{'am' if value.hour < 12 else 'pm'}"


class CommitmentObjectMixin:
    """Breadcrumbs and links shared by the inspect, history and action views."""

    index_url_name = None
    inspect_url_name = None
    history_url_name = None

    def get_listing_url(self):
        return reverse(self.index_url_name)

    def get_object_inspect_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def commitment_breadcrumbs(self, page_label):
        items = [*self.breadcrumbs_items, {"url": self.get_listing_url(), "label": MENU_LABEL}]
        if page_label is None:
            items.append({"url": "", "label": str(self.object)})
        else:
            items.append({"url": self.get_object_inspect_url(), "label": self.object.reference})
            items.append({"url": "", "label": page_label, "sublabel": self.object.reference})
        return items


class CommitmentInspectView(CommitmentObjectMixin, InspectView):
    any_permission_required = VIEW_PERMISSIONS
    template_name = "declaration/admin/inspect.html"
    action_url_namespace = None
    recent_history_size = 10

    def get_object(self, queryset=None):
        return get_object_or_404(
            Commitment.objects.select_related("organisation")
            .annotate(signatory_since=F("organisation__signatory__signed_at"))
            .prefetch_related("principles"),
            pk=self.pk,
        )

    def get_page_title(self):
        return self.object.reference

    def get_page_subtitle(self):
        return self.object.title

    def get_breadcrumbs_items(self):
        return self.commitment_breadcrumbs(None)

    @cached_property
    def user_can_review(self):
        return self.user_has_permission(REVIEW_PERMISSION)

    def get_fields_context(self):
        return []  # the template shows get_sections() instead

    def get_history_url(self):
        return reverse(self.history_url_name, args=(quote(self.object.pk),))

    def get_action_buttons(self):
        if not self.user_can_review:
            return []
        return [
            {
                "action": action,
                "url": reverse(action_url_name(self.action_url_namespace, action), args=(quote(self.object.pk),)),
            }
            for action in available_actions(self.object)
        ]

    def get_sections(self):
        c = self.object
        organisation = c.organisation
        sections = [
            (
                "Organisation",
                [
                    ("Name", organisation.name),
                    ("Type of organisation", organisation.get_organisation_type_display()),
                    ("Region", organisation.get_region_display()),
                    ("Signatory since", _when(c.signatory_since) or "Not signed yet"),
                ],
            ),
            (
                "Contact",
                [
                    ("Name", c.contact_name),
                    ("Job title", c.contact_job_title),
                    ("Email address", c.contact_email),
                    ("Email address confirmed", _when(c.email_confirmed_at) or "Not confirmed yet"),
                ],
            ),
            (
                "Commitment",
                [
                    ("Kind", c.get_kind_display()),
                    ("Title", c.title),
                    ("Partners", c.partners or "None given"),
                    ("Mission", c.mission),
                    ("Impact", c.impact),
                    ("Principles", ", ".join(str(p) for p in c.principles.all()) or "None chosen"),
                ],
            ),
            (
                "Senior approver",
                [
                    ("Name", c.approver_name),
                    ("Job title", c.approver_job_title),
                    ("Email address", c.approver_email),
                ],
            ),
        ]
        if c.signed_at:
            sections.append(
                (
                    "Signed",
                    [
                        ("Signed by", c.signed_by_name),
                        ("Job title", c.signed_by_job_title),
                        ("Signed on", _when(c.signed_at)),
                    ],
                )
            )
        review = [("Submitted", _when(c.created_at)), ("Last changed", _when(c.updated_at))]
        if c.changes_requested_message:
            review.append(("Changes requested (latest message)", c.changes_requested_message))
        if c.rejection_reason:
            review.append(("Reason for rejection", c.rejection_reason))
        sections.append(("Review", review))
        return sections

    def get_recent_history(self):
        return (
            log_registry.get_logs_for_instance(self.object)
            .select_related("user")
            .order_by("-timestamp", "-pk")[: self.recent_history_size]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            commitment=self.object,
            sections=self.get_sections(),
            user_can_review=self.user_can_review,
            action_buttons=self.get_action_buttons(),
            history_url=self.get_history_url(),
            recent_history=self.get_recent_history(),
            needs_review=needs_review(self.object),
        )
        return context


class CommitmentHistoryView(CommitmentObjectMixin, HistoryView):
    any_permission_required = VIEW_PERMISSIONS

    def get_edit_url(self, instance):
        # There is no edit view: link to the commitment's inspect view instead.
        return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    def get_breadcrumbs_items(self):
        return self.commitment_breadcrumbs("History")

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Back to the commitment", url=self.get_object_inspect_url(), icon_name="arrow-left")]


# Acting on a commitment ------------------------------------------------------


class CommitmentActionView(CommitmentObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """One review action: a page with a form (or just a confirm button) that POSTs to itself."""

    model = Commitment
    permission_required = REVIEW_PERMISSION
    template_name = "declaration/admin/action.html"
    action = None
    header_icon = "doc-full"

    @cached_property
    def object(self):
        # Looked up after the permission check, so nobody without it learns which commitments exist.
        return get_object_or_404(Commitment.objects.select_related("organisation"), pk=self.kwargs["pk"])

    def get_form_class(self):
        return self.action.form_class

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return self.object.reference

    def get_breadcrumbs_items(self):
        return self.commitment_breadcrumbs(self.action.label)

    def refuse(self, extra=""):
        messages.error(self.request, refusal_message(self.action, self.object) + extra)
        return redirect(self.get_object_inspect_url())

    def get(self, request, *args, **kwargs):
        if not self.action.is_allowed_for(self.object):
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.action.is_allowed_for(self.object):
            return self.refuse()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.action.perform(self.object, self.request.user, form.cleaned_data)
        except services.IllegalTransition:
            # Someone else acted on it between this page loading and the click.
            self.object.refresh_from_db()
            return self.refuse(" Someone else may have just acted on it.")
        messages.success(self.request, _format(self.action.success_message, self.object))
        return redirect(self.get_object_inspect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            commitment=self.object,
            action=self.action,
            intro=_format(self.action.intro, self.object),
            cancel_url=self.get_object_inspect_url(),
        )
        return context
