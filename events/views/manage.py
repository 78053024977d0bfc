"""The submitter's private pages, behind the link we email them: see, change or cancel their event.

Opening a link changes nothing: each change is a form that POSTs. A link is
for one event only (core.links signs its reference), and an expired or
altered link gets a page that says so.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from core.formatting import format_datetime_range
from core.links import behind_the_link

from .. import services
from ..forms import CancelForm
from ..models import Event, EventStatus
from ..workflow import MANAGE_LINK
from .journey import ChangeEventForm

CHANGEABLE = [EventStatus.AWAITING_MODERATION, EventStatus.PUBLISHED]


def _changeable(event) -> bool:
    return event.status in CHANGEABLE


def _not_changeable(request, event):
    """A cancelled, rejected or unpublished event cannot be changed from the link any more."""
    return render(request, "events/manage/not_changeable.html", {"event": event})


def _behind_the_link(*, changes: bool):
    """The view gets the link's event, or the person a page saying what is wrong with the link or the event."""
    return behind_the_link(
        MANAGE_LINK,
        queryset=Event.objects.prefetch_related("topics"),
        problem_template="events/manage/link_problem.html",
        can_change=_changeable if changes else None,
        cannot_change=_not_changeable,
    )


@_behind_the_link(changes=False)
def manage(request, token, event):
    return render(
        request,
        "events/manage/manage.html",
        {"event": event, "token": token, "can_change": _changeable(event)},
    )


@_behind_the_link(changes=True)
def change(request, token, event):
    form = ChangeEventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        services.edit_by_submitter(event, form.cleaned_data)
        return render(request, "events/manage/changed.html", {"event": event, "token": token})
    return render(request, "events/manage/change.html", {"event": event, "form": form, "token": token})


@_behind_the_link(changes=True)
def cancel(request, token, event):
    dates = [(key, format_datetime_range(o.start, o.end)) for key, o in services.cancellable_dates(event).items()]
    form = CancelForm(request.POST or None, dates=dates)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.cancel_chosen(event, form.cleaned_data["what"])
        except ValidationError as error:  # the date passed, or was cancelled, since the page loaded
            form.add_error("what", error)
        else:
            return render(
                request, "events/manage/cancelled.html", {"event": event, "occurrence": cancelled, "token": token}
            )
    return render(request, "events/manage/cancel.html", {"event": event, "form": form, "token": token})
