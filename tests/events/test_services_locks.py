"""Two final submits of one event at the same moment: a double click that races itself.

These tests commit for real, with a database connection per request, as
production does (see tests/support/concurrency.py).
"""

import datetime
import re
import uuid

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from events import services
from events.models import Event
from notifications.models import OutboundEmail
from tests.events.test_submit_journey import NOW, fill_in
from tests.factories.events import DEFAULTS, make_event
from tests.support.concurrency import at_the_same_moment

# serialized_rollback: restore what migrations made (content types, the site), which an earlier
# transactional test may have emptied.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def shared_answers():
    start = timezone.localdate() + datetime.timedelta(days=7)
    return {**DEFAULTS, "title": "Planning data meetup", "start_date": start, "end_date": start, "topics": []}


def test_two_final_submits_at_once_store_one_event_and_both_get_it():
    bystander = make_event(title="Someone else's meetup")
    key = uuid.uuid4()

    outcome = at_the_same_moment(
        lambda: services.submit_event(shared_answers(), submission_key=key),
        lambda: services.submit_event(shared_answers(), submission_key=key),
    )

    assert outcome["second waited"], outcome
    stored = Event.objects.get(submission_key=key)
    assert outcome["first"] == stored and outcome["second"] == stored
    assert Event.objects.count() == 2
    assert Event.objects.get(pk=bystander.pk).title == "Someone else's meetup"
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["sam@example.gov.uk"]


@time_machine.travel(NOW, tick=False)
def test_two_clicks_on_send_at_the_same_moment_show_the_same_confirmation():
    bystander = make_event(title="Someone else's meetup")
    first_click = Client()
    fill_in(first_click)
    page = first_click.get("/events/submit/check/").content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', page)[1]
    second_click = Client()
    second_click.cookies = first_click.cookies  # the same browser

    def click(client):
        return lambda: client.post("/events/submit/check/", {"submission_key": key, "website": ""})

    outcome = at_the_same_moment(click(first_click), click(second_click))

    assert outcome["second waited"], outcome
    assert [outcome["first"].status_code, outcome["second"].status_code] == [302, 302]
    assert outcome["first"].url == outcome["second"].url == "/events/submit/sent/"
    stored = Event.objects.exclude(pk=bystander.pk).get()
    assert stored.title == "Planning data community of practice"
    confirmation = first_click.get("/events/submit/sent/").content.decode()
    assert stored.reference in confirmation
