"""The questions of the sign-up journey and of the emailed links.

Every field has a maximum length, and every error message says what to do,
as the GOV.UK Design System asks.
"""

from django import forms
from django.core.exceptions import ValidationError

from organisations.models import OrganisationType, Region

from .models import Commitment, Principle


def count_words(text: str) -> int:
    return len(text.split())


class WordLimit:
    """Refuses text longer than `limit` words, the way the character count component counts."""

    def __init__(self, limit: int, what: str):
        self.limit, self.what = limit, what

    def __call__(self, value):
        if count_words(value) > self.limit:
            raise ValidationError(f"{self.what} must be {self.limit} words or fewer")


def text_field(label, what, max_length, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": f"Enter {what}",
            "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
        },
        **kwargs,
    )


def email_field(label, whose):
    return forms.EmailField(
        label=label,
        max_length=254,
        error_messages={
            "required": f"Enter {whose} email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


class OrganisationForm(forms.Form):
    organisation_name = text_field("Name of your organisation", "the name of your organisation", 200)
    organisation_type = forms.ChoiceField(
        label="Type of organisation",
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the type of organisation",
            "invalid_choice": "Select the type of organisation",
        },
    )
    region = forms.ChoiceField(
        label="Where your organisation works",
        help_text="Choose ‘National’ if it works across England.",
        choices=Region.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select where your organisation works",
            "invalid_choice": "Select where your organisation works",
        },
    )


class ContactForm(forms.Form):
    contact_name = text_field("Full name", "your full name", 100)
    contact_job_title = text_field("Job title", "your job title", 100)
    contact_email = email_field("Email address", "your")
    contact_email.help_text = "We’ll send a link to this address to confirm it."


COMMITMENT_WORD_LIMITS = {"partners": 100, "mission": 250, "impact": 250}


class CommitmentForm(forms.Form):
    title = text_field(
        "Project title",
        "a title for your project",
        150,
        help_text="A short name for what you will do, like ‘Open data for planning applications’.",
    )
    partners = text_field(
        "Partners",
        "your partners",
        2000,
        required=False,
        help_text="Other organisations you will work with, if any.",
        widget=forms.Textarea,
        validators=[WordLimit(COMMITMENT_WORD_LIMITS["partners"], "Partners")],
    )
    mission = text_field(
        "Mission",
        "your mission",
        5000,
        help_text="What you will deliver within a year, and how.",
        widget=forms.Textarea,
        validators=[WordLimit(COMMITMENT_WORD_LIMITS["mission"], "Mission")],
    )
    impact = text_field(
        "Impact",
        "the impact",
        5000,
        help_text="Which users will benefit, and how.",
        widget=forms.Textarea,
        validators=[WordLimit(COMMITMENT_WORD_LIMITS["impact"], "Impact")],
    )
    principles = forms.ModelMultipleChoiceField(
        label="Which principles of the Declaration does it serve?",
        help_text="Select all that apply.",
        queryset=Principle.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one principle",
            "invalid_choice": "Select principles from the list",
            "invalid_pk_value": "Select principles from the list",
        },
    )


class ApproverForm(forms.Form):
    approver_name = text_field("Full name", "the senior approver’s full name", 100)
    approver_job_title = text_field("Job title", "the senior approver’s job title", 100)
    approver_email = email_field("Email address", "the senior approver’s")

    def __init__(self, *args, contact_email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_email = contact_email

    def clean_approver_email(self):
        email = self.cleaned_data["approver_email"]
        if self.contact_email and email.strip().casefold() == self.contact_email.strip().casefold():
            raise ValidationError("The senior approver’s email address must be different from yours")
        return email


class SubmitForm(forms.Form):
    """The button on Check your answers: one key per visit, and a field only robots fill in."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")


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
