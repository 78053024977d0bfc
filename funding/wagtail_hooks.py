"""How the fund plugs into the site: its pages under /fund/, its admin views and the wording of its history."""

from django.urls import include, path
from wagtail import hooks

from .admin_views import ApplicationViewSet, ExpressionOfInterestViewSet
from .workflow import DECISION, SUBMISSION


@hooks.register("register_site_urls")
def register_funding_urls():
    return [path("fund/", include("funding.urls"))]


@hooks.register("register_admin_viewset")
def register_expression_of_interest_viewset():
    return ExpressionOfInterestViewSet()


@hooks.register("register_admin_viewset")
def register_application_viewset():
    return ApplicationViewSet()


@hooks.register("register_log_actions")
def register_funding_log_actions(actions):
    DECISION.register_log_actions(actions)
    SUBMISSION.register_log_actions(actions)
