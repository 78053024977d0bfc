"""The shared machinery's own periodic work, and the admin's report of background work."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from .models import WorkerHeartbeat
from .periodic import PeriodicTask
from .tasks import forget_used_links
from .views import BackgroundWorkReportView


@hooks.register("register_periodic_tasks")
def register_core_periodic_tasks():
    return [PeriodicTask("deleting records of used emailed links (daily)", forget_used_links)]


@hooks.register("register_admin_urls")
def register_background_work_report_urls():
    return [
        path("reports/background-work/", BackgroundWorkReportView.as_view(), name="core_background_work_report"),
        path(
            "reports/background-work/results/",
            BackgroundWorkReportView.as_view(results_only=True),
            name="core_background_work_report_results",
        ),
    ]


class BackgroundWorkReportMenuItem(MenuItem):
    def is_shown(self, request):
        return ModelPermissionPolicy(WorkerHeartbeat).user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_background_work_report_menu_item():
    return BackgroundWorkReportMenuItem(
        "Background work", reverse("core_background_work_report"), name="background-work", icon_name="cogs", order=1010
    )
