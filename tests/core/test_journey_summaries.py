"""Check your answers rows (core.journeys): each kind of answer as a person reads it back."""

import pytest
from django import forms
from django.template import Context, Template

from core.forms import ConditionalRevealMixin
from core.journeys import Step, display_value, instance_rows, summary_rows
from core.widgets import GovUKRadios
from declaration.forms import CommitmentForm, ContactForm
from tests.factories.declaration import CommitmentFactory, PrincipleFactory


class EveryKindForm(forms.Form):
    name = forms.CharField(label="Name")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    format = forms.ChoiceField(label="Format", choices=[("online", "Online"), ("in_person", "In person")])
    topics = forms.MultipleChoiceField(label="Topics", choices=[("data", "Data"), ("housing", "Housing")])
    free = forms.BooleanField(label="Free", required=False)
    starts = forms.DateField(label="Starts", required=False)
    at = forms.TimeField(label="At", required=False)


def valid_form(**data):
    form = EveryKindForm(
        data={"name": "Ada", "format": "in_person", "topics": ["housing", "data"], **data},
    )
    assert form.is_valid(), form.errors
    return form


def test_each_kind_of_answer_reads_as_chosen():
    form = valid_form(notes="Line one\nLine two", free="on", starts="2026-12-03", at="14:30")

    assert display_value(form["name"]) == ("Ada", False)
    assert display_value(form["notes"]) == ("Line one\nLine two", True)
    assert display_value(form["format"]) == ("In person", False)
    assert display_value(form["topics"]) == ("Housing\nData", True)
    assert display_value(form["free"]) == ("Yes", False)
    assert display_value(form["starts"]) == ("3 December 2026", False)
    assert display_value(form["at"]) == ("2:30pm", False)


def test_answers_left_empty_read_as_no_or_nothing():
    form = valid_form()

    assert display_value(form["free"]) == ("No", False)
    assert display_value(form["starts"]) == ("", False)
    assert display_value(form["notes"]) == ("", True)


def test_rows_link_each_answer_to_its_question_and_escape_what_was_typed():
    form = valid_form(notes="<b>bold</b>\nnext")
    step = Step("event", EveryKindForm, "t.html", "Event", summary_labels={"format": "How people attend"})

    rows = {row["key"]["text"]: row for row in summary_rows(form, step, "/share/event/")}

    assert list(rows) == ["Name", "Notes", "How people attend", "Topics", "Free", "Starts", "At"]
    assert rows["Name"]["value"] == {"text": "Ada"}
    assert rows["Notes"]["value"] == {"html": "<p>&lt;b&gt;bold&lt;/b&gt;<br>next</p>"}
    assert rows["Starts"]["value"] == {"text": "None"}
    [change] = rows["How people attend"]["actions"]["items"]
    assert change == {
        "href": "/share/event/?change=1#id_format",
        "text": "Change",
        "visuallyHiddenText": "how people attend",
    }


def test_a_repeated_answer_says_which_item_it_is():
    step = Step("speakers", EveryKindForm, "t.html", "Speakers", repeat=True, item_name="speaker")

    rows = summary_rows(valid_form(), step, "/share/speakers/", item=1)

    assert rows[0]["key"]["text"] == "Name (speaker 2)"
    assert rows[0]["actions"]["items"][0]["href"] == "/share/speakers/?change=1&item=1#id_name"


@pytest.mark.django_db
def test_the_admin_reads_the_same_questions_answered_by_a_stored_commitment():
    first, second = PrincipleFactory(title="First principle"), PrincipleFactory(title="Second principle")
    commitment = CommitmentFactory(
        contact_name="Casey", partners="", title="Open data", principles=[first, second], contact_email="c@x.gov.uk"
    )

    assert instance_rows(ContactForm, commitment) == [
        ("Full name", "Casey"),
        ("Job title", commitment.contact_job_title),
        ("Email address", "c@x.gov.uk"),
    ]
    commitment_rows = dict(instance_rows(CommitmentForm, commitment))
    assert commitment_rows["Project title"] == "Open data"
    assert commitment_rows["Partners"] == "None"
    assert commitment_rows["Which principles of the Declaration does it serve?"] == "First principle\nSecond principle"
    assert dict(instance_rows(EveryKindForm, _Stored(), {"name": "person.name"}))["Format"] == "In person"


class _Stored:
    class person:  # noqa: N801 - a dotted path, as sources allow
        name = "Ada"

    notes = None
    format = "in_person"
    topics = "data"
    free = True
    starts = None
    at = None


class CostForm(ConditionalRevealMixin, forms.Form):
    cost = forms.ChoiceField(
        label="Cost", choices=[("free", "Free"), ("paid", "Paid")], widget=GovUKRadios(conditional={"paid": ["price"]})
    )
    price = forms.CharField(label="Price")


def test_an_answer_revealed_by_an_option_not_chosen_has_no_row():
    step = Step("booking", CostForm, "t.html", "Booking")
    free, paid = CostForm(data={"cost": "free"}), CostForm(data={"cost": "paid", "price": "£20"})
    assert free.is_valid() and paid.is_valid()

    assert [row["key"]["text"] for row in summary_rows(free, step, "/b/")] == ["Cost"]
    assert [row["key"]["text"] for row in summary_rows(paid, step, "/b/")] == ["Cost", "Price"]


def test_a_question_page_draws_a_revealed_field_once_inside_its_option():
    html = Template("{% load govuk %}{% for field in form|questions %}{% govuk_field field %}{% endfor %}").render(
        Context({"form": CostForm()})
    )

    assert html.count('name="price"') == 1
    assert html.index('name="price"') > html.index('value="paid"')
