import datetime
import itertools

import pytest
from django.template import Context, Template

from core.formatting import (
    REFERENCE_ALPHABET,
    UK_TIME_ZONE,
    format_date,
    format_date_range,
    format_datetime,
    format_datetime_range,
    format_time,
    new_reference,
)

UTC = datetime.UTC


def test_a_date_reads_day_month_year_without_a_leading_zero():
    assert format_date(datetime.date(2018, 8, 3)) == "3 August 2018"


@pytest.mark.parametrize(
    ("time", "text"),
    [
        (datetime.time(16, 5), "4:05pm"),
        (datetime.time(10, 0), "10am"),
        (datetime.time(9, 30), "9:30am"),
        (datetime.time(12, 0), "midday"),
        (datetime.time(0, 0), "midnight"),
        (datetime.time(12, 30), "12:30pm"),
        (datetime.time(0, 15), "12:15am"),
    ],
)
def test_times_follow_govuk_style(time, text):
    assert format_time(time) == text


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        # British Summer Time: UTC+1
        (datetime.datetime(2018, 8, 3, 15, 5, tzinfo=UTC), "3 August 2018 at 4:05pm"),
        (datetime.datetime(2018, 8, 3, 23, 0, tzinfo=UTC), "4 August 2018 at midnight"),
        # Greenwich Mean Time: UTC+0
        (datetime.datetime(2019, 1, 3, 16, 5, tzinfo=UTC), "3 January 2019 at 4:05pm"),
        (datetime.datetime(2019, 1, 3, 12, 0, tzinfo=UTC), "3 January 2019 at midday"),
        # the clocks go forward at 1am GMT on 31 March 2019
        (datetime.datetime(2019, 3, 31, 0, 30, tzinfo=UTC), "31 March 2019 at 12:30am"),
        (datetime.datetime(2019, 3, 31, 1, 30, tzinfo=UTC), "31 March 2019 at 2:30am"),
        (datetime.datetime(2018, 8, 3, 16, 5), "3 August 2018 at 4:05pm"),  # naive: already UK time
    ],
)
def test_datetimes_are_shown_in_uk_time(moment, text):
    assert format_datetime(moment) == text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (datetime.date(2018, 8, 3), datetime.date(2018, 8, 3), "3 August 2018"),
        (datetime.date(2018, 8, 3), datetime.date(2018, 8, 5), "3 to 5 August 2018"),
        (datetime.date(2018, 7, 30), datetime.date(2018, 8, 2), "30 July to 2 August 2018"),
        (datetime.date(2018, 12, 30), datetime.date(2019, 1, 2), "30 December 2018 to 2 January 2019"),
        (datetime.date(2018, 8, 3), None, "3 August 2018"),
        (None, datetime.date(2018, 8, 5), "5 August 2018"),
        (None, None, ""),
    ],
)
def test_date_ranges_say_each_part_once(start, end, text):
    assert format_date_range(start, end) == text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (
            datetime.datetime(2018, 8, 3, 9, 0, tzinfo=UTC),
            datetime.datetime(2018, 8, 3, 15, 30, tzinfo=UTC),
            "3 August 2018, 10am to 4:30pm",
        ),
        (
            datetime.datetime(2018, 12, 30, 11, 0, tzinfo=UK_TIME_ZONE),
            datetime.datetime(2019, 1, 2, 12, 0, tzinfo=UK_TIME_ZONE),
            "30 December 2018 at 11am to 2 January 2019 at midday",
        ),
        (datetime.datetime(2019, 1, 3, 16, 5, tzinfo=UTC), None, "3 January 2019 at 4:05pm"),
    ],
)
def test_datetime_ranges_give_the_date_once_when_on_one_day(start, end, text):
    assert format_datetime_range(start, end) == text


def test_templates_format_dates_and_ranges():
    template = Template(
        "{% load formatting %}{{ day|govuk_date }}|{{ moment|govuk_datetime }}|{{ moment|govuk_time }}|"
        "{{ day|date_range:later }}|{{ missing|govuk_date }}"
    )
    rendered = template.render(
        Context(
            {
                "day": datetime.date(2018, 7, 30),
                "later": datetime.date(2018, 8, 2),
                "moment": datetime.datetime(2018, 8, 3, 11, 0, tzinfo=UTC),
            }
        )
    )
    assert rendered == "30 July 2018|3 August 2018 at midday|midday|30 July to 2 August 2018|"


def test_a_reference_has_the_prefix_and_four_unambiguous_characters():
    reference = new_reference("LD-DEC", exists=lambda reference: False)
    prefix, code = reference.rsplit("-", 1)
    assert prefix == "LD-DEC"
    assert len(code) == 4
    assert set(code) <= set(REFERENCE_ALPHABET)
    assert not set("01ILOU") & set(REFERENCE_ALPHABET)


def test_a_reference_already_in_use_is_never_returned():
    taken = []

    def exists(reference):
        taken.append(reference)
        return len(taken) < 3  # the first two are in use

    assert new_reference("LD-DEC", exists) == taken[2]


def test_a_reference_gives_up_rather_than_loop_forever():
    with pytest.raises(RuntimeError):
        new_reference("LD-DEC", exists=lambda reference: True, attempts=5)


def test_references_vary():
    references = {new_reference("LD-EVT", lambda reference: False) for _ in itertools.repeat(None, 50)}
    assert len(references) > 45
