"""A keyed journey whose drafts are found by a reference of the service's own and shared by several people,
declared on core.journeys for its tests: the site's URLs plus /shared/<reference>/."""

from django.http import Http404, HttpResponse
from django.urls import include, path

from core.journeys import Journey, Step
from core.models import Draft
from localdigital.urls import urlpatterns as site_urlpatterns
from tests.support.journey_urls import FormatForm
from tests.support.upload_urls import LetterForm

BIDS = {}  # reference -> (draft id, {the emails of the people who may open it})


def share(reference: str, *emails: str) -> Draft:
    draft = Draft.objects.create(journey=SharedBid.name, owner=emails[0])
    BIDS[reference] = (draft.id, set(emails))
    return draft


class SharedBid(Journey):
    name = "shared_bid"
    url_namespace = "shared"
    caption = "Send a shared bid"
    done_url_name = "sent"
    draft_key = "<str:reference>"
    steps = [
        Step("letter", LetterForm, "core/journeys/question.html", "Letter of support"),
        Step("format", FormatForm, "core/journeys/question.html", "Format"),
    ]

    def owner(self, request):
        return request.user.email if request.user.is_authenticated else None

    def draft_by_key(self, key):
        if key not in BIDS:
            raise Http404
        return Draft.objects.get(id=BIDS[key][0])

    def find_draft(self, request, key):
        draft = self.draft_by_key(key)
        if self.owner(request) not in BIDS[key][1]:
            raise Http404
        return draft

    def draft_key_of(self, draft):
        return next(reference for reference, (draft_id, _) in BIDS.items() if draft_id == draft.id)

    def when_sent(self, request):
        return HttpResponse(f"What {self.key} sent")

    def submit(self, request, cleaned, submission_key):
        return str(submission_key)


def sent(request):
    return HttpResponse("Sent")


urlpatterns = [
    path("shared/", include(([*SharedBid.urls(keyed=True), path("sent/", sent, name="sent")], "shared"))),
    *site_urlpatterns,
]
