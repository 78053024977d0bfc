"""How the fund plugs into the site:

- its pages under /fund/ (`register_site_urls`);
- the admin's "Fund" menu: rounds, expressions of interest (with staff decisions) and applications
  (funding.admin_views), and the wording of their history;
- the fund page, round 1 and its guidance (`bootstrap_site`), and a demo round open now (`load_demo_content`);
- each round's windows and decisions on the roadmap (`register_roadmap_milestones`);
- reminders before a window closes, and announcing windows as they open (`schedule_background_work`).
"""

from django.urls import include, path
from wagtail import hooks

from core.periodic import PeriodicTask

from . import demo, services, site_pages, tasks
from .admin_views import ApplicationViewSet, ExpressionOfInterestViewSet, FundViewSetGroup
from .workflow import DECISION, SUBMISSION


@hooks.register("register_site_urls")
def register_funding_urls():
    return [path("fund/", include("funding.urls"))]


@hooks.register("register_admin_viewset")
def register_fund_admin():
    return FundViewSetGroup()


@hooks.register("register_site_pages", order=15)  # after the Declaration, before events, in the navigation
def add_fund_page(home):
    return site_pages.load_site_pages(home)


@hooks.register("register_demo_content", order=10)  # after the Declaration's demo signatories
def add_demo_round(home):
    return demo.load_demo_round(home)


@hooks.register("register_roadmap_milestones")
def fund_round_milestones():
    return services.roadmap_milestones()


@hooks.register("register_periodic_tasks")
def register_periodic_tasks():
    return [
        PeriodicTask(
            "reminding fund applicants three days before a window closes (hourly)", tasks.send_window_reminders
        ),
        PeriodicTask("announcing fund windows as they open (every 5 minutes)", tasks.announce_fund_windows),
    ]


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
