"""A round's state comes from its dates, UK time, at the exact minute: each window opens and closes by itself."""

import datetime

import pytest
import time_machine

from core.formatting import UK_TIME_ZONE
from funding.models import Round, RoundState
from tests.factories.funding import RoundFactory

pytestmark = pytest.mark.django_db

MICROSECOND = datetime.timedelta(microseconds=1)
MINUTE = datetime.timedelta(minutes=1)


def uk(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UK_TIME_ZONE)


@pytest.fixture
def round_1():
    return RoundFactory(name="Round 1")


BOUNDARIES = [
    # (the round's field, the state just before, the state from that instant on)
    ("eoi_opens_at", RoundState.UPCOMING, RoundState.EOI_OPEN),
    ("eoi_closes_at", RoundState.EOI_OPEN, RoundState.EVALUATING),
    ("applications_open_at", RoundState.EVALUATING, RoundState.APPLICATIONS_OPEN),
    ("applications_close_at", RoundState.APPLICATIONS_OPEN, RoundState.DECISIONS_DUE),
]


@pytest.mark.parametrize(("field", "before", "after"), BOUNDARIES)
def test_each_window_changes_state_at_its_exact_minute(round_1, field, before, after):
    moment = getattr(round_1, field)

    assert round_1.state(moment - MINUTE) == before
    assert round_1.state(moment - MICROSECOND) == before
    assert round_1.state(moment) == after
    assert round_1.state(moment + MICROSECOND) == after
    assert round_1.state(moment + MINUTE) == after


@pytest.mark.parametrize(("field", "before", "after"), BOUNDARIES)
def test_the_state_follows_the_clock_when_no_time_is_given(round_1, field, before, after):
    moment = getattr(round_1, field)
    with time_machine.travel(moment - MICROSECOND, tick=False):
        assert round_1.state() == before
    with time_machine.travel(moment, tick=False):
        assert round_1.state() == after


def test_round_1s_windows_are_its_real_dates_in_uk_time(round_1):
    assert round_1.state(uk(2018, 9, 24, 8, 59)) == RoundState.UPCOMING
    assert round_1.state(uk(2018, 9, 24, 9, 0)) == RoundState.EOI_OPEN
    assert round_1.state(uk(2018, 10, 5, 23, 58)) == RoundState.EOI_OPEN
    # 11:59pm British Summer Time is 10:59pm UTC: the window closes then, not an hour later.
    assert round_1.state(datetime.datetime(2018, 10, 5, 22, 59, tzinfo=datetime.UTC)) == RoundState.EVALUATING


def test_decisions_are_due_to_the_end_of_the_decision_day_in_uk_time(round_1):
    assert round_1.decision_date == datetime.date(2018, 12, 3)
    assert round_1.state(uk(2018, 12, 3, 23, 59, 59)) == RoundState.DECISIONS_DUE
    assert round_1.state(uk(2018, 12, 4, 0, 0)) == RoundState.CLOSED
    assert round_1.state(uk(2018, 12, 4, 0, 0) - MICROSECOND) == RoundState.DECISIONS_DUE


def test_a_window_closing_after_the_clocks_go_back_closes_at_the_uk_minute_set():
    # Clocks went back at 2am BST on 28 October 2018: 11:59pm on 15 November is GMT, equal to UTC.
    spanning = RoundFactory(opens=uk(2018, 10, 20, 9, 0))
    assert spanning.eoi_opens_at.utcoffset() == datetime.timedelta(hours=1)
    closes = spanning.applications_close_at
    assert closes == uk(2018, 12, 11, 23, 59) and closes.utcoffset() == datetime.timedelta(0)

    assert spanning.state(datetime.datetime(2018, 12, 11, 23, 58, 59, tzinfo=datetime.UTC)) == (
        RoundState.APPLICATIONS_OPEN
    )
    assert spanning.state(datetime.datetime(2018, 12, 11, 23, 59, tzinfo=datetime.UTC)) == RoundState.DECISIONS_DUE


def test_a_window_set_in_the_hour_the_clocks_go_back_keeps_its_instant():
    # 1:30am on 28 October 2018 happened twice; the first (BST) one is stored as 00:30 UTC.
    first = datetime.datetime(2018, 10, 28, 1, 30, tzinfo=UK_TIME_ZONE, fold=0)
    round_ = RoundFactory(opens=first - datetime.timedelta(days=1))
    round_.eoi_closes_at = first
    round_.save()
    round_.refresh_from_db()

    assert round_.eoi_closes_at == datetime.datetime(2018, 10, 28, 0, 30, tzinfo=datetime.UTC)
    assert round_.state(datetime.datetime(2018, 10, 28, 0, 29, tzinfo=datetime.UTC)) == RoundState.EOI_OPEN
    assert round_.state(datetime.datetime(2018, 10, 28, 0, 30, tzinfo=datetime.UTC)) == RoundState.EVALUATING


def test_a_window_closing_after_the_clocks_go_forward_closes_at_the_bst_minute():
    spring = RoundFactory(opens=uk(2019, 3, 20, 9, 0))
    closes = spring.eoi_closes_at  # 11:59pm on 31 March 2019, after the clocks went forward that morning
    assert closes == uk(2019, 3, 31, 23, 59) and closes.utcoffset() == datetime.timedelta(hours=1)
    assert spring.state(datetime.datetime(2019, 3, 31, 22, 58, tzinfo=datetime.UTC)) == RoundState.EOI_OPEN
    assert spring.state(datetime.datetime(2019, 3, 31, 22, 59, tzinfo=datetime.UTC)) == RoundState.EVALUATING


def test_the_window_helpers_say_whether_each_window_is_open(round_1):
    assert round_1.eoi_window_open(round_1.eoi_opens_at)
    assert not round_1.eoi_window_open(round_1.eoi_closes_at)
    assert not round_1.application_window_open(round_1.applications_open_at - MICROSECOND)
    assert round_1.application_window_open(round_1.applications_open_at)
    assert not round_1.application_window_open(round_1.applications_close_at)


@pytest.mark.parametrize(
    ("when", "sentence"),
    [
        (uk(2018, 9, 24, 8, 59), "Round 1 opens for expressions of interest at 9am on 24 September 2018"),
        (uk(2018, 9, 24, 9, 0), "Expressions of interest are open until 11:59pm on 5 October 2018"),
        (
            uk(2018, 10, 5, 23, 59),
            "Expressions of interest have closed and are being evaluated. "
            "Applications open to those invited at 9am on 16 October 2018",
        ),
        (uk(2018, 10, 16, 9, 0), "Applications are open to those invited until 11:59pm on 15 November 2018"),
        (uk(2018, 11, 15, 23, 59), "Decisions are due by 3 December 2018"),
        (uk(2018, 12, 4, 0, 0), "Round 1 has closed"),
    ],
)
def test_the_state_reads_as_a_sentence_from_the_dates_in_uk_time(round_1, when, sentence):
    round_1.applications_close_at = uk(2018, 11, 15, 23, 59)
    round_1.decision_date = datetime.date(2018, 12, 3)
    assert round_1.state_sentence(when) == sentence


def test_the_current_round_is_the_one_that_changes_next_else_the_latest():
    round_1 = RoundFactory(name="Round 1", opens=uk(2018, 9, 24, 9))
    round_2 = RoundFactory(name="Round 2", opens=uk(2019, 4, 1, 9))

    assert Round.objects.current(uk(2018, 9, 1)) == round_1  # both upcoming: round 1 opens first
    assert Round.objects.current(uk(2019, 1, 1)) == round_2  # round 1 closed
    assert Round.objects.current(uk(2030, 1, 1)) == round_2  # both closed: the latest
    assert Round.objects.none().current(uk(2030, 1, 1)) is None
