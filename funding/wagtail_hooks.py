"""How the fund plugs into the site: its pages under /fund/."""

from django.urls import include, path
from wagtail import hooks


@hooks.register("register_site_urls")
def register_funding_urls():
    return [path("fund/", include("funding.urls"))]


# Assessment and decisions: the admin's "Fund assessment", for fund assessors and managers only.

from django.urls import reverse  # noqa: E402

from . import assessment_admin  # noqa: E402


@hooks.register("register_admin_urls")
def register_assessment_admin_urls():
    return [
        path(
            "fund-assessment/",
            include((assessment_admin.urlpatterns(), "fund_assessment"), namespace="fund_assessment"),
        )
    ]


@hooks.register("register_admin_menu_item")
def register_assessment_menu_item():
    return assessment_admin.AssessmentMenuItem(
        assessment_admin.MENU_LABEL, reverse("fund_assessment:index"), icon_name="form", order=310
    )


@hooks.register("register_log_actions")
def register_assessment_log_actions(actions):
    assessment_admin.register_log_actions(actions)
