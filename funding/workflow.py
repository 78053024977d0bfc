"""The fund's workflows as declarations: an expression of interest's decision, and an application's sending.

Every change of state goes through `move` on one of these tables, called only
from funding.services; the admin's actions and the history's wording come
from the same tables.
"""

from core.workflows import Transition, Workflow

from .models import Application, ApplicationStatus, EoiStatus, ExpressionOfInterest

DECISION = Workflow(
    model=ExpressionOfInterest,
    log_prefix="funding.eoi",
    transitions=[
        Transition(
            "invite",
            sources=[EoiStatus.SUBMITTED],
            target=EoiStatus.INVITED,
            label="Invite to apply",
            history="Invited to send a full application",
            history_detail="feedback",
        ),
        Transition(
            "decline",
            sources=[EoiStatus.SUBMITTED],
            target=EoiStatus.DECLINED,
            label="Decline",
            history="Not invited to apply",
            history_detail="feedback",
        ),
    ],
)

SUBMISSION = Workflow(
    model=Application,
    log_prefix="funding.application",
    transitions=[
        Transition(
            "submit",
            sources=[ApplicationStatus.IN_PROGRESS],
            target=ApplicationStatus.SUBMITTED,
            label="Submit",
            history="Application submitted",
        ),
    ],
)
