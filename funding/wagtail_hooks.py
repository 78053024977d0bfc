"""How the fund plugs into the site:

- its pages under /fund/ (`register_site_urls`);
- the admin's "Fund" menu: rounds, expressions of interest (with staff decisions) and applications; and
  "Fund assessment" for assessors and managers
  (funding.admin_views), and the wording of their history;
- the fund page, round 1 and its guidance (`bootstrap_site`); a demo round open now for expressions of interest, and
  a demo round B open now for applications, with bids in each state (`load_demo_content`);
- each round's windows and decisions on the roadmap (`register_roadmap_milestones`);
- reminders before a window closes, and announcing windows as they open (`schedule_background_work`);
- funded projects on each principle page they serve and each of their councils' signatory entries
  (`register_principle_content`, `register_signatory_content`), and round 1's projects as demo content;
- what its public pages show, so a change empties the page cache (`register_page_cache_models`): rounds
  (the fund page, the roadmap), expressions of interest (the published list) and grants (projects' totals).
"""

from django.urls import include, path, reverse
from django.utils.http import urlencode
from wagtail import hooks

from core.periodic import PeriodicTask
from declaration.principle_content import PrincipleContent, PrincipleItem
from declaration.signatory_content import SignatoryContent, SignatoryItem
from pages.querysets import public

from . import application_demo, assessment_admin, demo, project_demo, services, site_pages, tasks
from . import projects as projects_module
from .admin_views import ApplicationViewSet, ExpressionOfInterestViewSet, FundViewSetGroup
from .models import ExpressionOfInterest, Grant, Phase, ProjectIndexPage, ProjectPage, Round
from .workflow import DECISION, SUBMISSION


def project_index_url(**filters) -> str | None:
    """The funded projects list, filtered (`principle="slug"`); None before the list is published."""
    index = public(ProjectIndexPage.objects.live()).only("url_path", "path", "depth").first()
    if index is None:
        return None
    return f"{index.url}?{urlencode(filters)}" if filters else index.url


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


@hooks.register("register_demo_content", order=10)  # after the Declaration's demo signatories
def add_demo_round_with_applications(home):
    return application_demo.load_demo_round_b(home)


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


# Funded projects: on each principle's page they serve, on each of their councils' signatory entries,
# and round 1's projects as demo content (funding.project_demo) ------------------------------------


def _project_items(projects, organisation=None):
    """Principle-page or signatory-entry items for `projects` (with their grants prefetched)."""
    items = []
    for project in projects:
        lead = project.lead_organisation
        if organisation is None:
            who = f"Led by {lead.name}" if lead else ""
        else:
            who = "Lead organisation" if lead and lead.pk == organisation.pk else "Partner"
            if lead and lead.pk != organisation.pk:
                who += f", led by {lead.name}"
        meta = ". ".join(part for part in (who, projects_module.grants_line(project)) if part)
        items.append(PrincipleItem(title=project.title, url=project.url, summary=project.introduction, meta=meta))
    return items


@hooks.register("register_principle_content")
def register_projects_on_principle_pages():
    return [
        PrincipleContent(
            label="Local Digital Fund projects",
            nouns=("funded project", "funded projects"),
            rows=lambda principle: ProjectPage.objects.published().serving(principle).with_grants(),
            items=_project_items,
            more=lambda principle: project_index_url(principle=principle.slug),
            more_text="All funded projects that serve this principle",
        )
    ]


def _projects_of(organisation):
    projects = ProjectPage.objects.published().of(organisation).with_grants()
    return [
        SignatoryItem(title=item.title, url=item.url, summary=item.summary, meta=item.meta)
        for item in _project_items(projects, organisation)
    ]


@hooks.register("register_signatory_content")
def register_projects_on_signatory_entries():
    return [SignatoryContent(label="Local Digital Fund projects", items=_projects_of)]


@hooks.register("register_demo_content")
def add_demo_projects(home):
    return project_demo.load_demo_projects(home)


@hooks.register("register_page_cache_models")
def page_cache_models():
    return [Round, Phase, ExpressionOfInterest, Grant]


# Assessment and decisions: the admin's "Fund assessment", shown to fund assessors and managers only (its own
# menu item, so an assessor finds their bids in one click).


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
