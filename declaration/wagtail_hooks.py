"""The Declaration in the Wagtail admin: staff review of sign-ups, and the wording of their history."""

from wagtail import hooks

from .admin_views import CommitmentViewSet
from .workflow import REVIEW


@hooks.register("register_admin_viewset")
def register_commitment_viewset():
    return CommitmentViewSet()


@hooks.register("register_log_actions")
def register_declaration_log_actions(actions):
    REVIEW.register_log_actions(actions)
