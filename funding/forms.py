"""The fund's forms for applicants."""

from django import forms

from core.forms import email_messages
from core.widgets import GovUKEmailInput


class SignInForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages=email_messages("your"),
        widget=GovUKEmailInput(label_size="m"),
        help_text="We’ll email you a link to sign in. It works for 1 hour.",
    )

    def clean_email(self):
        return self.cleaned_data["email"].lower()
