"""A repeating event's dates, and times right across the nights the clocks change."""

import datetime

import pytest

from core.formatting import UK_TIME_ZONE
from events.models import Repeat
from events.schedule import monthly_description
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db


def local(occurrence):
    return occurrence.start.astimezone(UK_TIME_ZONE)


def test_a_weekly_event_has_one_occurrence_a_week_at_the_same_uk_time_across_the_change_to_bst():
    event = make_event(
        start_date=datetime.date(2027, 3, 16), repeat=Repeat.WEEKLY, repeat_until=datetime.date(2027, 4, 6)
    )

    starts = [local(o) for o in event.occurrences.order_by("start")]

    assert [s.date() for s in starts] == [datetime.date(2027, 3, d) for d in (16, 23, 30)] + [
        datetime.date(2027, 4, 6)
    ]
    assert {s.time() for s in starts} == {datetime.time(18)}
    # 6pm is 18:00 UTC in March before the change (GMT) and 17:00 UTC after it (BST).
    assert event.occurrences.order_by("start")[0].start.astimezone(datetime.UTC).hour == 18
    assert event.occurrences.order_by("start")[3].start.astimezone(datetime.UTC).hour == 17


def test_a_fortnightly_event_skips_a_week():
    event = make_event(
        start_date=datetime.date(2027, 1, 5), repeat=Repeat.FORTNIGHTLY, repeat_until=datetime.date(2027, 2, 2)
    )

    assert [local(o).day for o in event.occurrences.order_by("start")] == [5, 19, 2]


def test_a_monthly_event_falls_on_the_same_weekday_of_each_month():
    # 9 February 2027 is the second Tuesday of February.
    event = make_event(
        start_date=datetime.date(2027, 2, 9), repeat=Repeat.MONTHLY, repeat_until=datetime.date(2027, 6, 30)
    )

    dates = [local(o).date() for o in event.occurrences.order_by("start")]

    assert dates == [
        datetime.date(2027, 2, 9),
        datetime.date(2027, 3, 9),
        datetime.date(2027, 4, 13),
        datetime.date(2027, 5, 11),
        datetime.date(2027, 6, 8),
    ]
    assert all(d.weekday() == 1 and 8 <= d.day <= 14 for d in dates)


def test_an_event_at_1_30am_on_the_night_the_clocks_go_forward_reads_as_2_30am_bst():
    # 28 March 2027: at 1am GMT the clocks go forward to 2am BST, so 1:30am does not exist.
    event = make_event(
        start_date=datetime.date(2027, 3, 28), start_time=datetime.time(1, 30), end_time=datetime.time(3)
    )

    occurrence = event.occurrences.get()

    assert occurrence.start == datetime.datetime(2027, 3, 28, 1, 30, tzinfo=datetime.UTC)
    assert local(occurrence).strftime("%H:%M %Z") == "02:30 BST"
    assert occurrence.end.astimezone(UK_TIME_ZONE).strftime("%H:%M %Z") == "03:00 BST"


def test_an_event_at_1_30am_on_the_night_the_clocks_go_back_is_the_first_1_30am():
    # 31 October 2027: at 2am BST the clocks go back to 1am GMT, so 1:30am happens twice.
    event = make_event(
        start_date=datetime.date(2027, 10, 31), start_time=datetime.time(1, 30), end_time=datetime.time(3)
    )

    occurrence = event.occurrences.get()

    assert occurrence.start == datetime.datetime(2027, 10, 31, 0, 30, tzinfo=datetime.UTC)
    assert local(occurrence).strftime("%H:%M %Z") == "01:30 BST"
    # Ending at 3am GMT, the event lasts two and a half hours.
    assert occurrence.end - occurrence.start == datetime.timedelta(hours=2, minutes=30)


def test_changing_the_rule_keeps_a_cancelled_date_that_still_exists(django_capture_on_commit_callbacks):
    from events import services

    event = make_event(
        start_date=datetime.date(2027, 1, 5), repeat=Repeat.WEEKLY, repeat_until=datetime.date(2027, 1, 26)
    )
    second = event.occurrences.order_by("start")[1]
    services.cancel_occurrence(event, second)

    services.edit_in_admin(event, {"repeat_until": datetime.date(2027, 2, 9)}, user=None)

    assert event.occurrences.count() == 6
    assert list(event.occurrences.filter(cancelled=True).values_list("start", flat=True)) == [second.start]


@pytest.mark.parametrize(
    ("day", "description"),
    [
        (datetime.date(2027, 1, 1), "the first Friday of each month"),
        (datetime.date(2027, 1, 7), "the first Thursday of each month"),
        (datetime.date(2027, 1, 8), "the second Friday of each month"),
        (datetime.date(2027, 1, 14), "the second Thursday of each month"),
        (datetime.date(2027, 1, 15), "the third Friday of each month"),
        (datetime.date(2027, 1, 28), "the fourth Thursday of each month"),
        (datetime.date(2027, 1, 29), "the last Friday of each month"),
        (datetime.date(2027, 1, 31), "the last Sunday of each month"),
    ],
)
def test_a_monthly_repeat_is_described_by_which_weekday_of_the_month_the_first_date_is(day, description):
    assert monthly_description(day) == description


def test_a_monthly_event_on_a_fifth_weekday_goes_on_to_the_last_one_of_each_month():
    # 30 March 2027 is the fifth Tuesday of March; April's last Tuesday is its fourth.
    event = make_event(
        start_date=datetime.date(2027, 3, 30), repeat=Repeat.MONTHLY, repeat_until=datetime.date(2027, 6, 29)
    )

    assert [local(o).date() for o in event.occurrences.order_by("start")] == [
        datetime.date(2027, 3, 30),
        datetime.date(2027, 4, 27),
        datetime.date(2027, 5, 25),
        datetime.date(2027, 6, 29),
    ]


def test_a_monthly_event_on_a_fourth_weekday_stays_on_the_fourth_in_a_month_with_five():
    # 23 March 2027 is the fourth Tuesday; June 2027 has five Tuesdays, the 22nd is its fourth.
    event = make_event(
        start_date=datetime.date(2027, 3, 23), repeat=Repeat.MONTHLY, repeat_until=datetime.date(2027, 6, 30)
    )

    assert [local(o).date() for o in event.occurrences.order_by("start")][-1] == datetime.date(2027, 6, 22)


def test_a_monthly_event_on_the_8th_is_on_the_second_weekday_of_each_month():
    # 8 January 2027 is the second Friday; 12 February is February's second Friday.
    event = make_event(
        start_date=datetime.date(2027, 1, 8), repeat=Repeat.MONTHLY, repeat_until=datetime.date(2027, 2, 28)
    )

    assert [local(o).date() for o in event.occurrences.order_by("start")] == [
        datetime.date(2027, 1, 8),
        datetime.date(2027, 2, 12),
    ]


@pytest.mark.parametrize(
    ("repeat_until", "days"),
    [
        (datetime.date(2027, 1, 18), [5, 12]),  # the day before the third date: two dates
        (datetime.date(2027, 1, 19), [5, 12, 19]),  # the third date's own day: it is included
        (datetime.date(2027, 1, 5), [5]),  # the first date's own day: only it
        (datetime.date(2027, 1, 4), [5]),  # before the first date: the first date still happens
        (None, [5]),  # no last date: just the first
    ],
)
def test_a_weekly_event_goes_on_up_to_and_including_its_last_date(repeat_until, days):
    event = make_event(start_date=datetime.date(2027, 1, 5), repeat=Repeat.WEEKLY, repeat_until=repeat_until)
    bystander = make_event(start_date=datetime.date(2027, 1, 6))

    assert [local(o).day for o in event.occurrences.order_by("start")] == days
    assert bystander.occurrences.count() == 1
