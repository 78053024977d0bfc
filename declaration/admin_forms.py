"""Forms for the staff review actions on a commitment in the Wagtail admin."""

from django import forms

from .forms import text_field


class RequestChangesForm(forms.Form):
    message = text_field(
        "What needs to change", "what needs to change", 2000, widget=forms.Textarea(attrs={"rows": 8})
    )


class RejectForm(forms.Form):
    reason = text_field(
        "Why it is not accepted", "why it is not accepted", 2000, widget=forms.Textarea(attrs={"rows": 8})
    )


class ConfirmForm(forms.Form):
    """No fields: the POST itself (with its CSRF token) is the confirmation."""
