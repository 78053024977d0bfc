"""What people see when a form's fields render as GOV.UK components, and what they get back after an error."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from core.fields import GovUKDateField, GovUKFileField, GovUKTimeField
from core.forms import ConditionalRevealMixin
from core.widgets import (
    GovUKCheckboxes,
    GovUKEmailInput,
    GovUKRadios,
    GovUKSelect,
    GovUKTextarea,
    GovUKTextInput,
    render_field,
)
from tests.html import parse

AUDIENCES = [("councils", "Councils"), ("suppliers", "Suppliers"), ("public", "The public")]


class EventForm(ConditionalRevealMixin, forms.Form):
    title = forms.CharField(
        label="Event title",
        max_length=100,
        help_text="A short name, like ‘Open data show and tell’.",
        widget=GovUKTextInput(label_size="m", spellcheck=False),
        error_messages={"required": "Enter the event title"},
    )
    email = forms.EmailField(label="Email address", widget=GovUKEmailInput())
    summary = forms.CharField(label="Summary", max_length=5000, required=False, widget=GovUKTextarea(max_words=250))
    notes = forms.CharField(label="Notes", max_length=500, required=False, widget=GovUKTextarea(rows=3))
    audience = forms.MultipleChoiceField(  # Django's default widget, a multiple select
        label="Who is it for?", choices=AUDIENCES, error_messages={"required": "Select who the event is for"}
    )
    topics = forms.MultipleChoiceField(
        label="Topics",
        choices=[("data", "Data"), ("cyber", "Cyber security")],
        required=False,
        widget=GovUKCheckboxes(small=True, item_hints={"cyber": "Keeping systems safe"}),
    )
    region = forms.ChoiceField(
        label="Region", choices=[("", "Choose a region"), ("north", "North"), ("south", "South")], widget=GovUKSelect()
    )
    attendance = forms.ChoiceField(
        label="How will people attend?",
        choices=[("in_person", "In person"), ("online", "Online")],
        widget=GovUKRadios(conditional={"in_person": ["venue_name", "postcode"], "online": ["joining_link"]}),
        error_messages={"required": "Select how people will attend"},
    )
    venue_name = forms.CharField(label="Venue name", max_length=100, error_messages={"required": "Enter the venue"})
    postcode = forms.CharField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})
    joining_link = forms.URLField(
        label="Joining link", assume_scheme="https", error_messages={"required": "Enter the joining link"}
    )
    starts_on = GovUKDateField(
        label="Date it starts",
        what="the date the event starts",
        help_text="For example, 27 3 2019",
        min_date=datetime.date(2018, 1, 1),
        max_date=datetime.date(2030, 12, 31),
    )
    starts_at = GovUKTimeField(label="Start time", what="the start time")
    agenda = GovUKFileField(label="Agenda", what="the agenda", max_size=1024 * 1024, extensions=["pdf", "docx"])


VALID = {
    "title": "Open data show and tell",
    "email": "organiser@example.gov.uk",
    "audience": ["councils"],
    "region": "north",
    "attendance": "online",
    "joining_link": "https://meet.example.com/open-data",
    "starts_on_day": "3",
    "starts_on_month": "8",
    "starts_on_year": "2018",
    "starts_at": "2:30pm",
}


def agenda(name="agenda.pdf", size=100):
    return SimpleUploadedFile(name, b"x" * size)


def submitted(changes=None, files=None, **without):
    data = {**VALID, **(changes or {})}
    for name in without:
        data.pop(name)
    form = EventForm(data=data, files={"agenda": agenda()} if files is None else files)
    form.is_valid()
    return form


def rendered(form, name, **options):
    return parse(render_field(form[name], **options))


def error_text(html):
    return html.find(cls="govuk-error-message").text


# Text inputs -----------------------------------------------------------------


def test_a_text_input_has_its_label_hint_and_length_limit():
    html = rendered(EventForm(), "title")
    field = html.find("input", id="id_title")
    assert html.find("label", for_="id_title").text == "Event title"
    assert "govuk-label--m" in html.find("label").classes
    assert html.find(id="id_title-hint").text == "A short name, like ‘Open data show and tell’."
    assert field.attrs["maxlength"] == "100"
    assert field.attrs["spellcheck"] == "false"
    assert field.attrs["aria-describedby"] == "id_title-hint"
    assert not html.find_all(cls="govuk-error-message")


def test_a_text_input_after_an_error_keeps_the_answer_and_links_the_message():
    form = submitted({"title": "x" * 101})
    html = rendered(form, "title")
    field = html.find("input", id="id_title")
    assert field.attrs["value"] == "x" * 101
    assert "govuk-input--error" in field.classes
    assert error_text(html) == "Error: Ensure this value has at most 100 characters (it has 101)."
    assert field.attrs["aria-describedby"].split() == ["id_title-hint", "id_title-error"]
    assert html.find(id="id_title-error") is html.find(cls="govuk-error-message")


def test_an_email_input_asks_browsers_for_an_email_address():
    field = rendered(EventForm(), "email").find("input")
    assert (field.attrs["type"], field.attrs["autocomplete"], field.attrs["spellcheck"]) == ("email", "email", "false")


def test_template_options_override_the_widgets():
    form = EventForm()
    html = parse(
        Template('{% load govuk %}{% govuk_field form.title label_size="l" page_heading=True %}').render(
            Context({"form": form})
        )
    )
    label = html.find("h1", cls="govuk-label-wrapper").find("label")
    assert label.classes == {"govuk-label", "govuk-label--l"}


def test_a_mistyped_option_is_refused():
    with pytest.raises(TypeError, match="max_wrods"):
        GovUKTextarea(max_wrods=250)
    with pytest.raises(TypeError, match="inline"):
        render_field(EventForm()["title"], inline=True)


# Textareas -------------------------------------------------------------------


def test_a_textarea_with_a_word_limit_counts_words_and_keeps_the_answer():
    html = rendered(submitted({"summary": "We will publish planning data"}, title=""), "summary")
    assert html.find(cls="govuk-character-count").attrs["data-maxwords"] == "250"
    textarea = html.find("textarea", id="id_summary")
    assert textarea.text == "We will publish planning data"
    assert "maxlength" not in textarea.attrs  # the count warns; it does not cut people off


def test_a_textarea_with_a_maximum_length_counts_characters():
    html = rendered(EventForm(), "notes")
    assert html.find(cls="govuk-character-count").attrs["data-maxlength"] == "500"
    assert html.find("textarea").attrs["rows"] == "3"


# Choices ---------------------------------------------------------------------


def test_a_multiple_choice_shows_checkboxes_not_a_multiple_select():
    html = rendered(EventForm(), "audience")
    assert not html.find_all("select")
    boxes = html.find_all("input", type="checkbox")
    assert [box.attrs["value"] for box in boxes] == ["councils", "suppliers", "public"]
    assert html.find("legend").text == "Who is it for?"
    assert boxes[0].attrs["id"] == "id_audience"  # the error summary's link lands here


def test_checkboxes_keep_what_was_ticked_after_an_error():
    html = rendered(submitted({"audience": ["councils", "public"], "title": ""}), "audience")
    ticked = [box.attrs["value"] for box in html.find_all("input", type="checkbox") if "checked" in box.attrs]
    assert ticked == ["councils", "public"]


def test_checkboxes_can_be_small_with_a_hint_per_option():
    html = rendered(EventForm(), "topics")
    assert "govuk-checkboxes--small" in html.find(cls="govuk-checkboxes").classes
    assert html.find(id="id_topics-2-item-hint").text == "Keeping systems safe"


def test_a_missing_choice_says_what_to_select():
    html = rendered(submitted(audience=[]), "audience")
    assert error_text(html) == "Error: Select who the event is for"


def test_a_select_keeps_the_chosen_option_after_an_error():
    html = rendered(submitted({"region": "south", "title": ""}), "region")
    options = html.find("select", id="id_region").find_all("option")
    assert [option.text for option in options] == ["Choose a region", "North", "South"]
    assert [option.attrs["value"] for option in options if "selected" in option.attrs] == ["south"]


def test_radios_keep_the_chosen_option_and_can_sit_inline():
    html = rendered(submitted({"attendance": "online", "title": ""}), "attendance", inline=True)
    assert "govuk-radios--inline" in html.find(cls="govuk-radios").classes
    chosen = [radio.attrs["value"] for radio in html.find_all("input", type="radio") if "checked" in radio.attrs]
    assert chosen == ["online"]


# Conditional reveal ----------------------------------------------------------


def conditional_for(html, value):
    radio = html.find("input", type="radio", value=value)
    return html.find(id=radio.attrs["data-aria-controls"])


def test_an_option_reveals_its_fields_which_are_hidden_until_chosen_only_with_javascript():
    html = rendered(EventForm(), "attendance")
    in_person = conditional_for(html, "in_person")
    assert "govuk-radios__conditional--hidden" in in_person.classes  # GOV.UK Frontend hides it only with JS
    assert in_person.find("label", for_="id_venue_name").text == "Venue name"
    assert in_person.find("input", id="id_postcode")
    assert conditional_for(html, "online").find("input", id="id_joining_link")


def test_revealed_fields_are_required_only_when_their_option_is_chosen():
    online = submitted({"attendance": "online"})
    assert online.is_valid(), online.errors
    assert online.cleaned_data["venue_name"] == ""

    in_person = submitted({"attendance": "in_person"})
    assert set(in_person.errors) == {"venue_name", "postcode"}
    assert in_person.errors["venue_name"] == ["Enter the venue"]


def test_answers_to_an_option_not_chosen_are_dropped_with_their_errors():
    form = submitted({"attendance": "online", "venue_name": "Town hall", "postcode": "x" * 11})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["venue_name"], form.cleaned_data["postcode"]) == ("", "")
    assert form.cleaned_data["joining_link"] == "https://meet.example.com/open-data"


def test_the_chosen_option_shows_its_fields_open_with_their_errors():
    html = rendered(submitted({"attendance": "in_person", "venue_name": "Town hall"}), "attendance")
    in_person = conditional_for(html, "in_person")
    assert "govuk-radios__conditional--hidden" not in in_person.classes
    assert in_person.find("input", id="id_venue_name").attrs["value"] == "Town hall"
    assert error_text(in_person) == "Error: Enter the postcode"


def test_conditional_reveal_needs_the_form_mixin():
    class PlainForm(forms.Form):
        attendance = forms.ChoiceField(choices=[("a", "A")], widget=GovUKRadios(conditional={"a": ["other"]}))
        other = forms.CharField()

    with pytest.raises(ImproperlyConfigured, match="ConditionalRevealMixin"):
        render_field(PlainForm()["attendance"])


# Dates -----------------------------------------------------------------------


def date_boxes(html):
    return {part: html.find("input", id=f"id_starts_on_{part}") for part in ("day", "month", "year")}


def flagged(html):
    return [part for part, box in date_boxes(html).items() if "govuk-input--error" in box.classes]


def submitted_date(day, month, year):
    return submitted({"starts_on_day": day, "starts_on_month": month, "starts_on_year": year})


def test_a_date_is_three_labelled_boxes_in_a_fieldset():
    html = rendered(EventForm(initial={"starts_on": datetime.date(2019, 3, 27)}), "starts_on")
    assert html.find("legend").text == "Date it starts"
    assert html.find(id="id_starts_on-hint").text == "For example, 27 3 2019"
    boxes = date_boxes(html)
    assert [html.find("label", for_=box.attrs["id"]).text for box in boxes.values()] == ["Day", "Month", "Year"]
    assert [box.attrs["value"] for box in boxes.values()] == ["27", "3", "2019"]
    assert [box.attrs["name"] for box in boxes.values()] == ["starts_on_day", "starts_on_month", "starts_on_year"]
    assert all(box.attrs["inputmode"] == "numeric" for box in boxes.values())
    assert flagged(html) == []


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("3", "8", "2018", datetime.date(2018, 8, 3)),
        (" 03 ", "08", "2018", datetime.date(2018, 8, 3)),
        ("3", "Aug", "2018", datetime.date(2018, 8, 3)),
        ("3", "august", "2018", datetime.date(2018, 8, 3)),
    ],
)
def test_a_date_is_read_as_people_type_it(day, month, year, expected):
    form = submitted_date(day, month, year)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_on"] == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "wrong"),
    [
        ("", "", "", "Enter the date the event starts", ["day", "month", "year"]),
        ("3", "", "2018", "The date the event starts must include a month", ["month"]),
        ("", "", "2018", "The date the event starts must include a day and month", ["day", "month"]),
        ("3", "13", "2018", "The date the event starts must be a real date", ["month"]),
        ("x", "8", "2018", "The date the event starts must be a real date", ["day"]),
        ("30", "2", "2019", "The date the event starts must be a real date", ["day"]),
        ("3", "8", "18", "Year must include 4 numbers", ["year"]),
        (
            "31",
            "12",
            "2017",
            "The date the event starts must be the same as or after 1 January 2018",
            ["day", "month", "year"],
        ),
        (
            "1",
            "1",
            "2031",
            "The date the event starts must be the same as or before 31 December 2030",
            ["day", "month", "year"],
        ),
    ],
)
def test_a_wrong_date_says_what_to_fix_flags_only_the_wrong_part_and_keeps_what_was_typed(
    day, month, year, message, wrong
):
    form = submitted_date(day, month, year)
    assert form.errors["starts_on"] == [message]
    html = rendered(form, "starts_on")
    assert error_text(html) == f"Error: {message}"
    assert flagged(html) == wrong
    assert [box.attrs["value"] for box in date_boxes(html).values()] == [day, month, year]
    assert "id_starts_on-error" in html.find("fieldset").attrs["aria-describedby"].split()


def test_an_optional_date_left_empty_is_none():
    class OptionalDate(forms.Form):
        ends_on = GovUKDateField(required=False)

    form = OptionalDate(data={"ends_on_day": "", "ends_on_month": "", "ends_on_year": ""})
    assert form.is_valid()
    assert form.cleaned_data["ends_on"] is None


# Times -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", datetime.time(14, 30)),
        ("2:30pm", datetime.time(14, 30)),
        ("2.30 PM", datetime.time(14, 30)),
        ("9am", datetime.time(9, 0)),
        ("12am", datetime.time(0, 0)),
        ("12pm", datetime.time(12, 0)),
        ("midday", datetime.time(12, 0)),
        ("Midnight", datetime.time(0, 0)),
    ],
)
def test_a_time_is_read_as_people_type_it(typed, expected):
    form = submitted({"starts_at": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["starts_at"] == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the start time"),
        ("soon", "Enter the start time in the correct format, like 14:30 or 2:30pm"),
        ("25:00", "The start time must be a real time"),
        ("10:75", "The start time must be a real time"),
        ("13pm", "The start time must be a real time"),
    ],
)
def test_a_wrong_time_says_what_to_fix_and_keeps_what_was_typed(typed, message):
    form = submitted({"starts_at": typed})
    html = rendered(form, "starts_at")
    assert error_text(html) == f"Error: {message}"
    assert html.find("input", id="id_starts_at").attrs["value"] == typed


def test_a_time_box_gives_an_example_and_shows_a_stored_time_on_the_24_hour_clock():
    html = rendered(EventForm(initial={"starts_at": datetime.time(9, 5)}), "starts_at")
    assert html.find(id="id_starts_at-hint").text == "For example, 14:30 or 2:30pm"
    assert html.find("input").attrs["value"] == "09:05"
    assert "govuk-input--width-5" in html.find("input").classes


# File upload -----------------------------------------------------------------


def test_a_file_upload_says_which_files_it_takes():
    html = rendered(EventForm(), "agenda")
    field = html.find("input", id="id_agenda")
    assert (field.attrs["type"], field.attrs["accept"]) == ("file", ".pdf,.docx")
    assert "govuk-file-upload" in field.classes
    assert html.find("label", for_="id_agenda").text == "Agenda"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select the agenda"),
        (agenda(size=1024 * 1024 + 1), "The selected file must be smaller than 1MB"),
        (agenda("agenda.exe"), "The selected file must be a PDF or DOCX"),
        (agenda(size=0), "The selected file is empty"),
    ],
)
def test_a_file_that_is_missing_too_big_empty_or_the_wrong_type_is_refused(upload, message):
    form = submitted(files={"agenda": upload} if upload else {})
    assert form.errors["agenda"] == [message]
    assert error_text(rendered(form, "agenda")) == f"Error: {message}"


def test_a_file_within_the_limits_is_accepted():
    form = submitted(files={"agenda": agenda("Agenda.DOCX", size=1024 * 1024)})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["agenda"].name == "Agenda.DOCX"


# Error summary ---------------------------------------------------------------


def summary_links(form):
    html = parse(Template("{% load govuk %}{% govuk_error_summary form %}").render(Context({"form": form})))
    return [(link.text, link.attrs["href"]) for link in html.find(cls="govuk-error-summary").find_all("a")]


def test_the_error_summary_links_each_error_to_the_input_to_correct():
    form = submitted(
        {"title": "", "attendance": "in_person", "postcode": "SW1A 1AA", "starts_on_month": "13"}, audience=[]
    )
    assert summary_links(form) == [
        ("Enter the event title", "#id_title"),
        ("Select who the event is for", "#id_audience"),
        ("Enter the venue", "#id_venue_name"),
        ("The date the event starts must be a real date", "#id_starts_on_month"),
    ]


def test_the_error_summary_links_a_date_out_of_bounds_to_its_day():
    form = submitted_date("31", "12", "2017")
    assert summary_links(form) == [
        ("The date the event starts must be the same as or after 1 January 2018", "#id_starts_on_day")
    ]


def test_no_errors_no_summary():
    assert Template("{% load govuk %}{% govuk_error_summary form %}").render(Context({"form": submitted()})) == ""
