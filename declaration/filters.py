"""GET forms that filter the Declaration's public lists.

Every field is optional. A value the form does not accept is shown as an
error on the page; the list is then filtered by the values that were valid.
"""

from django import forms

from organisations.models import OrganisationType, Region

from .models import Principle
from .queries import LETTERS

NAME_MAX_LENGTH = 100


class SignatoryFilterForm(forms.Form):
    q = forms.CharField(
        label="Organisation name",
        max_length=NAME_MAX_LENGTH,
        required=False,
        error_messages={"max_length": f"Organisation name must be {NAME_MAX_LENGTH} characters or fewer"},
    )
    type = forms.ChoiceField(
        label="Type of organisation",
        choices=[("", "All types"), *OrganisationType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of organisation from the list"},
    )
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "All regions"), *Region.choices],
        required=False,
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    # Set by the A to Z links, not shown as a control.
    letter = forms.CharField(
        max_length=1,
        required=False,
        error_messages={"max_length": "Select a letter from A to Z"},
    )

    def clean_letter(self):
        letter = self.cleaned_data["letter"].upper()
        if letter and letter not in LETTERS:
            raise forms.ValidationError("Select a letter from A to Z")
        return letter

    def filters(self) -> dict:
        """The valid filters, as keyword arguments for queries.filter_signatories."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "q": data.get("q", ""),
            "organisation_type": data.get("type", ""),
            "region": data.get("region", ""),
            "letter": data.get("letter", ""),
        }


class ProjectFilterForm(forms.Form):
    principle = forms.ModelChoiceField(
        label="Principle",
        queryset=Principle.objects.only("title", "sort_order"),
        empty_label="All principles",
        required=False,
        error_messages={"invalid_choice": "Select a principle from the list"},
    )

    def chosen_principle(self) -> Principle | None:
        """The principle to filter by, or None for all (also when the value given was not valid)."""
        self.is_valid()
        return self.cleaned_data.get("principle")
