"""A bulletin's life as one table: written, perhaps scheduled, then sent once.

Every change goes through `BULLETINS.move`, called from subscriptions.mailings;
the admin's actions (subscriptions.admin_views) and the history's wording come
from the same table.
"""

from core.workflows import Transition, Workflow

from .models import Bulletin

Status = Bulletin.Status

BULLETINS = Workflow(
    model=Bulletin,
    log_prefix="subscriptions.bulletin",
    describe=lambda bulletin: "bulletin",
    transitions=[
        Transition("edit", sources=[Status.DRAFT, Status.SCHEDULED], history="Edited"),
        Transition(
            "send_test",
            sources=[Status.DRAFT, Status.SCHEDULED],
            label="Send a test",
            history="Test sent",
            history_detail="to",
        ),
        Transition("send", sources=[Status.DRAFT, Status.SCHEDULED], target=Status.SENDING, history="Sending started"),
        Transition(
            "schedule", sources=[Status.DRAFT], target=Status.SCHEDULED, history="Scheduled", history_detail="send_at"
        ),
        Transition("unschedule", sources=[Status.SCHEDULED], target=Status.DRAFT, history="No longer scheduled"),
        Transition("finish", sources=[Status.SENDING], target=Status.SENT, history="Sent to everyone"),
    ],
)
