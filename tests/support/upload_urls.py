"""A keyed journey with a document upload, declared on core.journeys for its tests: the site's URLs plus /bid/."""

from django import forms
from django.http import HttpResponse
from django.urls import include, path

from core.journeys import Journey, Step
from core.uploads import DocumentField
from localdigital.urls import urlpatterns as site_urlpatterns
from tests.support.journey_urls import FormatForm

MAX_SIZE = 1024


class LetterForm(forms.Form):
    letter = DocumentField(
        label="Letter of support",
        what="the letter of support",
        kinds=["pdf", "docx", "xlsx", "odt", "csv"],
        max_size=MAX_SIZE,
    )


class ExampleBid(Journey):
    name = "example_bid"
    url_namespace = "bid"
    caption = "Send an example bid"
    done_url_name = "sent"
    steps = [
        Step("letter", LetterForm, "core/journeys/question.html", "Letter of support"),
        Step("format", FormatForm, "core/journeys/question.html", "Format"),
    ]

    def owner(self, request):
        return request.user.email if request.user.is_authenticated else None

    def submit(self, request, cleaned, submission_key):
        return str(submission_key)


def sent(request):
    return HttpResponse("Sent")


urlpatterns = [
    path("bid/", include(([*ExampleBid.urls(keyed=True), path("sent/", sent, name="sent")], "bid"))),
    *site_urlpatterns,
]
