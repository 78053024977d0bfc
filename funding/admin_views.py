"""The fund in the Wagtail admin: a "Fund" menu holding the rounds (and, added by other parts, the bids).

Another admin view joins the "Fund" menu either by being listed in
`FundViewSetGroup.items`, or by naming the group's hook as its own::

    class ExpressionOfInterestViewSet(WorkflowViewSet):
        menu_hook = FUND_MENU_HOOK      # shown under "Fund", not on its own
        add_to_admin_menu = True

and being registered with `register_admin_viewset` as usual.

Rounds (`RoundViewSet`): a snippet, with its phases inline.

Expressions of interest (`ExpressionOfInterestViewSet`): staff list, search
and filter them, read every answer, see the history, and invite or decline
each with feedback. Nobody is emailed then: a fund manager then notifies the
round's applicants of every decision at once ("Notify applicants", on the
listing filtered by round: funding.assessment_admin.EoiNotifyView). "view"
permission lets staff read; "Can invite or decline expressions of interest"
(funding.decide_expressionofinterest) lets them decide.

Applications (`ApplicationViewSet`): read-only for staff with "view"
permission, with their answers and uploaded documents.
"""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.views.snippets import SnippetViewSet

from core.formatting import format_datetime
from core.forms import text_messages
from core.workflow_admin import WorkflowAction, WorkflowIndexView, WorkflowViewSet
from organisations.models import OrganisationType

from . import services
from .models import Application, ApplicationStatus, EoiStatus, ExpressionOfInterest, PhaseName, Round, ServiceArea
from .workflow import DECISION, SUBMISSION

FUND_MENU_HOOK = "register_fund_menu_item"


class RoundForm(WagtailAdminModelForm):
    """A round's form: who may lead a bid is ticked from the organisation types, and kept as a list of them."""

    lead_organisation_types = forms.MultipleChoiceField(
        label="Types of organisation that may lead a bid",
        choices=OrganisationType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick none to let any local authority lead.",
        error_messages={"invalid_choice": "Select types of organisation from the list"},
    )

    def clean_lead_organisation_types(self):
        chosen = self.cleaned_data["lead_organisation_types"]
        return [value for value, _ in OrganisationType.choices if value in chosen]  # in the list's order


class RoundViewSet(SnippetViewSet):
    model = Round
    menu_label = "Fund rounds"
    icon = "date"
    edit_handler = ObjectList(Round.panels, base_form_class=RoundForm)
    list_display = ["name", "eoi_opens_at", "applications_close_at", "decision_date"]
    ordering = ["-eoi_opens_at"]
    search_fields = ["name"]
    search_backend_name = None  # a handful of rows: the database's own search


class FundViewSetGroup(ViewSetGroup):
    menu_label = "Fund"
    menu_icon = "pick"
    menu_order = 330
    submenu_hook = FUND_MENU_HOOK
    items = [RoundViewSet]


FEEDBACK_MAX = 5000


def _when(value) -> str:
    return format_datetime(value) if value else ""


# Expressions of interest: staff decide -----------------------------------------


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label="Feedback for the applicant",
        help_text="We email this to the applicant with the decision when you notify the round’s applicants.",
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=text_messages("feedback for the applicant", FEEDBACK_MAX),
    )


DECISION_ACTIONS = [
    WorkflowAction(
        name="invite",
        label="Invite to apply",
        slug="invite",
        perform=lambda eoi, user, data: services.invite(eoi, user=user, feedback=data["feedback"]),
        refused="invite",
        intro=(
            "We will open a full application for {reference}. When you notify the round’s applicants, we will "
            "email {contact_name} ({contact_email}) your feedback and a link to apply."
        ),
        submit_label="Invite to apply",
        success_message=(
            "{reference} invited to apply. {contact_name} will be emailed your feedback when you notify the "
            "round’s applicants."
        ),
        form_class=FeedbackForm,
        icon_name="success",
    ),
    WorkflowAction(
        name="decline",
        label="Decline",
        slug="decline",
        perform=lambda eoi, user, data: services.decline(eoi, user=user, feedback=data["feedback"]),
        refused="decline",
        intro=(
            "When you notify the round’s applicants, we will email {contact_name} ({contact_email}) that "
            "{reference} is not invited, with your feedback."
        ),
        submit_label="Decline",
        success_message=(
            "{reference} declined. {contact_name} will be emailed your feedback when you notify the round’s "
            "applicants."
        ),
        form_class=FeedbackForm,
        icon_name="cross",
        serious=True,
    ),
]


class ExpressionOfInterestFilterSet(WagtailFilterSet):
    round = django_filters.ModelChoiceFilter(label="Round", queryset=Round.objects.all(), empty_label="All")
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=EoiStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    service_area = django_filters.ChoiceFilter(label="Service area", choices=ServiceArea.choices, empty_label="All")
    phase = django_filters.ChoiceFilter(label="Phase", choices=PhaseName.choices, empty_label="All")

    class Meta:
        model = ExpressionOfInterest
        fields = []


class ExpressionOfInterestIndexView(WorkflowIndexView):
    """The listing; filtered by one round, a fund manager also gets that round's "Notify applicants"."""

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        round_pk = self.request.GET.get("round", "")
        if round_pk.isdigit() and services.is_manager(self.request.user):
            buttons.append(
                HeaderButton(
                    "Notify applicants",
                    url=reverse("fund_assessment:notify_eoi", args=[int(round_pk)]),
                    icon_name="mail",
                )
            )
        return buttons


class ExpressionOfInterestViewSet(WorkflowViewSet):
    """Expressions of interest: the listing, each one's answers, its history, and the decision."""

    model = ExpressionOfInterest
    workflow = DECISION
    actions = DECISION_ACTIONS
    index_view_class = ExpressionOfInterestIndexView
    act_permission = "decide"
    name = "fund_expressions_of_interest"
    url_prefix = "fund/expressions-of-interest"
    icon = "doc-full"
    menu_label = "Expressions of interest"
    menu_hook = FUND_MENU_HOOK
    add_to_admin_menu = True
    menu_order = 320

    list_per_page = 50
    ordering = "-submitted_at"
    filterset_class = ExpressionOfInterestFilterSet
    search_fields = ["reference", "title", "lead_organisation__name", "contact_name"]
    list_display = [
        "reference",
        Column("title", label="Title", sort_key="title"),
        Column(
            "lead", label="Lead organisation", accessor="lead_organisation.name", sort_key="lead_organisation__name"
        ),
        Column("round", label="Round", accessor="round.name", sort_key="round__name"),
        StatusTagColumn(
            "status",
            label="Status",
            accessor="get_status_display",
            sort_key="status",
            primary=lambda eoi: eoi.status == EoiStatus.SUBMITTED,
        ),
        DateColumn("submitted_at", label="Sent", sort_key="submitted_at"),
    ]

    def get_list_queryset(self):
        return ExpressionOfInterest.objects.select_related("round", "lead_organisation")

    def get_inspect_queryset(self):
        return ExpressionOfInterest.objects.select_related("round", "lead_organisation").prefetch_related(
            "partners", "principles"
        )

    def short_name(self, eoi):
        return eoi.reference

    def summary(self, eoi):
        return f"{eoi.title}, from {eoi.lead_organisation.name}"

    def needs_attention(self, eoi):
        return eoi.status == EoiStatus.SUBMITTED

    def describe(self, eoi):
        return {"reference": eoi.reference, "contact_name": eoi.contact_name, "contact_email": eoi.contact_email}

    def sections(self, eoi):
        decision = [("Status", eoi.get_status_display())]
        if eoi.decided_at:
            decision += [
                ("Decided", _when(eoi.decided_at)),
                ("Feedback", eoi.feedback),
                ("Applicant notified", _when(eoi.notified_at) or "Not yet: notify the round’s applicants"),
            ]
        return [
            (
                "The bid",
                [
                    ("Round", eoi.round.name),
                    ("Lead organisation", eoi.lead_organisation.name),
                    ("Partner organisations", "\n".join(p.name for p in eoi.partners.all()) or "None"),
                ],
            ),
            (
                "Contact",
                [("Name", eoi.contact_name), ("Job title", eoi.contact_job_title), ("Email", eoi.contact_email)],
            ),
            (
                "The project",
                [
                    ("Title", eoi.title),
                    ("The problem", eoi.problem),
                    ("Who it affects", eoi.affected),
                    ("Service area", eoi.get_service_area_display()),
                    ("Phase", eoi.get_phase_display()),
                    ("Estimated cost", f"£{eoi.estimated_cost:,.2f}"),
                    ("Declaration principles", "\n".join(str(p) for p in eoi.principles.all()) or "None"),
                    ("May be published", "Yes" if eoi.may_publish else "No"),
                    ("Sent", _when(eoi.submitted_at)),
                ],
            ),
            ("Decision", decision),
        ]


# Applications: staff read them ----------------------------------------------------


class ApplicationFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=ApplicationStatus.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Application
        fields = []


class ApplicationViewSet(WorkflowViewSet):
    """Applications, read-only: the listing, each one's answers and documents, and its history."""

    model = Application
    workflow = SUBMISSION
    actions = []
    name = "fund_applications"
    url_prefix = "fund/applications"
    icon = "form"
    menu_label = "Applications"
    menu_hook = FUND_MENU_HOOK
    add_to_admin_menu = True
    menu_order = 321

    list_per_page = 50
    ordering = "-created_at"
    filterset_class = ApplicationFilterSet
    search_fields = ["reference", "title", "expression_of_interest__title", "expression_of_interest__reference"]
    list_display = [
        "reference",
        Column("title", label="Title", accessor="__str__"),
        Column("round", label="Round", accessor="round.name"),
        StatusTagColumn("status", label="Status", accessor="get_status_display", sort_key="status"),
        DateColumn("submitted_at", label="Sent", sort_key="submitted_at"),
    ]

    def get_list_queryset(self):
        return Application.objects.select_related("expression_of_interest__round")

    def get_inspect_queryset(self):
        return Application.objects.select_related(
            "draft", "expression_of_interest__round", "expression_of_interest__lead_organisation"
        ).prefetch_related("collaborators")

    def short_name(self, application):
        return application.reference

    def summary(self, application):
        eoi = application.expression_of_interest
        return f"{application.title or eoi.title}, from {eoi.lead_organisation.name} ({eoi.reference})"

    def sections(self, application):
        eoi = application.expression_of_interest
        people = [("Lead contact", f"{eoi.contact_name}, {eoi.contact_email}")] + [
            ("Collaborator", collaborator.email) for collaborator in application.collaborators.all()
        ]
        overview = [
            ("Status", application.get_status_display()),
            ("Expression of interest", eoi.reference),
            ("Round", eoi.round.name),
            ("Sent", _when(application.submitted_at) or "Not sent yet"),
        ]
        if application.amount_requested is not None:
            overview.append(("Amount requested", f"£{application.amount_requested:,.2f}"))
        sections = [("Application", overview), ("People", people)]
        for section in application.answers.get("sections", []):
            sections.append(
                (section["title"], [(row["label"], self._value(application, row)) for row in section["rows"]])
            )
        return sections

    def _value(self, application, row):
        if row.get("upload"):
            url = reverse(
                "funding:application:uploaded_file",
                kwargs={"reference": application.reference, "upload_id": row["upload"]},
            )
            return format_html('<a href="{}" download>{}</a>', url, row["value"])
        return row["value"]
