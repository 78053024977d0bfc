"""Sharing an event: a question page per step, then Check your answers (core.journeys), and the same
questions on one page for changing the event.

The venue is asked only of events people attend in person, the joining notes
only of events online (a hybrid event gets both), and the last date only of
an event that repeats. `ChangeEventForm` asks the journey's questions under
the same conditions and checks them with the same forms: the submitter's
change page uses it, and the admin's edit and add pages a subclass.
"""

import uuid

from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.journeys import Answers, EditForm, Journey, Step

from .. import services
from ..forms import SUBMIT_STEPS
from ..models import Event, EventFormat, Repeat

SUBMIT_RATE = "10/h"  # final submissions per address per hour


def _format(answers: Answers) -> str:
    return answers.value("format", "format", "")


CONDITIONS = {
    "repeat_until": lambda answers: answers.value("repeat", "repeat", Repeat.NONE) != Repeat.NONE,
    "venue": lambda answers: _format(answers) in (EventFormat.IN_PERSON, EventFormat.HYBRID),
    "joining": lambda answers: _format(answers) in (EventFormat.ONLINE, EventFormat.HYBRID),
}


class ShareEvent(Journey):
    name = "events_share"
    url_namespace = "events"
    caption = "Share an event"
    start_url_name = "submit_start"
    done_url_name = "submitted"
    check_template = "events/submit/check_answers.html"
    submit_label = "Send for moderation"
    submit_rate = SUBMIT_RATE
    steps = [
        Step(name, form_class, "core/journeys/question.html", heading, when=CONDITIONS.get(name))
        for name, form_class, heading in SUBMIT_STEPS
    ]

    def form_kwargs(self, step, answers):
        if step.name in ("repeat", "repeat_until"):
            return {"start_date": (answers.cleaned("when") or {}).get("start_date")}
        return {}

    def already_submitted(self, submission_key):
        return Event.objects.filter(submission_key=submission_key).values_list("reference", flat=True).first()

    def submit(self, request, cleaned, submission_key: uuid.UUID) -> str:
        answers = {}
        for step_answers in cleaned.values():
            answers.update(step_answers)
        try:
            return services.submit_event(answers, submission_key=submission_key).reference
        except services.TooManyFromAddress as error:
            raise forms.ValidationError(
                "You have shared 10 events from this email address in the last hour. Try again in an hour"
            ) from error


class ChangeEventForm(EditForm):
    """Every question of sharing an event on one page, answered at first by the stored event."""

    journey = ShareEvent()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance is not None:
            self.fields["start_date"].min_date = None  # an event already shared may have begun

    def initial_from(self, event: Event) -> dict:
        return {
            **super().initial_from(event),
            "timing": "all_day" if event.all_day else "times",
            "cost": "free" if event.is_free else "paid",
            "end_date": event.end_date if event.end_date != event.start_date else None,
        }


@never_cache
def start(request):
    return render(request, "events/submit/start.html")


@never_cache
def submitted(request):
    reference = request.session.get(ShareEvent().submitted_key)
    if not reference:
        return redirect("events:submit_start")
    event = Event.objects.filter(reference=reference).first()
    return render(request, "events/submit/submitted.html", {"reference": reference, "event": event})
