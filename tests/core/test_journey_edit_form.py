"""A journey's questions on one page (core.journeys.EditForm), as someone changing what they gave sees them."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django import forms
from django.template import engines

from core.forms import ConditionalRevealMixin
from core.journeys import EditForm, Journey, Step
from core.widgets import GovUKRadios, GovUKTextInput
from tests.support.journey_urls import ExampleJourney, VenueForm


class ChangeExampleForm(EditForm):
    journey = ExampleJourney()


def page(form) -> BeautifulSoup:
    """The form as a page draws it: the error summary, then each step's heading and questions."""
    template = engines["django"].from_string(
        '{% load govuk %}{% govuk_error_summary form %}{% include "core/journeys/edit_fields.html" %}'
    )
    return BeautifulSoup(template.render({"form": form}), "html.parser")


def test_every_step_that_is_asked_once_is_on_the_page_in_order_under_its_heading():
    form = ChangeExampleForm()

    sections = [(section["heading"], [field.name for field in section["fields"]]) for section in form.sections()]
    drawn = page(form)

    # The speakers step is answered several times ("add another"), which one page does not offer.
    assert sections == [("Format", ["format"]), ("Venue", ["venue"])]
    assert [heading.get_text() for heading in drawn.select("h2")] == ["Format", "Venue"]
    assert drawn.select_one("input[name=venue]") and not drawn.select_one("input[name=speaker]")


def test_a_step_not_asked_is_not_checked_and_what_it_held_is_cleared():
    online = ChangeExampleForm({"format": "online", "venue": ""})
    typed_anyway = ChangeExampleForm({"format": "online", "venue": "TBC"})

    assert online.is_valid() and online.cleaned_data == {"format": "online", "venue": ""}
    assert typed_anyway.is_valid() and typed_anyway.cleaned_data == {"format": "online", "venue": ""}


def test_a_step_that_is_asked_is_checked_by_its_own_form():
    missing = ChangeExampleForm({"format": "in_person", "venue": ""})
    tbc = ChangeExampleForm({"format": "in_person", "venue": "tbc"})
    given = ChangeExampleForm({"format": "in_person", "venue": "Town hall"})

    assert missing.errors == {"venue": ["Enter the venue"]}
    assert tbc.errors == {"venue": ["Enter the venue, not TBC"]}  # the step form's own clean()
    assert given.is_valid() and given.cleaned_data == {"format": "in_person", "venue": "Town hall"}


def test_a_rule_changed_in_a_step_form_changes_the_one_page_form(monkeypatch):
    def refuse_the_town_hall(self):
        cleaned = forms.Form.clean(self)
        if cleaned.get("venue") == "Town hall":
            self.add_error("venue", "The town hall is closed")
        return cleaned

    monkeypatch.setattr(VenueForm, "clean", refuse_the_town_hall)

    assert ChangeExampleForm({"format": "in_person", "venue": "Town hall"}).errors == {
        "venue": ["The town hall is closed"]
    }
    assert ChangeExampleForm({"format": "in_person", "venue": "Village hall"}).is_valid()


def test_the_answers_start_from_the_stored_object_and_the_given_initial_wins():
    stored = SimpleNamespace(format="in_person", venue="Town hall", speaker="Ada")

    drawn = page(ChangeExampleForm(instance=stored))
    overridden = page(ChangeExampleForm(instance=stored, initial={"venue": "Village hall"}))

    assert drawn.select_one("input[value=in_person]").has_attr("checked")
    assert not drawn.select_one("input[value=online]").has_attr("checked")
    assert drawn.select_one("input[name=venue]")["value"] == "Town hall"
    assert overridden.select_one("input[name=venue]")["value"] == "Village hall"


def test_mistakes_are_listed_in_the_error_summary_and_shown_at_their_question():
    drawn = page(ChangeExampleForm({"format": "in_person", "venue": ""}))

    summary = drawn.select_one(".govuk-error-summary")
    assert [link.get_text(strip=True) for link in summary.select("a")] == ["Enter the venue"]
    assert summary.select_one("a")["href"] == "#id_venue"
    assert "Enter the venue" in drawn.select_one("#id_venue-error").get_text()
    assert not drawn.select_one("#id_format-error")


class StaffChangeExampleForm(ChangeExampleForm):
    own_heading = "For staff"
    note = forms.CharField(label="Note for the team", error_messages={"required": "Enter a note"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].label = "Venue, if known"
        self.fields["venue"].required = False


def test_a_subclass_changes_a_question_and_adds_its_own_after_the_steps():
    form = StaffChangeExampleForm({"format": "in_person", "venue": "Town hall"})
    noted = StaffChangeExampleForm({"format": "in_person", "venue": "", "note": "Checked"})
    still_checked = StaffChangeExampleForm({"format": "in_person", "venue": "TBC", "note": "Checked"})

    assert [section["heading"] for section in form.sections()] == ["Format", "Venue", "For staff"]
    assert "Venue, if known" in page(form).get_text()
    assert form.errors == {"note": ["Enter a note"]}
    assert noted.is_valid() and noted.cleaned_data == {"format": "in_person", "venue": "", "note": "Checked"}
    assert still_checked.errors == {"venue": ["Enter the venue, not TBC"]}
    assert ChangeExampleForm({"format": "in_person", "venue": ""}).errors == {"venue": ["Enter the venue"]}


class CostForm(ConditionalRevealMixin, forms.Form):
    cost = forms.ChoiceField(
        label="Cost",
        choices=[("free", "Free"), ("paid", "Paid")],
        widget=GovUKRadios(conditional={"paid": ["price"]}),
    )
    price = forms.CharField(label="Price", widget=GovUKTextInput(), error_messages={"required": "Enter the price"})


class TitleForm(forms.Form):
    title = forms.CharField(label="Title")


class PricedJourney(Journey):
    name = "priced"
    steps = [
        Step("title", TitleForm, "core/journeys/question.html", "Title"),
        Step("cost", CostForm, "core/journeys/question.html", "Cost"),
    ]


class ChangePricedForm(EditForm):
    journey = PricedJourney()


def test_a_question_revealed_by_an_option_is_drawn_inside_it_and_counts_only_when_chosen():
    drawn = page(ChangePricedForm())
    free = ChangePricedForm({"title": "Meetup", "cost": "free", "price": "£5"})
    paid = ChangePricedForm({"title": "Meetup", "cost": "paid", "price": ""})

    assert drawn.select_one(".govuk-radios__conditional input[name=price]")
    assert free.is_valid() and free.cleaned_data["price"] == ""
    assert paid.errors == {"price": ["Enter the price"]}


def test_a_field_asked_by_two_steps_is_refused():
    class TwiceJourney(Journey):
        steps = [
            Step("first", TitleForm, "core/journeys/question.html", "First"),
            Step("second", TitleForm, "core/journeys/question.html", "Second"),
        ]

    class ChangeTwiceForm(EditForm):
        journey = TwiceJourney()

    with pytest.raises(ValueError, match="'title' is in two steps"):
        ChangeTwiceForm()
