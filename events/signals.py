"""What the events hub announces, for others (email updates, later) to listen to without events knowing them.

Each signal is sent once the change is saved, with `announcement`, an
`EventAnnouncement`: everything a subscriber would need to be told.

    from events.signals import event_approved

    @receiver(event_approved)
    def tell_subscribers(sender, announcement, **kwargs): ...

- `event_approved`: an event is published for the first time;
- `event_changed`: a published event changed (edited, published again after a change, or one date cancelled);
- `event_cancelled`: an event is cancelled (`announcement.cancelled_dates` is empty), or one of its dates is
  (`cancelled_dates` names it).
"""

import datetime
from dataclasses import dataclass, field

from django.dispatch import Signal

event_approved = Signal()
event_changed = Signal()
event_cancelled = Signal()


@dataclass(frozen=True)
class EventAnnouncement:
    reference: str
    title: str
    summary: str
    url: str
    event_type: str
    format: str
    dates: list[tuple[datetime.datetime, datetime.datetime]]  # upcoming (start, end), aware, not cancelled
    venue_name: str
    address: str
    postcode: str
    region: str  # a organisations.models.Region value, or "" when online
    topics: list[str]  # topic slugs
    is_free: bool
    cancelled_dates: list[datetime.datetime] = field(default_factory=list)
