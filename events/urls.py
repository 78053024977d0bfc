from django.urls import path

from .feeds import UpcomingEventsFeed
from .views import journey, manage, public

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("past/", public.past_list, name="past"),
    path("feed.ics", public.feed_ics, name="feed_ics"),
    path("feed.atom", UpcomingEventsFeed(), name="feed_atom"),
    # Sharing an event (answers kept in the session until the final submit)
    path("submit/", journey.start, name="submit_start"),
    *journey.ShareEvent.urls(prefix="submit/"),
    path("submit/sent/", journey.submitted, name="submitted"),
    # The submitter's private link
    path("manage/<str:token>/", manage.manage, name="manage"),
    path("manage/<str:token>/change/", manage.change, name="manage_change"),
    path("manage/<str:token>/cancel/", manage.cancel, name="manage_cancel"),
    # Each event; after the fixed addresses, so "past" or "feed.ics" is never taken for an event
    path("<slug:slug>.ics", public.event_ics, name="ics"),
    path("<slug:slug>/", public.event_detail, name="detail"),
]
