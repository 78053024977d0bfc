"""The Declaration's review as declarations: its workflow table and its emailed links.

Every change of a commitment's status goes through `REVIEW.move` (called only
from declaration.services); the admin's review actions are offered from the
same table (declaration.admin_views), and so is the wording of the history.
"""

import datetime

from core.links import EmailedLink
from core.workflows import Transition, Workflow

from .models import OPEN_STATUSES, Commitment, CommitmentStatus

Status = CommitmentStatus


def _signed_by(data: dict) -> str | None:
    if not data.get("name"):
        return None
    job_title = f", {data['job_title']}" if data.get("job_title") else ""
    return f"Signed by {data['name']}{job_title}"


REVIEW = Workflow(
    model=Commitment,
    log_prefix="declaration",
    transitions=[
        Transition(
            "confirm_email",
            sources=[Status.AWAITING_EMAIL_CONFIRMATION],
            target=Status.IN_REVIEW,
            label="Confirm email address",
            history="Contact confirmed their email address",
        ),
        Transition(
            "request_changes",
            sources=[Status.IN_REVIEW],
            target=Status.CHANGES_REQUESTED,
            history="Changes requested",
            history_detail="message",
        ),
        Transition(
            "amend",
            sources=[Status.CHANGES_REQUESTED],
            target=Status.IN_REVIEW,
            history="Contact changed the commitment and sent it back for review",
        ),
        Transition(
            "reject",
            sources=[Status.IN_REVIEW, Status.CHANGES_REQUESTED],
            target=Status.REJECTED,
            history="Rejected",
            history_detail="reason",
        ),
        Transition(
            "approve_for_signing",
            sources=[Status.IN_REVIEW],
            target=Status.AWAITING_APPROVER,
            history="Approved for signing and the approver emailed a link to sign",
        ),
        # Leaves the status as it is: the approver's link is sent again.
        Transition(
            "resend_signing_request",
            sources=[Status.AWAITING_APPROVER],
            label="Send the approver's link again",
            history="Approver's link sent again",
            history_detail="to",
            history_format="{message} to {detail}",
        ),
        Transition(
            "sign",
            sources=[Status.AWAITING_APPROVER],
            target=Status.SIGNED,
            history="Signed by the approver",
            history_from_data=_signed_by,
        ),
        Transition("withdraw", sources=OPEN_STATUSES, target=Status.WITHDRAWN, history="Withdrawn"),
        # Corrections by staff leave the status as it is; the history says what changed.
        Transition(
            "correct_commitment",
            sources=[Status.SIGNED],
            label="Correct the commitment",
            history="Commitment corrected",
            history_detail="changes",
        ),
        Transition(
            "correct_organisation",
            sources=list(Status),
            label="Correct the organisation",
            history="Organisation corrected",
            history_detail="changes",
        ),
        Transition(
            "remove_signatory",
            sources=[Status.SIGNED],
            target=Status.REMOVED,
            label="Remove from signatories",
            history="Organisation removed from the signatories",
            history_detail="reason",
        ),
    ],
)

CONFIRM_LINK = EmailedLink(
    "declaration.confirm",
    model=Commitment,
    lookup_field="reference",
    lifetime=datetime.timedelta(days=7),
    url_name="declaration:confirm_email",
)
AMEND_LINK = EmailedLink(
    "declaration.amend",
    model=Commitment,
    lookup_field="reference",
    lifetime=datetime.timedelta(days=30),
    url_name="declaration:amend",
)
SIGN_LINK = EmailedLink(
    "declaration.sign",
    model=Commitment,
    lookup_field="reference",
    lifetime=datetime.timedelta(days=30),
    url_name="declaration:sign_for_organisation",
    single_use=True,
)
LINKS = {"confirm": CONFIRM_LINK, "amend": AMEND_LINK, "sign": SIGN_LINK}
