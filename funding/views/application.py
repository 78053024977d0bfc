"""The full application at /fund/applications/<reference>/: a task list (core.journeys.TaskListJourney) that
the lead contact and the collaborators they add answer together, over as many visits as they need.

Its drafts are found by the application's reference rather than the draft's
id, and opened by whoever the application lets in (`services.application_for`):
the lead contact or a collaborator, signed in by emailed link. Anyone else
gets a 404, for its pages and its uploaded documents alike. Once sent, the
same address shows a read-only, printable copy of what was sent.
"""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html, linebreaks
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.formatting import format_datetime
from core.forms import ConditionalRevealMixin, email_messages
from core.journeys import Section, SectionJourney, Step, TaskListJourney, display_value
from core.models import Upload
from core.widgets import GovUKEmailInput
from organisations.models import Organisation

from .. import services
from ..application_forms import (
    AboutForm,
    ApproachForm,
    CostLineForm,
    DeclarationsForm,
    DocumentsForm,
    MatchFundingForm,
    MilestoneForm,
    PartnerForm,
    ProblemForm,
    RoleForm,
    SupplierForm,
)
from ..models import Application, ApplicationStatus
from ..sign_in import signed_in_email

QUESTION = "core/journeys/question.html"
ADD_ANOTHER = "core/journeys/add_another.html"


class BudgetSection(SectionJourney):
    """The budget's check page refuses a total over the cap of the phase chosen in "About the project"."""

    def submit(self, request, cleaned, submission_key):
        self.whole.check_budget(cleaned["costs"])
        return super().submit(request, cleaned, submission_key)


class ApplicationJourney(TaskListJourney):
    name = services.APPLICATION_JOURNEY
    url_namespace = "funding:application"
    caption = "Apply to the Local Digital Fund"
    done_url_name = "submitted"
    draft_key = "<str:reference>"
    task_list_template = "funding/application/task_list.html"
    submit_label = "Send the application"
    incomplete_message = "Complete every section before you send the application"
    viewer = None  # the signed-in address of the request being answered
    sections = [
        Section("about", "About the project", [Step("details", AboutForm, QUESTION, "About the project")]),
        Section(
            "team",
            "Partners and team",
            [
                Step("partners", PartnerForm, ADD_ANOTHER, "Partners", repeat=True, item_name="partner", max_items=20),
                Step("roles", RoleForm, ADD_ANOTHER, "Team roles", repeat=True, item_name="role", max_items=20),
                Step("supplier", SupplierForm, QUESTION, "Supplier"),
            ],
        ),
        Section("problem", "The problem and users", [Step("details", ProblemForm, QUESTION, "The problem and users")]),
        Section(
            "approach",
            "Approach and plan",
            [
                Step("plan", ApproachForm, QUESTION, "Approach"),
                Step(
                    "milestones",
                    MilestoneForm,
                    ADD_ANOTHER,
                    "Milestones",
                    repeat=True,
                    item_name="milestone",
                    max_items=20,
                ),
            ],
        ),
        Section(
            "budget",
            "Budget",
            [
                Step("costs", CostLineForm, ADD_ANOTHER, "Costs", repeat=True, item_name="cost line", max_items=30),
                Step("match_funding", MatchFundingForm, QUESTION, "Match funding"),
                Step("documents", DocumentsForm, QUESTION, "Supporting documents"),
            ],
        ),
        Section("declarations", "Declarations", [Step("confirm", DeclarationsForm, QUESTION, "Declarations")]),
    ]

    # Whose drafts, found by the application's reference

    def owner(self, request):
        return signed_in_email(request)

    def not_signed_in(self, request):
        return redirect("funding:sign_in")

    def draft_by_key(self, key):
        return self._draft_of(
            Application.objects.filter(reference=key)
            .select_related("draft", "expression_of_interest__round", "expression_of_interest__lead_organisation")
            .first()
        )

    def find_draft(self, request, key):
        return self._draft_of(services.application_for(self.owner(request), key))

    @staticmethod
    def _draft_of(application):
        if application is None:
            raise Http404
        draft = application.draft
        draft.application = application  # for the questions that read the bid (its round, its lead)
        return draft

    def draft_key_of(self, draft):
        return draft.application.reference

    def start_draft(self, owner):
        raise Http404  # an application opens only when staff invite its expression of interest

    def url(self, name):
        if name in {"submitted", "people"} and self.draft is not None:
            return reverse(f"funding:application:{name}", kwargs={"reference": self.draft.application.reference})
        return super().url(name)

    def for_draft(self, request, key):
        answering = super().for_draft(request, key)
        if isinstance(answering, ApplicationJourney):
            answering.viewer = self.owner(request)
        return answering

    @property
    def application(self):
        return self.draft.application

    @property
    def bid_rows(self) -> list[dict]:
        """Above the task list: whose bid it is, when the window closes, and who works on it."""
        eoi, round_ = self.application.expression_of_interest, self.application.round
        people = {"key": {"text": "People working on it"}, "value": {"text": eoi.contact_email}}
        if services.is_lead(self.application, self.viewer):
            people["actions"] = {
                "items": [{"href": self.url("people"), "text": "Add or remove people", "visuallyHiddenText": ""}]
            }
        return [
            {"key": {"text": "Lead organisation"}, "value": {"text": eoi.lead_organisation.name}},
            {"key": {"text": "Lead contact"}, "value": {"text": f"{eoi.contact_name}, {eoi.contact_job_title}"}},
            people,
            {"key": {"text": "Applications close"}, "value": {"text": format_datetime(round_.applications_close_at)}},
        ]

    # What the questions need from the bid

    def form_kwargs(self, step, answers):
        if self.draft is None:
            return {}
        eoi = self.application.expression_of_interest
        if step.form_class is AboutForm:
            return {"phases": self.application.round.phases.all(), "initial": {"title": eoi.title, "phase": eoi.phase}}
        if step.form_class is ProblemForm:
            return {"initial": {"problem": eoi.problem, "users": eoi.affected, "service_area": eoi.service_area}}
        if step.form_class is DeclarationsForm:
            return {"organisations": self.organisations()}
        return {}

    def organisations(self) -> list[Organisation]:
        """The lead organisation and the partners chosen in "Partners and team"."""
        ids = []
        for item in (self.draft.answers.get("team") or {}).get("partners") or []:
            ids += [value for value in item.get("organisation") or [] if str(value).isdigit()]
        partners = list(Organisation.objects.filter(id__in=ids).order_by("name"))
        lead = self.application.expression_of_interest.lead_organisation
        return [lead, *(partner for partner in partners if partner.pk != lead.pk)]

    def section_journey(self, section):
        return BudgetSection(self, section) if section.name == "budget" else super().section_journey(section)

    def check_budget(self, costs: list[dict]) -> None:
        phase = ((self.draft.answers.get("about") or {}).get("details") or {}).get("phase") or [None]
        cap = self.application.round.phase_cap(phase[0])
        total = sum((line["amount"] for line in costs), start=0)
        if cap is not None and total > cap:
            raise forms.ValidationError(
                f"The costs add up to £{total:,.2f}, more than the £{cap:,.2f} a {phase[0]} project may ask for: "
                "change or remove a cost line"
            )

    # Sending

    def already_submitted(self, submission_key):
        self.application.refresh_from_db(fields=["status"])
        return self.application.reference if self.application.status == ApplicationStatus.SUBMITTED else None

    def submit(self, request, cleaned, submission_key):
        self.check_budget(cleaned["budget"]["costs"])
        services.submit_application(self.application, answers=cleaned, summary=self.copy_to_keep())
        return self.application.reference

    def copy_to_keep(self) -> dict:
        """What was sent, as people read it: each section's questions and answers, documents by id."""
        sections = []
        for section in self.sections:
            part = self.section_journey(section)
            bound, _ = part.bound_forms(part.answers(self.draft.answers.get(section.name) or {}))
            rows = []
            for step in section.steps:
                if step.name in bound:
                    items = bound[step.name] if step.repeat else [bound[step.name]]
                    for index, form in enumerate(items):
                        rows += _rows(form, step, index if step.repeat else None)
            sections.append({"title": section.title, "rows": rows})
        return {"sections": sections}

    def when_sent(self, request):
        """Sent: the application's address shows a read-only, printable copy of what was sent."""
        application = self.application
        application.refresh_from_db()
        sections = [
            {
                "title": section["title"],
                "rows": [{"key": {"text": row["label"]}, "value": _value(self, row)} for row in section["rows"]],
            }
            for section in application.answers.get("sections", [])
        ]
        return render(
            request, "funding/application/sent_copy.html", {"application": application, "sections": sections}
        )


def _rows(form, step, item: int | None) -> list[dict]:
    """A step's answers as kept: label and text, and the id of an uploaded document."""
    rows = []
    unrevealed = form.unrevealed_fields() if isinstance(form, ConditionalRevealMixin) else set()
    for bound_field in form:
        if bound_field.is_hidden or bound_field.name in unrevealed:
            continue
        label = str(bound_field.label) + (f" ({step.item_name} {item + 1})" if item is not None else "")
        value = form.cleaned_data.get(bound_field.name)
        if isinstance(value, Upload):
            rows.append({"label": label, "value": value.name, "upload": str(value.id)})
        else:
            rows.append({"label": label, "value": display_value(bound_field)[0] or "None"})
    return rows


def _value(journey, row) -> dict:
    if row.get("upload"):
        href = reverse(
            "funding:application:uploaded_file", kwargs={"reference": journey.key, "upload_id": row["upload"]}
        )
        return {"html": format_html('<a class="govuk-link" href="{}" download>{}</a>', href, row["value"])}
    return {"html": linebreaks(escape(row["value"]))} if "\n" in row["value"] else {"text": row["value"]}


def _application_or_404(request, reference):
    """The application at `reference` for the signed-in applicant; None when nobody is signed in."""
    email = signed_in_email(request)
    if email is None:
        return None, None
    application = services.application_for(email, reference)
    if application is None:
        raise Http404
    return application, email


@never_cache
def submitted(request, reference):
    """The confirmation, once the application is sent."""
    application, _ = _application_or_404(request, reference)
    if application is None:
        return redirect("funding:sign_in")
    if application.status != ApplicationStatus.SUBMITTED:
        return redirect(application.get_absolute_url())
    return render(request, "funding/application/submitted.html", {"application": application})


class CollaboratorForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=email_messages("their"),
        widget=GovUKEmailInput(label_size="m"),
        help_text="We’ll email them to say you added them, and how to sign in.",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def people(request, reference):
    """The lead contact adds and removes the people who may work on the application with them."""
    application, email = _application_or_404(request, reference)
    if application is None:
        return redirect("funding:sign_in")
    if not services.is_lead(application, email):
        raise Http404
    form = CollaboratorForm()
    if request.method == "POST" and "remove" in request.POST:
        services.remove_collaborator(application, email=request.POST["remove"][:254])
        return redirect("funding:application:people", reference=reference)
    if request.method == "POST":
        form = CollaboratorForm(request.POST)
        if form.is_valid():
            try:
                services.add_collaborator(application, email=form.cleaned_data["email"], added_by=email)
            except forms.ValidationError as error:
                form.add_error("email", error)
            else:
                return redirect("funding:application:people", reference=reference)
    return render(
        request,
        "funding/application/people.html",
        {
            "application": application,
            "form": form,
            "collaborators": application.collaborators.order_by("added_at"),
            "limit": services.MAX_COLLABORATORS,
        },
    )
