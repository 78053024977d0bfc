"""The questions of sharing an event, one form per question page.

Each answer's length and choices come from the model (events.models); its
label, hint and messages are given once here. The journey that asks them
(events.views.journey.ShareEvent) also makes the one-page form of the
submitter's change page and the admin's edit and add pages from these forms,
so each rule here holds on every page.
"""

import datetime

from django import forms
from django.utils import timezone

from core.fields import GovUKDateField, GovUKTimeField
from core.formatting import format_date, format_time
from core.forms import ConditionalRevealMixin, choice_messages, email_messages, text_messages
from core.widgets import GovUKCheckboxes, GovUKEmailInput, GovUKRadios, GovUKSelect, GovUKTextarea, GovUKTextInput
from topics.services import all_topics

from .models import VENUE_REGIONS, Event, Repeat
from .schedule import MOST_REPEAT, exists_in_uk, monthly_description

# Events are shared up to this far ahead.
MOST_AHEAD = datetime.timedelta(days=2 * 365)


def _model_field(name, what=None, **kwargs):
    """The model's field as a form field (its length, its choices), with GOV.UK messages."""
    model_field = Event._meta.get_field(name)
    messages = kwargs.pop("error_messages", {})
    if what and getattr(model_field, "max_length", None):
        messages = {**text_messages(what, model_field.max_length), **messages}
    field = model_field.formfield(error_messages=messages, **kwargs)
    field.required = kwargs.get("required", not model_field.blank)
    return field


def _choice(name, label, what, widget, choices=None, **kwargs):
    field = forms.ChoiceField(
        label=label,
        choices=choices or Event._meta.get_field(name).choices,
        widget=widget,
        error_messages=choice_messages(what),
        **kwargs,
    )
    return field


def uk_today() -> datetime.date:
    return timezone.localdate()


class AboutForm(forms.Form):
    title = _model_field("title", "the name of the event", label="Name of the event", widget=GovUKTextInput())
    summary = _model_field(
        "summary",
        "a summary",
        label="Summary",
        help_text="One or two sentences shown in lists of events.",
        widget=GovUKTextarea(rows=3),
    )
    description = _model_field(
        "description",
        "a description",
        label="Description",
        help_text="What happens, who it is for and what people will get from it. "
        "Leave a blank line between paragraphs. Web addresses become links.",
        widget=GovUKTextarea(rows=10),
    )


class KindForm(forms.Form):
    event_type = _choice("event_type", "Type of event", "Select the type of event", GovUKRadios())
    topics = forms.ModelMultipleChoiceField(
        label="Topics",
        queryset=all_topics(),
        required=False,
        help_text="Select all that apply.",
        widget=GovUKCheckboxes(small=True),
        error_messages={
            "invalid_choice": "Select topics from the list",
            "invalid_pk_value": "Select topics from the list",
        },
    )


class WhenForm(ConditionalRevealMixin, forms.Form):
    """The date, the times in UK time or all day, and (optionally) the last day of a multi-day event."""

    start_date = GovUKDateField(
        label="Start date",
        what="the start date",
        help_text="For example, 27 3 2027",
        min_date=uk_today,
        max_date=lambda: uk_today() + MOST_AHEAD,
        error_messages={"min_date": "The start date must be today or in the future"},
    )
    end_date = GovUKDateField(
        label="End date (optional)",
        what="the end date",
        required=False,
        help_text="Only for an event over several days.",
    )
    timing = forms.ChoiceField(
        label="Times",
        choices=[("times", "Starts and ends at set times"), ("all_day", "All day")],
        widget=GovUKRadios(conditional={"times": ["start_time", "end_time"]}),
        error_messages={"required": "Select whether the event is all day", "invalid_choice": "Select an option"},
    )
    start_time = GovUKTimeField(label="Start time (UK time)", what="the start time")
    end_time = GovUKTimeField(label="End time (UK time)", what="the end time")

    def clean(self):
        cleaned = super().clean()
        cleaned["all_day"] = cleaned.get("timing") == "all_day"
        start, end = cleaned.get("start_date"), cleaned.get("end_date") or cleaned.get("start_date")
        if start is None or end is None:
            return cleaned
        if end < start:
            self.add_error("end_date", "The end date must be the same as or after the start date")
        elif not cleaned["all_day"] and cleaned.get("start_time") and cleaned.get("end_time"):
            starts = datetime.datetime.combine(start, cleaned["start_time"])
            if datetime.datetime.combine(end, cleaned["end_time"]) <= starts:
                self.add_error("end_time", "The end time must be after the start time")
            if start == uk_today() and cleaned["start_time"] <= timezone.localtime().time():
                self.add_error("start_time", "The start time must be in the future")
            for name, day in (("start_time", start), ("end_time", end)):
                if name not in self.errors and not exists_in_uk(datetime.datetime.combine(day, cleaned[name])):
                    self.add_error(
                        name,
                        f"The clocks go forward that night, so {format_time(cleaned[name])} does not happen "
                        f"on {format_date(day)}. Enter a time from 2am",
                    )
        cleaned["end_date"] = end
        return cleaned


class RepeatForm(forms.Form):
    repeat = _choice("repeat", "Does the event repeat?", "Select whether the event repeats", GovUKRadios())

    def __init__(self, *args, start_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if start_date:
            widget = self.fields["repeat"].widget
            hints = {Repeat.MONTHLY: f"On {monthly_description(start_date)}"}
            widget.govuk_options = {**widget.govuk_options, "item_hints": hints}


class RepeatUntilForm(forms.Form):
    repeat_until = GovUKDateField(
        label="Repeats until",
        what="the date of the last event",
        help_text="The date of the last one, at most a year from today. For example, 27 3 2027",
        min_date=uk_today,
        max_date=lambda: uk_today() + MOST_REPEAT,
    )

    def __init__(self, *args, start_date: datetime.date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.start_date = start_date

    def clean_repeat_until(self):
        until = self.cleaned_data["repeat_until"]
        if self.start_date and until <= self.start_date:
            raise forms.ValidationError("The date of the last event must be after the first one")
        return until


class FormatForm(forms.Form):
    format = _choice("format", "How do people attend?", "Select how people attend", GovUKRadios())


class VenueForm(forms.Form):
    venue_name = _model_field(
        "venue_name", "the name of the venue", label="Name of the venue", required=True, widget=GovUKTextInput()
    )
    address = _model_field(
        "address",
        "the address",
        label="Address",
        required=True,
        help_text="The street, town or city.",
        widget=GovUKTextarea(rows=3),
    )
    postcode = _model_field(
        "postcode",
        "the postcode",
        label="Postcode",
        required=True,
        widget=GovUKTextInput(classes="govuk-input--width-10", autocomplete="postal-code"),
    )
    region = _choice(
        "region",
        "Region of England",
        "Select the region",
        GovUKSelect(),
        choices=[("", "Select a region"), *VENUE_REGIONS],
    )


class JoiningForm(forms.Form):
    joining_notes = _model_field(
        "joining_notes",
        "how to join",
        label="How to join online",
        required=True,
        help_text="For example, ‘We will email a Teams link to everyone who books.’ Do not give a meeting "
        "password: this is shown publicly.",
        widget=GovUKTextarea(rows=4),
    )


class BookingForm(ConditionalRevealMixin, forms.Form):
    booking_url = forms.URLField(
        label="Booking or event link",
        max_length=500,
        assume_scheme="https",
        help_text="Where people book or find out more, starting with https://",
        widget=GovUKTextInput(input_type="url", spellcheck=False),
        error_messages={
            "required": "Enter the booking or event link",
            "invalid": "Enter a web address starting with https:// or http://",
            "max_length": "The link must be 500 characters or fewer",
        },
    )
    cost = forms.ChoiceField(
        label="Cost",
        choices=[("free", "Free"), ("paid", "Paid")],
        widget=GovUKRadios(conditional={"paid": ["price_note"]}),
        error_messages={"required": "Select whether the event is free", "invalid_choice": "Select an option"},
    )
    price_note = _model_field(
        "price_note",
        "the price",
        label="Price",
        required=True,
        help_text="For example, ‘£50, free for councils’.",
        widget=GovUKTextInput(),
    )

    def clean_booking_url(self):
        url = self.cleaned_data["booking_url"]
        if not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("Enter a web address starting with https:// or http://")
        return url

    def clean(self):
        cleaned = super().clean()
        cleaned["is_free"] = cleaned.get("cost") == "free"
        return cleaned


class OrganiserForm(forms.Form):
    organiser_name = _model_field(
        "organiser_name",
        "the organiser’s name",
        label="Organiser’s name",
        widget=GovUKTextInput(autocomplete="name", spellcheck=False),
    )
    organiser_organisation = _model_field(
        "organiser_organisation",
        "the organisation",
        label="Organisation",
        widget=GovUKTextInput(autocomplete="organization"),
    )
    submitter_email = forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text="We’ll send you a private link to change or cancel the event. We never show it publicly.",
        widget=GovUKEmailInput(),
        error_messages=email_messages("your"),
    )


# (step name, form, heading), in the order they are asked.
SUBMIT_STEPS = [
    ("about", AboutForm, "About the event"),
    ("kind", KindForm, "Type and topics"),
    ("when", WhenForm, "Date and time"),
    ("repeat", RepeatForm, "Repeats"),
    ("repeat_until", RepeatUntilForm, "Last date"),
    ("format", FormatForm, "How people attend"),
    ("venue", VenueForm, "Venue"),
    ("joining", JoiningForm, "Joining online"),
    ("booking", BookingForm, "Booking and cost"),
    ("organiser", OrganiserForm, "Organiser"),
]


class CancelForm(forms.Form):
    """What the submitter cancels: the whole event, or one date of a repeating one."""

    what = forms.ChoiceField(
        label="What do you want to cancel?",
        widget=GovUKRadios(),
        error_messages={"required": "Select what to cancel", "invalid_choice": "Select what to cancel"},
    )

    def __init__(self, *args, dates: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("event", "The whole event"), *dates]
