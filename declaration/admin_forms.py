"""Forms for the staff review actions on a commitment in the Wagtail admin."""

from django import forms


class RequestChangesForm(forms.Form):
    message = forms.CharField(
        label="What needs to change",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter what needs to change",
            "max_length": "What needs to change must be 2000 characters or fewer",
        },
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Why it is not accepted",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter why it is not accepted",
            "max_length": "Why it is not accepted must be 2000 characters or fewer",
        },
    )


class ConfirmForm(forms.Form):
    """No fields: the POST itself (with its CSRF token) is the confirmation."""
