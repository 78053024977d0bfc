"""Small journeys declared on core.journeys, for its tests: the site's URLs plus /example/ and /drafts/."""

from django import forms
from django.http import HttpResponse
from django.urls import include, path

from core.journeys import Journey, Step
from localdigital.urls import urlpatterns as site_urlpatterns

STORED = []  # what the journey's "service" stored: (submission key, answers)


class FormatForm(forms.Form):
    format = forms.ChoiceField(
        label="How will people attend?",
        choices=[("in_person", "In person"), ("online", "Online")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how people will attend"},
    )


class VenueForm(forms.Form):
    venue = forms.CharField(label="Venue", max_length=100, error_messages={"required": "Enter the venue"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("venue", "").strip().upper() == "TBC":
            self.add_error("venue", "Enter the venue, not TBC")
        return cleaned


class SpeakerForm(forms.Form):
    speaker = forms.CharField(label="Speaker’s name", max_length=100, error_messages={"required": "Enter a name"})


class ExampleJourney(Journey):
    name = "example_journey"
    url_namespace = "example"
    caption = "Share an example"
    done_url_name = "done"
    steps = [
        Step("format", FormatForm, "core/journeys/question.html", "Format"),
        Step(
            "venue",
            VenueForm,
            "core/journeys/question.html",
            "Venue",
            when=lambda answers: answers.value("format", "format") == "in_person",
        ),
        Step(
            "speakers",
            SpeakerForm,
            "core/journeys/add_another.html",
            "Speakers",
            repeat=True,
            item_name="speaker",
            max_items=3,
        ),
    ]

    def already_submitted(self, submission_key):
        return next((str(key) for key, _ in STORED if key == submission_key), None)

    def submit(self, request, cleaned, submission_key):
        STORED.append((submission_key, cleaned))
        return str(submission_key)


class DraftJourney(ExampleJourney):
    """The same questions, kept in the database under a draft id, for the signed-in user."""

    name = "example_draft"
    url_namespace = "drafts"

    def owner(self, request):
        return request.user.email if request.user.is_authenticated else None


def done(request):
    return HttpResponse(f"Stored {request.session.get(ExampleJourney().submitted_key)}")


urlpatterns = [
    path("example/", include(([*ExampleJourney.urls(), path("done/", done, name="done")], "example"))),
    path("drafts/", include(([*DraftJourney.urls(keyed=True), path("done/", done, name="done")], "drafts"))),
    *site_urlpatterns,
]
