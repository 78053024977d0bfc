import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from roadmap.models import Milestone, MilestoneStatus

TODAY = datetime.date(2026, 11, 27)
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime.date(2026, 11, 1), TODAY, MilestoneStatus.NOW),  # ends today
        (TOMORROW, datetime.date(2026, 12, 31), MilestoneStatus.UPCOMING),  # starts tomorrow
        (TODAY, datetime.date(2026, 12, 31), MilestoneStatus.NOW),  # starts today
        (datetime.date(2026, 11, 1), YESTERDAY, MilestoneStatus.DONE),  # ended yesterday
        (None, None, None),  # no dates: no status
        (TODAY, None, MilestoneStatus.NOW),  # a single day, today
        (None, YESTERDAY, MilestoneStatus.DONE),  # a single day, yesterday
        (TOMORROW, None, MilestoneStatus.UPCOMING),
    ],
)
def test_status_follows_the_dates(start, end, expected):
    milestone = Milestone(title="A milestone", start_date=start, end_date=end)

    assert milestone.status_on(TODAY) == expected


@pytest.mark.django_db
def test_roadmap_uses_todays_date_in_london(home_page):
    from tests.factories.pages import MilestoneFactory, RoadmapPageFactory

    roadmap = RoadmapPageFactory(parent=home_page)
    MilestoneFactory(page=roadmap, start_date=datetime.date(2026, 7, 1), end_date=datetime.date(2026, 7, 31))

    # 23:30 UTC on 30 June is already 1 July in London (British Summer Time).
    with time_machine.travel(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC), tick=False):
        [period] = roadmap.timeline()

    assert period.entries[0].status == MilestoneStatus.NOW


def test_end_before_start_is_refused_with_a_clear_message():
    milestone = Milestone(
        period_label="May 2018",
        title="Backwards",
        description="<p>x</p>",
        start_date=datetime.date(2018, 5, 31),
        end_date=datetime.date(2018, 5, 1),
    )

    with pytest.raises(ValidationError) as error:
        milestone.clean()

    assert error.value.message_dict["end_date"] == ["The end date must be the same as or after the start date."]


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (datetime.date(2018, 12, 3), None, "3 December 2018"),
        (None, datetime.date(2018, 12, 3), "3 December 2018"),
        (datetime.date(2018, 10, 6), datetime.date(2018, 10, 12), "6 to 12 October 2018"),
        (datetime.date(2018, 9, 24), datetime.date(2018, 10, 5), "24 September to 5 October 2018"),
        (datetime.date(2018, 12, 1), datetime.date(2019, 1, 31), "1 December 2018 to 31 January 2019"),
        (None, None, ""),
    ],
)
def test_dates_read_as_people_write_them(start, end, text):
    assert Milestone(start_date=start, end_date=end).dates_text == text
