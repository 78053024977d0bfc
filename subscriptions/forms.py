"""The questions of email updates. Every error message says what to do."""

from django import forms

from core.forms import choice_messages, email_messages
from core.widgets import GovUKCheckboxes, GovUKEmailInput, GovUKRadios
from topics.services import all_topics

from .models import Subscriber


def _email_field(label: str, whose: str) -> forms.EmailField:
    return forms.EmailField(
        label=label, max_length=254, error_messages=email_messages(whose), widget=GovUKEmailInput(label_size="m")
    )


class ChoicesForm(forms.Form):
    """What about, and how often: asked when subscribing and when managing."""

    topics = forms.ModelMultipleChoiceField(
        label="What do you want to hear about?",
        queryset=all_topics(),
        help_text="Select all that apply.",
        widget=GovUKCheckboxes(label_size="m"),
        error_messages={
            "required": "Select at least one topic",
            "invalid_choice": "Select topics from the list",
            "invalid_pk_value": "Select topics from the list",
        },
    )
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=Subscriber.Frequency.choices,
        widget=GovUKRadios(
            label_size="m",
            item_hints={
                Subscriber.Frequency.IMMEDIATE: "An email each time something is published",
                Subscriber.Frequency.DAILY: "One email each morning, when there is news",
                Subscriber.Frequency.WEEKLY: "One email on Monday mornings, when there is news",
            },
        ),
        error_messages=choice_messages("Select how often you want emails"),
    )


class SubscribeForm(ChoicesForm):
    email = _email_field("Email address", "your")

    field_order = ["email", "topics", "frequency"]


class EmailForm(forms.Form):
    email = _email_field("Email address", "your")


class NewEmailForm(forms.Form):
    email = _email_field("New email address", "your new")

    def __init__(self, *args, current_email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.current_email = current_email

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email.strip().lower() == self.current_email.lower():
            raise forms.ValidationError("Enter a different email address from the one we send updates to now")
        return email
