"""Sharing an event: a question page per step, then Check your answers (core.journeys).

The venue is asked only of events people attend in person, the joining notes
only of events online (a hybrid event gets both), and the last date only of
an event that repeats.
"""

import datetime
import uuid

from django import forms
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from core.journeys import Answers, Journey, Step

from .. import services
from ..forms import SUBMIT_STEPS, needs_joining_notes, needs_venue
from ..models import Event, Repeat

SUBMIT_RATE = "10/h"  # final submissions per address per hour


def _format(answers: Answers) -> str:
    return answers.value("format", "format", "")


CONDITIONS = {
    "repeat_until": lambda answers: answers.value("repeat", "repeat", Repeat.NONE) != Repeat.NONE,
    "venue": lambda answers: needs_venue(_format(answers)),
    "joining": lambda answers: needs_joining_notes(_format(answers)),
}


def _start_date(answers: Answers) -> datetime.date | None:
    parts = [answers.value("when", f"start_date_{part}", "") for part in ("year", "month", "day")]
    try:
        return datetime.date(*(int(part) for part in parts))
    except ValueError:
        return None


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
            return {"start_date": _start_date(answers)}
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
