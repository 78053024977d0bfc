"""The GET form that filters the lists of events, so a filtered list has an address people can share.

Every field is optional. A value the form does not accept is shown as an
error on the page, and the list is filtered by the values that were valid.
Quick ranges (today, this week, this month, next month) are worked out in
UK time.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.utils import timezone

from core.fields import GovUKDateField
from core.widgets import GovUKCheckbox, GovUKRadios, GovUKSelect, GovUKTextInput
from topics.services import all_topics

from .models import VENUE_REGIONS, EventFormat, EventType

KEYWORD_MAX_LENGTH = 100

QUICK_RANGES = [
    ("today", "Today"),
    ("this-week", "This week"),
    ("this-month", "This month"),
    ("next-month", "Next month"),
]


def quick_range(name: str, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a quick range; a week runs Monday to Sunday."""
    if name == "today":
        return today, today
    if name == "this-week":
        return today, today + datetime.timedelta(days=6 - today.weekday())
    first_of_next = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    if name == "this-month":
        return today, first_of_next - datetime.timedelta(days=1)
    first_after = (first_of_next + datetime.timedelta(days=32)).replace(day=1)
    return first_of_next, first_after - datetime.timedelta(days=1)


@dataclass(frozen=True)
class EventFilters:
    keyword: str = ""
    region: str = ""
    event_type: str = ""
    format: str = ""
    topic: str = ""
    free_only: bool = False
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def any(self) -> bool:
        return any(value for value in vars(self).values())


class EventFilterForm(forms.Form):
    q = forms.CharField(
        label="Keyword",
        max_length=KEYWORD_MAX_LENGTH,
        required=False,
        widget=GovUKTextInput(input_type="search", spellcheck=False),
        error_messages={"max_length": f"Keyword must be {KEYWORD_MAX_LENGTH} characters or fewer"},
    )
    when = forms.ChoiceField(
        label="When",
        choices=[("", "Any time"), *QUICK_RANGES],
        required=False,
        widget=GovUKRadios(small=True),
        error_messages={"invalid_choice": "Select when from the list"},
    )
    date_from = GovUKDateField(
        label="From", what="the ‘from’ date", required=False, help_text="For example, 27 3 2027"
    )
    date_to = GovUKDateField(label="To", what="the ‘to’ date", required=False, help_text="For example, 27 4 2027")
    region = forms.ChoiceField(
        label="Region",
        choices=[("", "All regions"), *VENUE_REGIONS],
        required=False,
        widget=GovUKSelect(),
        error_messages={"invalid_choice": "Select a region from the list"},
    )
    type = forms.ChoiceField(
        label="Type of event",
        choices=[("", "All types"), *EventType.choices],
        required=False,
        widget=GovUKSelect(),
        error_messages={"invalid_choice": "Select a type of event from the list"},
    )
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "In person or online"), *EventFormat.choices],
        required=False,
        widget=GovUKSelect(),
        error_messages={"invalid_choice": "Select a format from the list"},
    )
    topic = forms.ChoiceField(
        label="Topic",
        required=False,
        widget=GovUKSelect(),
        error_messages={"invalid_choice": "Select a topic from the list"},
    )
    free = forms.BooleanField(label="Free events only", required=False, widget=GovUKCheckbox())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [("", "All topics"), *all_topics().values_list("slug", "name")]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned

    def filters(self, today: datetime.date | None = None) -> EventFilters:
        """The valid filters; a quick range sets the dates."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if data.get("when"):
            date_from, date_to = quick_range(data["when"], today or timezone.localdate())
        return EventFilters(
            keyword=data.get("q", ""),
            region=data.get("region", ""),
            event_type=data.get("type", ""),
            format=data.get("format", ""),
            topic=data.get("topic", ""),
            free_only=bool(data.get("free")),
            date_from=date_from,
            date_to=date_to if "date_to" not in self.errors else None,
        )
