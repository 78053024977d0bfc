"""A task-list journey in two sections, declared on core.journeys for its tests: the site's URLs plus /apply/."""

from django.http import HttpResponse
from django.urls import include, path

from core.journeys import Section, Step, TaskListJourney
from localdigital.urls import urlpatterns as site_urlpatterns
from tests.support.journey_urls import FormatForm, SpeakerForm, VenueForm

SENT = []  # what the journey's "service" stored: (submission key, answers)


class ExampleApplication(TaskListJourney):
    name = "example_application"
    url_namespace = "apply"
    caption = "Apply for an example"
    done_url_name = "sent"
    sections = [
        Section(
            "event",
            "About the event",
            [
                Step("format", FormatForm, "core/journeys/question.html", "Format"),
                Step(
                    "venue",
                    VenueForm,
                    "core/journeys/question.html",
                    "Venue",
                    when=lambda answers: answers.value("format", "format") == "in_person",
                ),
            ],
        ),
        Section(
            "people",
            "Speakers",
            [
                Step(
                    "speakers",
                    SpeakerForm,
                    "core/journeys/add_another.html",
                    "Speakers",
                    repeat=True,
                    item_name="speaker",
                )
            ],
        ),
    ]

    def owner(self, request):
        return request.user.email if request.user.is_authenticated else None

    def already_submitted(self, submission_key):
        return next((str(key) for key, _ in SENT if key == submission_key), None)

    def submit(self, request, cleaned, submission_key):
        SENT.append((submission_key, cleaned))
        return str(submission_key)


def sent(request):
    return HttpResponse(f"Sent {request.session.get(ExampleApplication().submitted_key)}")


urlpatterns = [
    path(
        "apply/",
        include(([*ExampleApplication.urls(keyed=True), path("sent/", sent, name="sent")], "apply")),
    ),
    *site_urlpatterns,
]
