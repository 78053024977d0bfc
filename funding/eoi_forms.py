"""The questions of the expression of interest, one form per step.

Each answer's limits are defined once, on `ExpressionOfInterest` (its length,
its choices), and these ModelForms take them from there; the round's rules
(who may lead, the phases and their caps) come from funding.services and the
round the draft is for.
"""

from django import forms
from django.core.exceptions import ValidationError

from core.fields import GovUKMoneyField
from core.formatting import format_pounds
from core.forms import WordLimit, choice_messages, text_messages
from core.widgets import GovUKCheckboxes, GovUKRadios, GovUKSelect, GovUKTextarea, GovUKTextInput
from declaration import services as declaration
from organisations.models import Organisation

from . import services
from .models import MAX_AMOUNT, ExpressionOfInterest, Round

PROBLEM_WORDS = 250
MAX_PARTNERS = 10


class RoundForm(forms.ModelForm):
    """A step whose questions depend on the round the draft is for."""

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round


class LeadForm(RoundForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["lead_organisation"]
        labels = {"lead_organisation": "Lead organisation"}
        widgets = {"lead_organisation": GovUKSelect(label_size="s")}
        error_messages = {
            "lead_organisation": choice_messages("Select the organisation that will lead the bid from the list")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["lead_organisation"]
        field.queryset = declaration.signatory_organisations()
        field.empty_label = "Choose an organisation"
        field.help_text = (
            "The organisation that will receive the funding and manage the project. "
            "Only organisations that have signed the Local Digital Declaration are listed."
        )

    def clean_lead_organisation(self):
        organisation = self.cleaned_data["lead_organisation"]
        problem = services.lead_problem(self.round, organisation)
        if problem:
            raise ValidationError(problem)
        return organisation


class ContactForm(forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["contact_name", "contact_job_title"]
        labels = {"contact_name": "Full name", "contact_job_title": "Job title"}
        widgets = {
            "contact_name": GovUKTextInput(label_size="s", autocomplete="name", spellcheck=False),
            "contact_job_title": GovUKTextInput(label_size="s", autocomplete="organization-title"),
        }
        error_messages = {
            "contact_name": text_messages("your full name", 100),
            "contact_job_title": text_messages("your job title", 100),
        }


class PartnerForm(forms.Form):
    # Typed, not chosen: a partner not yet in our records can be named now and sign before the bid is sent.
    partner_name = Organisation._meta.get_field("name").formfield(
        label="Name of the partner organisation",
        help_text="As it signed the Local Digital Declaration, for example ‘Kent County Council’.",
        widget=GovUKTextInput(label_size="s", autocomplete="organization", spellcheck=False),
        error_messages=text_messages("the name of the partner organisation", 200),
    )


class TitleForm(forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["title"]
        labels = {"title": "Project title"}
        help_texts = {"title": "A short name for what you want to do, like ‘Online planning applications’."}
        widgets = {"title": GovUKTextInput(label_size="s")}
        error_messages = {"title": text_messages("a project title", 150)}


class ProblemForm(forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["problem", "affected"]
        labels = {"problem": "The problem you want to solve", "affected": "Who it affects"}
        help_texts = {
            "problem": "What goes wrong today, and why it matters.",
            "affected": "The residents, staff or businesses who meet the problem, and how many.",
        }
        widgets = {
            "problem": GovUKTextarea(label_size="s", max_words=PROBLEM_WORDS),
            "affected": GovUKTextarea(label_size="s", rows=4),
        }
        error_messages = {
            "problem": text_messages("the problem you want to solve", 2500),
            "affected": text_messages("who it affects", 1500),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].validators.append(WordLimit(PROBLEM_WORDS, "The problem"))


class ServiceAreaForm(forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["service_area"]
        labels = {"service_area": "Which service area is it in?"}
        widgets = {"service_area": GovUKRadios(label_size="s")}
        error_messages = {"service_area": choice_messages("Select the service area")}


class PhaseForm(RoundForm):
    estimated_cost = GovUKMoneyField(
        label="Estimated cost",
        what="the estimated cost",
        max_value=MAX_AMOUNT,
        help_text="In pounds, for the whole project, for example 75000.",
    )

    class Meta:
        model = ExpressionOfInterest
        fields = ["phase", "estimated_cost"]
        labels = {"phase": "Which phase are you bidding for?"}
        widgets = {"phase": GovUKRadios(label_size="s")}
        error_messages = {"phase": choice_messages("Select the phase you are bidding for")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [
            (phase.name, f"{phase.get_name_display()}, up to {format_pounds(phase.cap)}")
            for phase in self.round.phases.all()
        ]

    def clean(self):
        cleaned_data = super().clean()
        phase, cost = cleaned_data.get("phase"), cleaned_data.get("estimated_cost")
        cap = self.round.phase_cap(phase) if phase else None
        if cap is not None and cost is not None and cost > cap:
            label = dict(self.fields["phase"].choices).get(phase, phase).split(",")[0].lower()
            self.add_error("estimated_cost", f"The estimated cost must be {format_pounds(cap)} or less for {label}")
        return cleaned_data


class PrinciplesForm(forms.ModelForm):
    class Meta:
        model = ExpressionOfInterest
        fields = ["principles"]
        labels = {"principles": "Which principles of the Local Digital Declaration does it serve?"}
        help_texts = {"principles": "Select all that apply."}
        widgets = {"principles": GovUKCheckboxes(label_size="s")}
        error_messages = {
            "principles": {
                "required": "Select at least one principle",
                "invalid_choice": "Select principles from the list",
                "invalid_pk_value": "Select principles from the list",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principles"].queryset = declaration.principles()


class PublishForm(forms.ModelForm):
    may_publish = forms.TypedChoiceField(
        label="Can we publish your expression of interest?",
        help_text=(
            "We show published ones on the fund’s list of expressions of interest, so others working on the "
            "same problem can find you and offer to partner. We never show your email address."
        ),
        choices=[(True, "Yes"), (False, "No")],
        coerce=lambda value: value in (True, "True"),
        widget=GovUKRadios(label_size="s", inline=True),
        error_messages=choice_messages("Select yes if we can publish your expression of interest"),
    )

    class Meta:
        model = ExpressionOfInterest
        fields = ["may_publish"]
