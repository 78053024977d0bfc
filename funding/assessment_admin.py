"""Assessing the fund's applications in the Wagtail admin: assessors score, managers assign, moderate and decide.

Under /admin/fund-assessment/. Fund assessors see only the applications
assigned to them (any other address answers 404); fund managers see the
rounds, assign assessors, check finished assessments, moderate with the
ranking, decide, notify applicants (of the decisions on their applications,
and, from the expressions of interest's listing, on those) and export CSVs.
Anyone else, editors included, gets 403 and no menu item. Every action is a function in
funding.services, which checks who is acting and records it.
"""

import csv

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import registry as log_registry

from . import services
from .models import (
    Application,
    ApplicationStatus,
    AssessmentComment,
    DecisionOutcome,
    EoiStatus,
    Flag,
    FlagStep,
    ProjectPage,
    Round,
    ScoreValue,
)

MENU_LABEL = "Fund assessment"
TEMPLATES = "funding/admin/assessment/"


# Forms ---------------------------------------------------------------------------


class AssignForm(forms.Form):
    assessor = forms.ModelChoiceField(queryset=services.assessor_choices(), label="Assessor")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].label_from_instance = lambda user: services._name(user)


class ConflictForm(forms.Form):
    has_conflict = forms.TypedChoiceField(
        label="Do you have a conflict of interest with this application?",
        choices=[("no", "No, I have no conflict of interest"), ("yes", "Yes, I have a conflict of interest")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
        help_text="For example, you work for or advise one of its organisations, or stand to gain from it.",
    )
    details = forms.CharField(
        label="If you have one, what is it?", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScoreForm(forms.Form):
    """A score and a justification for each of the round's criteria."""

    def __init__(self, *args, criteria, latest, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            previous = latest.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight.normalize():f}%)",
                choices=sorted(ScoreValue.choices, reverse=True),
                coerce=int,
                widget=forms.RadioSelect,
                initial=previous.value if previous else None,
                error_messages={"required": f"Choose a score for {criterion.name}"},
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=f"Why you gave {criterion.name} this score",
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=previous.justification if previous else "",
                error_messages={"required": f"Explain your score for {criterion.name}"},
            )

    def scores(self) -> dict:
        return {
            criterion.pk: (
                self.cleaned_data[f"score_{criterion.pk}"],
                self.cleaned_data[f"justification_{criterion.pk}"],
            )
            for criterion in self.criteria
        }


class CommentForm(forms.Form):
    criterion = forms.ModelChoiceField(queryset=None, label="Criterion")
    text = forms.CharField(label="Comment", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria
        self.fields["criterion"].label_from_instance = lambda criterion: criterion.name


class EditCommentForm(forms.Form):
    text = forms.CharField(label="Comment", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))


class FlagForm(forms.Form):
    reason = forms.CharField(
        label="Why are you raising a flag?", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CloseFlagForm(forms.Form):
    action = forms.ChoiceField(choices=[(FlagStep.Action.STOPPED, "Stop"), (FlagStep.Action.RESOLVED, "Resolve")])
    note = forms.CharField(label="Note", max_length=2000, required=False)


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(max_length=100, required=False)
    weight = forms.DecimalField(
        label="Weight (%)", max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False
    )
    remove = forms.BooleanField(required=False, label="Remove")

    def clean(self):
        data = super().clean()
        if data.get("remove") or (not data.get("name") and data.get("weight") in (None, "") and not data.get("id")):
            return data
        if not data.get("name"):
            self.add_error("name", "Enter the criterion’s name")
        if data.get("weight") in (None, "") or data.get("weight") == 0:
            self.add_error("weight", "Enter a weight more than 0")
        return data


CriteriaFormSet = forms.formset_factory(CriterionForm, extra=1, max_num=12, validate_max=True)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Decision", choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label="Amount to award, in pounds", required=False, max_digits=10, decimal_places=2, min_value=0
    )
    feedback = forms.CharField(
        label="Feedback for the applicant", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    project = forms.ModelChoiceField(
        queryset=ProjectPage.objects.order_by("title"),
        required=False,
        label="Add the grant to an existing project (optional)",
        help_text="For a project funded before, such as an alpha after a discovery. Leave empty to make a new "
        "draft project page, or to use the earlier page with the same lead organisation and title.",
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == DecisionOutcome.FUND and data.get("amount") is None:
            self.add_error("amount", "Enter the amount to award")
        return data


# Views -----------------------------------------------------------------------------


class AssessmentView(WagtailAdminTemplateMixin, TemplateView):
    """A page of the fund's assessment: open to fund assessors and managers only."""

    header_icon = "form"
    managers_only = False

    def dispatch(self, request, *args, **kwargs):
        allowed = services.is_manager(request.user) if self.managers_only else services.may_see_bids(request.user)
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("fund_assessment:index"), "label": MENU_LABEL},
            *self.trail(),
            {"url": "", "label": self.get_page_title()},
        ]

    def trail(self):
        return []

    def post(self, request, *args, **kwargs):
        try:
            message = self.act(request)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.get(request, *args, **kwargs)
        if message:
            messages.success(request, message)
        return redirect(self.after_action())

    def after_action(self):
        return self.request.path


class IndexView(AssessmentView):
    page_title = MENU_LABEL
    template_name = TEMPLATES + "index.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": MENU_LABEL}]

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            assignments=services.assignments_of(user) if services.is_assessor(user) else [],
            rounds=Round.objects.all() if services.is_manager(user) else [],
            is_manager=services.is_manager(user),
            **kwargs,
        )


class RoundMixin:
    @cached_property
    def round(self):
        return get_object_or_404(Round, pk=self.kwargs["round_pk"])

    def trail(self):
        return [{"url": reverse("fund_assessment:round", args=[self.round.pk]), "label": str(self.round)}]


class RoundView(RoundMixin, AssessmentView):
    managers_only = True
    template_name = TEMPLATES + "round.html"

    def get_page_title(self):
        return str(self.round)

    def trail(self):
        return []

    def get_context_data(self, **kwargs):
        applications = (
            Application.objects.filter(expression_of_interest__round=self.round, status=ApplicationStatus.SUBMITTED)
            .select_related("expression_of_interest__lead_organisation", "decision")
            .prefetch_related("assignments__assessor")
            .order_by("reference")
        )
        return super().get_context_data(
            round=self.round,
            criteria=services.criteria_for(self.round),
            locked=services.criteria_locked(self.round),
            applications=applications,
            notified=services.round_notified(self.round),
            **kwargs,
        )


class CriteriaView(RoundMixin, AssessmentView):
    managers_only = True
    page_title = "Criteria and weights"
    template_name = TEMPLATES + "criteria.html"

    def get_context_data(self, formset=None, **kwargs):
        criteria = services.criteria_for(self.round)
        formset = formset or CriteriaFormSet(
            initial=[{"id": c.pk, "name": c.name, "weight": c.weight} for c in criteria], prefix="criteria"
        )
        return super().get_context_data(
            round=self.round, formset=formset, locked=services.criteria_locked(self.round), **kwargs
        )

    def post(self, request, *args, **kwargs):
        formset = CriteriaFormSet(request.POST, prefix="criteria")
        if formset.is_valid():
            rows = [
                {
                    "id": form.cleaned_data.get("id"),
                    "name": form.cleaned_data["name"],
                    "weight": form.cleaned_data["weight"],
                }
                for form in formset
                if form.cleaned_data.get("name") and not form.cleaned_data.get("remove")
            ]
            try:
                services.set_criteria(self.round, rows, user=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"The criteria for {self.round} are saved.")
                return redirect("fund_assessment:round", self.round.pk)
        return self.render_to_response(self.get_context_data(formset=formset))


class ApplicationView(AssessmentView):
    """A manager's page for one application: its assessors, their scores, comments, flags, decision, history."""

    managers_only = True
    template_name = TEMPLATES + "application.html"

    @cached_property
    def application(self):
        return get_object_or_404(
            Application.objects.select_related(
                "expression_of_interest__round", "expression_of_interest__lead_organisation"
            ),
            pk=self.kwargs["pk"],
            status=ApplicationStatus.SUBMITTED,
        )

    def get_page_title(self):
        return self.application.reference

    def trail(self):
        round_ = self.application.round
        return [{"url": reverse("fund_assessment:round", args=[round_.pk]), "label": str(round_)}]

    def get_context_data(self, assign_form=None, **kwargs):
        application = self.application
        context = application_context(self.request.user, application)
        return super().get_context_data(
            **context,
            assign_form=assign_form or AssignForm(),
            all_assignments=application.assignments.select_related("assessor", "conflict_declaration"),
            history=log_registry.get_logs_for_instance(application)
            .select_related("user")
            .order_by("-timestamp", "-pk"),
            **kwargs,
        )

    def act(self, request):
        if "assessor" in request.POST:
            form = AssignForm(request.POST)
            if not form.is_valid():
                raise ValidationError("Choose an assessor in the Fund assessors group.")
            services.assign_assessor(self.application, form.cleaned_data["assessor"], user=request.user)
            return f"{services._name(form.cleaned_data['assessor'])} is now assessing {self.application.reference}."
        if "check" in request.POST:
            assignment = get_object_or_404(self.application.assignments, pk=request.POST["check"])
            services.check_assessment(assignment, user=request.user)
            return f"{services._name(assignment.assessor)}’s assessment is checked and now counts."
        return discussion_action(request, self.application)


class AssignmentView(AssessmentView):
    """An assessor's page for one application assigned to them: declare, read, score, finish."""

    template_name = TEMPLATES + "assessment.html"

    @cached_property
    def assignment(self):
        return services.assignment_for(self.request.user, self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        if not services.may_see_bids(request.user):
            raise PermissionDenied
        if self.assignment.assessor_id != request.user.pk:
            # A manager is sent to the application's page, where every assessment shows.
            return redirect("fund_assessment:application", self.assignment.application_id)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Assess {self.assignment.application.reference}"

    def get_context_data(self, score_form=None, conflict_form=None, **kwargs):
        assignment = self.assignment
        declaration = getattr(assignment, "conflict_declaration", None)
        context = {"assignment": assignment, "declaration": declaration}
        if declaration is None or declaration.has_conflict or not assignment.active:
            context["conflict_form"] = conflict_form or ConflictForm()
            return super().get_context_data(**context, **kwargs)
        application = assignment.application
        criteria = services.criteria_for(application.round)
        latest = services.latest_scores(assignment)
        context.update(application_context(self.request.user, application))
        context.update(
            own_scores=[(criterion, latest.get(criterion.pk)) for criterion in criteria],
            weighted=services.weighted_score({pk: s.value for pk, s in latest.items()}, criteria),
            may_score=services.may_score(assignment, self.request.user),
            score_form=score_form or ScoreForm(criteria=criteria, latest=latest),
        )
        return super().get_context_data(**context, **kwargs)

    def post(self, request, *args, **kwargs):
        assignment = self.assignment
        if "has_conflict" in request.POST:
            form = ConflictForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(conflict_form=form))
            try:
                services.declare_conflict(assignment, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(request.path)
            if form.cleaned_data["has_conflict"]:
                messages.success(request, "Thank you. The application goes back to the fund managers to reassign.")
                return redirect("fund_assessment:index")
            return redirect(request.path)
        if "save_scores" in request.POST:
            criteria = services.criteria_for(assignment.application.round)
            form = ScoreForm(request.POST, criteria=criteria, latest=services.latest_scores(assignment))
            if not form.is_valid():
                messages.error(request, "There is a problem with your scores: see below.")
                return self.render_to_response(self.get_context_data(score_form=form))
            try:
                added = services.record_scores(assignment, user=request.user, scores=form.scores())
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                return self.render_to_response(self.get_context_data(score_form=form))
            messages.success(request, "Your scores are saved." if added else "Your scores have not changed.")
            return redirect(request.path)
        return super().post(request, *args, **kwargs)

    def act(self, request):
        if "finish" in request.POST:
            services.finish_assessment(self.assignment, user=request.user)
            return "Your assessment is finished. A fund manager will check it."
        return discussion_action(request, self.assignment.application)


def application_context(user, application) -> dict:
    """What the application's pages show of its assessments, to `user`: others' only when the rules allow."""
    round_ = application.round
    criteria = services.criteria_for(round_)
    others_visible = services.others_visible_to(user, application)
    assessments = []
    for assignment in services.active_assignments(application).select_related("conflict_declaration"):
        if assignment.assessor_id != user.pk and not others_visible:
            continue
        latest = services.latest_scores(assignment)
        assessments.append(
            {
                "assignment": assignment,
                "rows": [(criterion, latest.get(criterion.pk)) for criterion in criteria],
                "weighted": services.weighted_score({pk: s.value for pk, s in latest.items()}, criteria),
                "history": assignment.scores.select_related("criterion").order_by("-scored_at", "-pk"),
            }
        )
    flags = application.flags.select_related("raised_by").prefetch_related("steps__user")
    return {
        "application": application,
        "eoi": application.expression_of_interest,
        "round": round_,
        "criteria": criteria,
        "others_visible": others_visible,
        "assessments": assessments,
        "comments": services.comments_visible_to(user, application),
        "comment_form": CommentForm(criteria=round_.criteria.all()),
        "flags": [(flag, services.flag_state(flag)) for flag in flags],
        "flag_form": FlagForm(),
        "is_manager": services.is_manager(user),
        "decision": getattr(application, "decision", None),
    }


def discussion_action(request, application) -> str:
    """Comments and flags, from the assessor's page and the manager's alike."""
    user = request.user
    if "add_comment" in request.POST:
        form = CommentForm(request.POST, criteria=application.round.criteria.all())
        if not form.is_valid():
            raise ValidationError("Choose a criterion and write your comment (up to 3,000 characters).")
        services.add_comment(application, form.cleaned_data["criterion"], user=user, text=form.cleaned_data["text"])
        return "Your comment is added."
    if "edit_comment" in request.POST:
        comment = get_object_or_404(AssessmentComment, pk=request.POST["edit_comment"], application=application)
        form = EditCommentForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Write your comment (up to 3,000 characters).")
        services.edit_comment(comment, user=user, text=form.cleaned_data["text"])
        return "Your comment is changed. The earlier words are kept."
    if "raise_flag" in request.POST:
        form = FlagForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Give the reason for the flag (up to 2,000 characters).")
        services.raise_flag(application, user=user, reason=form.cleaned_data["reason"])
        return "Your flag is raised."
    if "close_flag" in request.POST:
        flag = get_object_or_404(Flag, pk=request.POST["close_flag"], application=application)
        form = CloseFlagForm(request.POST)
        if not form.is_valid():
            raise ValidationError("Choose whether to stop or resolve the flag.")
        services.close_flag(flag, user=user, **form.cleaned_data)
        return f"The flag is {form.cleaned_data['action']}."
    raise Http404


class DecisionView(ApplicationView):
    template_name = TEMPLATES + "decision.html"

    def get_page_title(self):
        return f"Decide {self.application.reference}"

    def trail(self):
        return [
            *super().trail(),
            {
                "url": reverse("fund_assessment:application", args=[self.application.pk]),
                "label": self.application.reference,
            },
        ]

    def get_context_data(self, form=None, **kwargs):
        decision = getattr(self.application, "decision", None)
        initial = (
            {"outcome": decision.outcome, "amount": decision.amount, "feedback": decision.feedback} if decision else {}
        )
        application = self.application
        return WagtailAdminTemplateMixin.get_context_data(
            self,
            application=application,
            form=form or DecisionForm(initial=initial),
            cap=application.round.phase_cap(application.phase),
            notified=services.round_notified(application.round),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decide(self.application, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"The decision on {self.application.reference} is saved.")
                return redirect("fund_assessment:application", self.application.pk)
        return self.render_to_response(self.get_context_data(form=form))


class RankingView(RoundMixin, AssessmentView):
    managers_only = True
    page_title = "Ranking"
    template_name = TEMPLATES + "ranking.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            round=self.round,
            criteria=services.criteria_for(self.round),
            rows=services.ranking(self.round),
            **kwargs,
        )


class NotifyView(RoundMixin, AssessmentView):
    managers_only = True
    page_title = "Notify applicants"
    template_name = TEMPLATES + "notify.html"

    def get_context_data(self, **kwargs):
        decisions = services.Decision.objects.filter(application__expression_of_interest__round=self.round)
        return super().get_context_data(
            round=self.round,
            notified=services.round_notified(self.round),
            funded=decisions.filter(outcome=DecisionOutcome.FUND).count(),
            not_funded=decisions.filter(outcome=DecisionOutcome.DO_NOT_FUND).count(),
            undecided=Application.objects.filter(
                expression_of_interest__round=self.round, status=ApplicationStatus.SUBMITTED, decision__isnull=True
            ).count(),
            **kwargs,
        )

    def act(self, request):
        mailing = services.notify_applicants(self.round, user=request.user)
        return (
            f"We are emailing the decisions to {mailing.deliveries.count()} applicants. "
            f"Decisions in {self.round} can no longer change."
        )

    def after_action(self):
        return reverse("fund_assessment:round", args=[self.round.pk])


class EoiNotifyView(RoundMixin, AssessmentView):
    """A round's "Notify applicants" of the decisions on expressions of interest, reached from that listing."""

    managers_only = True
    page_title = "Notify applicants"
    template_name = TEMPLATES + "notify_expressions_of_interest.html"

    def listing_url(self, **filters):
        return f"{reverse('fund_expressions_of_interest:index')}?{urlencode({'round': self.round.pk, **filters})}"

    def trail(self):
        return [{"url": self.listing_url(), "label": f"Expressions of interest, {self.round}"}]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, *self.trail(), {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        notified = services.eoi_decisions_notified(self.round)
        to_send = {} if notified else services.eoi_decisions_to_send(self.round)
        decisions = [decision for items in to_send.values() for decision in items]
        return super().get_context_data(
            round=self.round,
            notified=notified,
            problem=None if notified else services.eoi_notify_problem(self.round),
            applicants=len(to_send),
            invited=sum(decision["invited"] for decision in decisions),
            declined=sum(not decision["invited"] for decision in decisions),
            undecided_url=self.listing_url(status=EoiStatus.SUBMITTED),
            listing_url=self.listing_url(),
            **kwargs,
        )

    def act(self, request):
        mailing = services.notify_eoi_applicants(self.round, user=request.user)
        count = mailing.deliveries.count()
        return (
            f"We are emailing the decisions to {count} applicant{'' if count == 1 else 's'}. Decisions on "
            f"expressions of interest in {self.round} can no longer change."
        )

    def after_action(self):
        return self.listing_url()


EXPORTS = {
    "expressions-of-interest": services.expressions_of_interest_export,
    "applications": services.applications_export,
    "decisions": services.decisions_export,
}


class Echo:
    def write(self, value):
        return value


def export_view(request, round_pk, kind):
    if not services.is_manager(request.user):
        raise PermissionDenied
    round_ = get_object_or_404(Round, pk=round_pk)
    if kind not in EXPORTS:
        raise Http404
    writer = csv.writer(Echo())
    rows = ([services.csv_safe(cell) for cell in row] for row in EXPORTS[kind](round_))
    response = StreamingHttpResponse((writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{round_.slug}-{kind}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def urlpatterns():
    return [
        path("", IndexView.as_view(), name="index"),
        path("rounds/<int:round_pk>/", RoundView.as_view(), name="round"),
        path("rounds/<int:round_pk>/criteria/", CriteriaView.as_view(), name="criteria"),
        path("rounds/<int:round_pk>/ranking/", RankingView.as_view(), name="ranking"),
        path("rounds/<int:round_pk>/notify/", NotifyView.as_view(), name="notify"),
        path("rounds/<int:round_pk>/notify-expressions-of-interest/", EoiNotifyView.as_view(), name="notify_eoi"),
        path("rounds/<int:round_pk>/export/<slug:kind>.csv", export_view, name="export"),
        path("applications/<int:pk>/", ApplicationView.as_view(), name="application"),
        path("applications/<int:pk>/decision/", DecisionView.as_view(), name="decision"),
        path("assessments/<int:pk>/", AssignmentView.as_view(), name="assessment"),
    ]


class AssessmentMenuItem(MenuItem):
    def is_shown(self, request):
        return services.may_see_bids(request.user)


# The history's wording for each action (the application's and the round's).
LOG_ACTIONS = {
    "funding.assessment.assign": ("Assign an assessor", "Assessor assigned", "assessor"),
    "funding.assessment.no_conflict": ("Declare no conflict", "Assessor declared no conflict of interest", None),
    "funding.assessment.conflict": ("Declare a conflict", "Assessor declared a conflict of interest", "details"),
    "funding.assessment.score": ("Score", "Scores recorded", "scores"),
    "funding.assessment.finish": ("Finish an assessment", "Assessment finished", "assessor"),
    "funding.assessment.check": ("Check an assessment", "Assessment quality checked", "assessor"),
    "funding.assessment.comment": ("Comment", "Comment added", "criterion"),
    "funding.assessment.comment_edit": ("Edit a comment", "Comment edited", "criterion"),
    "funding.assessment.flag": ("Raise a flag", "Flag raised", "reason"),
    "funding.assessment.flag_stopped": ("Stop a flag", "Flag stopped", "note"),
    "funding.assessment.flag_resolved": ("Resolve a flag", "Flag resolved", "note"),
    "funding.assessment.criteria": ("Set criteria", "Criteria set", "criteria"),
    "funding.decision.record": ("Decide", "Decision recorded", "decision"),
    "funding.decision.change": ("Change a decision", "Decision changed", "decision"),
    "funding.decision.notify": ("Notify applicants", "Applicants notified of the decisions", "applicants"),
    "funding.eoi.notified": ("Notify the applicant", "Applicant notified of the decision", None),
    "funding.eoi.notify": (
        "Notify applicants of expressions of interest",
        "Applicants notified of the decisions on their expressions of interest",
        "applicants",
    ),
}


def register_log_actions(actions) -> None:
    for action, (label, message, detail_key) in LOG_ACTIONS.items():
        actions.register_action(action)(_formatter(label, message, detail_key))


def _formatter(label, message, detail_key):
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            detail = (log_entry.data or {}).get(detail_key) if detail_key else None
            if isinstance(detail, list):
                detail = "; ".join(str(item) for item in detail)
            return f"{message}: {detail}" if detail not in (None, "") else message

    Formatter.label, Formatter.message = label, message
    return Formatter
