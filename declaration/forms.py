"""The questions of the sign-up journey and of the emailed links.

Each answer's field is defined once: on the model (its length, its choices)
and in these forms (its label, hint and messages). The journey's Check your
answers and the admin's inspect page are both built from SIGN_UP_STEPS.
Every error message says what to do, as the GOV.UK Design System asks.
"""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import WordLimit, choice_messages, email_field, email_messages, text_field, text_messages
from core.journeys import instance_rows
from core.widgets import GovUKCheckboxes, GovUKEmailInput, GovUKRadios, GovUKTextarea, GovUKTextInput
from organisations.models import Organisation

from .models import Commitment


class SummaryRows:
    """Check your answers and the admin show this form's questions answered by a stored commitment."""

    sources: dict = {}

    @classmethod
    def rows_for(cls, commitment: Commitment) -> list[tuple[str, str]]:
        return instance_rows(cls, commitment, cls.sources)


def _organisation_field(name, **kwargs):
    return Organisation._meta.get_field(name).formfield(**kwargs)


class OrganisationForm(SummaryRows, forms.Form):
    # The organisation's own fields, named for the journey: a new organisation is made from them.
    organisation_name = _organisation_field(
        "name",
        label="Name of your organisation",
        widget=GovUKTextInput(label_size="m", autocomplete="organization", spellcheck=False),
        error_messages=text_messages("the name of your organisation", 200),
    )
    organisation_type = _organisation_field(
        "organisation_type",
        label="Type of organisation",
        widget=GovUKRadios(label_size="m"),
        error_messages=choice_messages("Select the type of organisation"),
    )
    region = _organisation_field(
        "region",
        label="Where your organisation works",
        help_text="Choose ‘National’ if it works across England.",
        widget=GovUKRadios(label_size="m"),
        error_messages=choice_messages("Select where your organisation works"),
    )

    sources = {
        "organisation_name": "organisation.name",
        "organisation_type": "organisation.organisation_type",
        "region": "organisation.region",
    }


class ContactForm(SummaryRows, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["contact_name", "contact_job_title", "contact_email"]
        labels = {"contact_name": "Full name", "contact_job_title": "Job title", "contact_email": "Email address"}
        help_texts = {"contact_email": "We’ll send a link to this address to confirm it."}
        widgets = {
            "contact_name": GovUKTextInput(label_size="s", autocomplete="name", spellcheck=False),
            "contact_job_title": GovUKTextInput(label_size="s", autocomplete="organization-title"),
            "contact_email": GovUKEmailInput(label_size="s"),
        }
        error_messages = {
            "contact_name": text_messages("your full name", 100),
            "contact_job_title": text_messages("your job title", 100),
            "contact_email": email_messages("your"),
        }


COMMITMENT_WORD_LIMITS = {"partners": 100, "mission": 250, "impact": 250}


class CommitmentForm(SummaryRows, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["title", "partners", "mission", "impact", "principles"]
        labels = {
            "title": "Project title",
            "partners": "Partners",
            "mission": "Mission",
            "impact": "Impact",
            "principles": "Which principles of the Declaration does it serve?",
        }
        help_texts = {
            "title": "A short name for what you will do, like ‘Open data for planning applications’.",
            "partners": "Other organisations you will work with, if any.",
            "mission": "What you will deliver within a year, and how.",
            "impact": "Which users will benefit, and how.",
            "principles": "Select all that apply.",
        }
        widgets = {
            "title": GovUKTextInput(label_size="s"),
            "partners": GovUKTextarea(label_size="s", max_words=COMMITMENT_WORD_LIMITS["partners"], rows=3),
            "mission": GovUKTextarea(label_size="s", max_words=COMMITMENT_WORD_LIMITS["mission"]),
            "impact": GovUKTextarea(label_size="s", max_words=COMMITMENT_WORD_LIMITS["impact"]),
            "principles": GovUKCheckboxes(label_size="s"),
        }
        error_messages = {
            "title": text_messages("a title for your project", 150),
            "partners": text_messages("your partners", 2000),
            "mission": text_messages("your mission", 5000),
            "impact": text_messages("the impact", 5000),
            "principles": {
                "required": "Select at least one principle",
                "invalid_choice": "Select principles from the list",
                "invalid_pk_value": "Select principles from the list",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in COMMITMENT_WORD_LIMITS.items():
            self.fields[name].validators.append(WordLimit(limit, self.fields[name].label))


class ApproverForm(SummaryRows, forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["approver_name", "approver_job_title", "approver_email"]
        labels = {"approver_name": "Full name", "approver_job_title": "Job title", "approver_email": "Email address"}
        widgets = {
            "approver_name": GovUKTextInput(label_size="s", spellcheck=False),
            "approver_job_title": GovUKTextInput(label_size="s"),
            "approver_email": GovUKEmailInput(label_size="s", autocomplete="off"),
        }
        error_messages = {
            "approver_name": text_messages("the senior approver’s full name", 100),
            "approver_job_title": text_messages("the senior approver’s job title", 100),
            "approver_email": email_messages("the senior approver’s"),
        }

    def __init__(self, *args, contact_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_email = contact_email

    def clean_approver_email(self):
        email = self.cleaned_data["approver_email"]
        if self.contact_email and email.strip().casefold() == self.contact_email.strip().casefold():
            raise ValidationError("The senior approver’s email address must be different from yours")
        return email


# (step name, form, heading on Check your answers, heading in the admin), in the order they are asked.
SIGN_UP_STEPS = [
    ("organisation", OrganisationForm, "Your organisation", "Organisation"),
    ("contact", ContactForm, "Your details", "Contact"),
    ("commitment", CommitmentForm, "Your commitment", "Commitment"),
    ("approver", ApproverForm, "Senior approver", "Senior approver"),
]


class ResendForm(forms.Form):
    email = email_field("Email address", "your")


class AmendForm(CommitmentForm):
    """The contact changes their commitment after staff asked for changes."""

    @classmethod
    def for_commitment(cls, commitment: Commitment, data=None):
        initial = {
            "title": commitment.title,
            "partners": commitment.partners,
            "mission": commitment.mission,
            "impact": commitment.impact,
            "principles": list(commitment.principles.values_list("pk", flat=True)),
        }
        return cls(data=data, initial=initial)


class SigningForm(forms.Form):
    name = text_field("Your full name", "your full name", 100)
    job_title = text_field("Your job title", "your job title", 100)
    confirm = forms.BooleanField(
        label="I sign the Local Digital Declaration on behalf of my organisation",
        error_messages={"required": "Confirm that you sign on behalf of your organisation"},
    )
