"""Form behaviour shared by every service's questions, and their GOV.UK error messages.

Every error message says what to do, as the GOV.UK Design System asks:
`text_messages("your job title", 100)` gives ‘Enter your job title’ and
‘Your job title must be 100 characters or fewer’.
"""

from django import forms
from django.core.exceptions import ValidationError


def text_messages(what: str, max_length: int) -> dict:
    return {
        "required": f"Enter {what}",
        "max_length": f"{what[0].upper()}{what[1:]} must be {max_length} characters or fewer",
    }


def email_messages(whose: str) -> dict:
    return {
        "required": f"Enter {whose} email address",
        "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        "max_length": "Email address must be 254 characters or fewer",
    }


def choice_messages(what: str) -> dict:
    """For a choice: `what` is the whole message, such as ‘Select the type of organisation’."""
    return {"required": what, "invalid_choice": what}


def count_words(text: str) -> int:
    """Words as the GOV.UK character count component counts them: runs of characters between whitespace."""
    return len(text.split())


class WordLimit:
    """Refuses text longer than `limit` words, counted as the character count component counts them.

    Pair it with `GovUKTextarea(max_words=limit)`, which shows the count as people type.
    """

    def __init__(self, limit: int, what: str):
        self.limit, self.what = limit, what

    def __call__(self, value):
        if count_words(value) > self.limit:
            raise ValidationError(f"{self.what} must be {self.limit} words or fewer")

    def __eq__(self, other):
        return isinstance(other, WordLimit) and (self.limit, self.what) == (other.limit, other.what)


def text_field(label: str, what: str, max_length: int, **kwargs) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=max_length, error_messages=text_messages(what, max_length), **kwargs
    )


def email_field(label: str, whose: str) -> forms.EmailField:
    return forms.EmailField(label=label, max_length=254, error_messages=email_messages(whose))


class ConditionalRevealMixin:
    """Fields revealed by a radio or checkbox option count only when that option is chosen.

    Declare the revealed fields as they should be when shown (usually required) and name them on
    the choice's widget: `GovUKRadios(conditional={"in_person": ["venue_name", "postcode"]})`.
    `{% govuk_field form.attendance %}` then draws them inside the option; without JavaScript
    every option's fields are shown. When their option is not chosen, their answers are dropped
    (`cleaned_data` holds the field's empty value) and their errors are not shown.
    A form's own `clean()` calls `super().clean()` first, so it sees only the answers that count.
    """

    def unrevealed_fields(self) -> set[str]:
        """The fields whose option was not chosen in the submitted data."""
        revealed, conditional_fields = set(), set()
        for name, field in self.fields.items():
            conditional = getattr(field.widget, "govuk_options", {}).get("conditional") or {}
            if not conditional:
                continue
            data = self[name].data
            chosen = {str(value) for value in (data if isinstance(data, list | tuple) else [data])}
            for option, field_names in conditional.items():
                conditional_fields.update(field_names)
                if str(option) in chosen:
                    revealed.update(field_names)
        return conditional_fields - revealed

    def clean(self):
        cleaned_data = super().clean()
        for name in self.unrevealed_fields():
            self.errors.pop(name, None)
            cleaned_data[name] = self.fields[name].to_python(None)
        return cleaned_data
