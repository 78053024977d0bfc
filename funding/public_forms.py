"""The forms of the published expressions of interest: the list's filters, and registering interest in partnering.

The filters are a GET form, so a filtered list has an address people can
share. Every filter is optional; a value the form does not accept is shown as
an error on the page, and the list is filtered by the values that were valid.
"""

from dataclasses import dataclass

from django import forms

from core.forms import email_messages, text_field, text_messages
from core.widgets import GovUKCheckboxes, GovUKEmailInput, GovUKSelect, GovUKTextarea, GovUKTextInput
from declaration import services as declaration

from .models import PhaseName, ServiceArea

MESSAGE_MAX_LENGTH = 2000


@dataclass(frozen=True)
class EoiFilters:
    service_areas: tuple[str, ...] = ()
    phase: str = ""
    principle: str = ""  # a principle's slug

    def any(self) -> bool:
        return bool(self.service_areas or self.phase or self.principle)


class EoiFilterForm(forms.Form):
    service_area = forms.MultipleChoiceField(
        label="Service area",
        choices=ServiceArea.choices,
        required=False,
        widget=GovUKCheckboxes(small=True, label_size="s"),
        error_messages={"invalid_choice": "Select service areas from the list"},
    )
    phase = forms.ChoiceField(
        label="Phase",
        choices=[("", "All phases"), *PhaseName.choices],
        required=False,
        widget=GovUKSelect(),
        error_messages={"invalid_choice": "Select a phase from the list"},
    )
    principle = forms.ChoiceField(
        label="Declaration principle",
        required=False,
        widget=GovUKSelect(),
        error_messages={"invalid_choice": "Select a principle from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principle"].choices = [
            ("", "All principles"),
            *((p.slug, p.title) for p in declaration.principles()),
        ]

    def filters(self) -> EoiFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return EoiFilters(
            service_areas=tuple(data.get("service_area") or ()),
            phase=data.get("phase", ""),
            principle=data.get("principle", ""),
        )


class PartneringInterestForm(forms.Form):
    name = text_field("Your name", "your name", 100, widget=GovUKTextInput(autocomplete="name", spellcheck=False))
    organisation = text_field(
        "Your organisation",
        "the name of your organisation",
        150,
        widget=GovUKTextInput(autocomplete="organization"),
    )
    email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="The lead contact replies to this address.",
        widget=GovUKEmailInput(),
        error_messages=email_messages("your"),
    )
    message = forms.CharField(
        label="Your message",
        help_text="Say who you are, what your organisation could bring to the project, and how to reach you.",
        max_length=MESSAGE_MAX_LENGTH,
        widget=GovUKTextarea(rows=6),
        error_messages=text_messages("your message", MESSAGE_MAX_LENGTH),
    )
    # People never see this field; robots fill it in.
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")

    def is_from_a_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))
