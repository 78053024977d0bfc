"""Forms for the staff review actions on a commitment in the Wagtail admin."""

from django import forms

from core.forms import text_field
from organisations.models import OrganisationType, Region


class RequestChangesForm(forms.Form):
    message = text_field(
        "What needs to change", "what needs to change", 2000, widget=forms.Textarea(attrs={"rows": 8})
    )


class RejectForm(forms.Form):
    reason = text_field(
        "Why it is not accepted", "why it is not accepted", 2000, widget=forms.Textarea(attrs={"rows": 8})
    )


class CorrectCommitmentForm(forms.Form):
    """Staff correct a published commitment's words: a typo, a wrong partner."""

    title = text_field("Project title", "a title for the project", 150)
    partners = forms.CharField(
        label="Partners", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    mission = text_field("Mission", "the mission", 5000, widget=forms.Textarea(attrs={"rows": 8}))
    impact = text_field("Impact", "the impact", 5000, widget=forms.Textarea(attrs={"rows": 8}))


class CorrectOrganisationForm(forms.Form):
    """Staff correct an organisation's name, type or region, wherever it was mistyped."""

    name = text_field("Name of the organisation", "the name of the organisation", 200)
    organisation_type = forms.ChoiceField(label="Type of organisation", choices=OrganisationType.choices)
    region = forms.ChoiceField(label="Region", choices=Region.choices)


class RemoveSignatoryForm(forms.Form):
    reason = text_field(
        "Why it is removed from the signatories",
        "why it is removed from the signatories",
        2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
