"""Moderating events as declarations: the workflow table and the submitter's emailed link.

Every change of an event's status goes through `MODERATION.move`, called only
from events.services; the admin's actions (events.admin_views) and the
history's wording come from the same table.
"""

import datetime

from core.links import EmailedLink
from core.workflows import Transition, Workflow

from .models import Event, EventStatus

Status = EventStatus

MODERATION = Workflow(
    model=Event,
    log_prefix="events",
    describe=lambda event: "event",
    transitions=[
        Transition(
            "approve",
            sources=[Status.AWAITING_MODERATION, Status.UNPUBLISHED],
            target=Status.PUBLISHED,
            label="Approve and publish",
            history="Approved and published",
        ),
        Transition(
            "reject",
            sources=[Status.AWAITING_MODERATION],
            target=Status.REJECTED,
            history_detail="reason",
            history="Rejected",
        ),
        Transition(
            "edit_in_admin",
            sources=[Status.AWAITING_MODERATION, Status.PUBLISHED, Status.UNPUBLISHED],
            label="Edit",
            history="Edited in the admin",
        ),
        Transition("feature", sources=[Status.PUBLISHED], history="Featured on the home page"),
        Transition("unfeature", sources=[Status.PUBLISHED], history="No longer featured on the home page"),
        Transition("unpublish", sources=[Status.PUBLISHED], target=Status.UNPUBLISHED, history="Unpublished"),
        Transition(
            "edit",
            sources=[Status.AWAITING_MODERATION, Status.PUBLISHED],
            target=Status.AWAITING_MODERATION,
            label="Changed by the submitter",
            history="The submitter changed the event: it waits for moderation again",
        ),
        Transition(
            "cancel_occurrence",
            sources=[Status.PUBLISHED],
            label="Cancel one date",
            history="One date cancelled",
            history_detail="date",
        ),
        Transition(
            "cancel",
            sources=[Status.AWAITING_MODERATION, Status.PUBLISHED],
            target=Status.CANCELLED,
            label="Cancel the event",
            history="Cancelled",
        ),
    ],
)

# The submitter's private link to change or cancel their event; it works until the event is long over.
MANAGE_LINK = EmailedLink(
    "events.manage",
    model=Event,
    lookup_field="reference",
    lifetime=datetime.timedelta(days=500),
    url_name="events:manage",
)
