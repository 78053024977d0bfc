"""The events hub's demo content: made-up events, for development only.

The demo events are invented, say so in their descriptions, and are dated
around today, so `make run` always shows upcoming and past events, a monthly
community of practice, a cancelled date and a few waiting for moderation.
"""

import datetime

from django.utils import timezone

from topics.services import all_topics

from . import services
from .models import Event, EventFormat, EventStatus, EventType, Repeat

DEMO_NOTE = "This is a made-up event, shown so that the site has something to list. It will not take place."

# (title, type, format, region, topics, days from today, start, end, repeat, status)
DEMO_EVENTS = [
    (
        "Data in social care meetup",
        EventType.MEETUP,
        EventFormat.IN_PERSON,
        "north_west",
        ["data", "social-care"],
        6,
        "18:00",
        "20:00",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Local government cyber security conference",
        EventType.CONFERENCE,
        EventFormat.HYBRID,
        "london",
        ["cyber-security"],
        20,
        "09:30",
        "17:00",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Planning data community of practice",
        EventType.COMMUNITY_OF_PRACTICE,
        EventFormat.ONLINE,
        "",
        ["planning", "data"],
        3,
        "14:00",
        "15:00",
        Repeat.MONTHLY,
        EventStatus.PUBLISHED,
    ),
    (
        "Show and tell: housing repairs service",
        EventType.SHOW_AND_TELL,
        EventFormat.ONLINE,
        "",
        ["housing"],
        9,
        "11:00",
        "11:45",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "User research for council services",
        EventType.TRAINING,
        EventFormat.IN_PERSON,
        "west_midlands",
        ["user-research", "service-design"],
        13,
        None,
        None,
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Buying digital services well",
        EventType.WEBINAR,
        EventFormat.ONLINE,
        "",
        ["procurement"],
        16,
        "12:30",
        "13:30",
        Repeat.FORTNIGHTLY,
        EventStatus.PUBLISHED,
    ),
    (
        "Service design jam",
        EventType.WORKSHOP,
        EventFormat.IN_PERSON,
        "yorkshire_and_the_humber",
        ["service-design"],
        27,
        "10:00",
        "16:00",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Digital leaders breakfast",
        EventType.MEETUP,
        EventFormat.IN_PERSON,
        "south_west",
        [],
        34,
        "08:00",
        "09:30",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Open data surgery",
        EventType.WORKSHOP,
        EventFormat.ONLINE,
        "",
        ["data"],
        2,
        "16:00",
        "17:00",
        Repeat.WEEKLY,
        EventStatus.PUBLISHED,
    ),
    (
        "Cyber incident exercise",
        EventType.TRAINING,
        EventFormat.HYBRID,
        "east_of_england",
        ["cyber-security"],
        41,
        "09:00",
        "12:30",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Housing data standards workshop",
        EventType.WORKSHOP,
        EventFormat.IN_PERSON,
        "north_east",
        ["housing", "data"],
        48,
        "10:00",
        "15:30",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Accessibility in local services",
        EventType.WEBINAR,
        EventFormat.ONLINE,
        "",
        ["service-design"],
        55,
        "13:00",
        "14:00",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Two-day discovery bootcamp",
        EventType.TRAINING,
        EventFormat.IN_PERSON,
        "east_midlands",
        ["user-research"],
        62,
        None,
        None,
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Social care technology fair",
        EventType.CONFERENCE,
        EventFormat.IN_PERSON,
        "south_east",
        ["social-care"],
        75,
        "10:00",
        "16:00",
        Repeat.NONE,
        EventStatus.PUBLISHED,
    ),
    (
        "Cancelled: procurement clinic",
        EventType.OTHER,
        EventFormat.ONLINE,
        "",
        ["procurement"],
        11,
        "15:00",
        "16:00",
        Repeat.NONE,
        EventStatus.CANCELLED,
    ),
    # Waiting for moderation
    (
        "Chatbots for council contact centres",
        EventType.WEBINAR,
        EventFormat.ONLINE,
        "",
        ["service-design"],
        19,
        "10:00",
        "11:00",
        Repeat.NONE,
        EventStatus.AWAITING_MODERATION,
    ),
    (
        "Regional planning meetup",
        EventType.MEETUP,
        EventFormat.IN_PERSON,
        "south_west",
        ["planning"],
        24,
        "18:30",
        "20:30",
        Repeat.NONE,
        EventStatus.AWAITING_MODERATION,
    ),
    (
        "Data ethics reading group",
        EventType.COMMUNITY_OF_PRACTICE,
        EventFormat.ONLINE,
        "",
        ["data"],
        8,
        "12:00",
        "13:00",
        Repeat.FORTNIGHTLY,
        EventStatus.AWAITING_MODERATION,
    ),
]
# Past events, days before today
PAST_TITLES = [
    ("Digital inclusion roundtable", EventType.MEETUP, EventFormat.IN_PERSON, "london", ["service-design"]),
    ("Introduction to APIs for councils", EventType.TRAINING, EventFormat.ONLINE, "", ["data"]),
    ("Local Digital Fund show and tell", EventType.SHOW_AND_TELL, EventFormat.HYBRID, "north_west", ["housing"]),
    ("Cloud hosting for councils", EventType.WEBINAR, EventFormat.ONLINE, "", ["procurement"]),
    ("Cyber security champions day", EventType.CONFERENCE, EventFormat.IN_PERSON, "west_midlands", ["cyber-security"]),
    ("Planning software users group", EventType.COMMUNITY_OF_PRACTICE, EventFormat.ONLINE, "", ["planning"]),
    ("Research ops meetup", EventType.MEETUP, EventFormat.IN_PERSON, "yorkshire_and_the_humber", ["user-research"]),
    (
        "Social care records workshop",
        EventType.WORKSHOP,
        EventFormat.IN_PERSON,
        "east_of_england",
        ["social-care", "data"],
    ),
]
VENUES = {
    "london": ("Example Hall", "1 Example Street\nLondon", "SE1 7XX"),
    "north_west": ("Demo Conference Centre", "20 Sample Road\nManchester", "M1 1XX"),
    "west_midlands": ("Illustrative Library", "3 Pretend Square\nBirmingham", "B1 1XX"),
    "yorkshire_and_the_humber": ("Made-up Works", "14 Fictional Lane\nLeeds", "LS1 1XX"),
    "south_west": ("Example Guildhall", "5 Specimen Street\nBristol", "BS1 1XX"),
    "east_of_england": ("Pretend Innovation Hub", "8 Model Road\nCambridge", "CB1 1XX"),
    "north_east": ("Sample Town Hall", "2 Demo Quay\nNewcastle upon Tyne", "NE1 1XX"),
    "east_midlands": ("Example Exchange", "9 Dummy Street\nNottingham", "NG1 1XX"),
    "south_east": ("Illustrative Pavilion", "11 Instance Parade\nBrighton", "BN1 1XX"),
}


def _time(text):
    return datetime.time.fromisoformat(text) if text else None


def _answers(title, event_type, event_format, region, topic_slugs, day, start, end, repeat, n):
    venue_name, address, postcode = (
        VENUES.get(region, ("", "", "")) if event_format != EventFormat.ONLINE else ("", "", "")
    )
    multi_day = start is None and "Two-day" in title
    return {
        "title": title,
        "summary": f"A made-up {event_type.label.lower()} about {title.lower()} for people in local government.",
        "description": f"{DEMO_NOTE}\n\nIt shows how an event looks on the site. "
        "Read more about the events hub at https://www.localdigital.gov.uk/.",
        "event_type": event_type,
        "format": event_format,
        "topics": list(all_topics().filter(slug__in=topic_slugs)),
        "start_date": day,
        "end_date": day + datetime.timedelta(days=1) if multi_day else day,
        "all_day": start is None,
        "start_time": _time(start),
        "end_time": _time(end),
        "repeat": repeat,
        "repeat_until": day + datetime.timedelta(days=180) if repeat != Repeat.NONE else None,
        "venue_name": venue_name,
        "address": address,
        "postcode": postcode,
        "region": region if event_format != EventFormat.ONLINE else "",
        "joining_notes": "We will email a link to join to everyone who books."
        if event_format != EventFormat.IN_PERSON
        else "",
        "booking_url": f"https://events.example.com/demo-{n}",
        "is_free": n % 4 != 1,
        "price_note": "" if n % 4 != 1 else "£40, free for councils",
        "organiser_name": "Sam Example",
        "organiser_organisation": ["Exampleshire County Council", "Sampleton Borough Council", "Demo Digital Network"][
            n % 3
        ],
        "submitter_email": f"organiser{n}@example.com",
    }


def load_demo_events() -> list[str]:
    if Event.objects.filter(submitter_email__endswith="@example.com", title__in=[e[0] for e in DEMO_EVENTS]).exists():
        return []
    today = timezone.localdate()
    count = 0
    for n, (title, event_type, event_format, region, topics, days, start, end, repeat, status) in enumerate(
        DEMO_EVENTS
    ):
        answers = _answers(
            title,
            event_type,
            event_format,
            region,
            topics,
            today + datetime.timedelta(days=days),
            start,
            end,
            repeat,
            n,
        )
        target = EventStatus.PUBLISHED if status != EventStatus.AWAITING_MODERATION else status
        event = services.store_event(answers, status=target)
        if status == EventStatus.CANCELLED:
            event.status = EventStatus.CANCELLED
            event.save(update_fields=["status"])
        if repeat == Repeat.MONTHLY:  # one date of the community of practice is cancelled
            second = event.occurrences.order_by("start")[1]
            second.cancelled = True
            second.save(update_fields=["cancelled"])
        count += 1
    for n, (title, event_type, event_format, region, topics) in enumerate(PAST_TITLES * 3, start=len(DEMO_EVENTS)):
        day = today - datetime.timedelta(days=7 + (n - len(DEMO_EVENTS)) * 6)
        answers = _answers(title, event_type, event_format, region, topics, day, "10:00", "12:00", Repeat.NONE, n)
        services.store_event(answers, status=EventStatus.PUBLISHED)
        count += 1
    return [f"{count} demo events"]
