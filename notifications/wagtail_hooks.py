from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from core.periodic import PeriodicTask

from . import tasks
from .models import OutboundEmail
from .views import EmailReportView


@hooks.register("register_admin_urls")
def register_email_report_urls():
    return [
        path("reports/emails/", EmailReportView.as_view(), name="notifications_email_report"),
        path(
            "reports/emails/results/",
            EmailReportView.as_view(results_only=True),
            name="notifications_email_report_results",
        ),
    ]


class EmailReportMenuItem(MenuItem):
    def is_shown(self, request):
        return ModelPermissionPolicy(OutboundEmail).user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_email_report_menu_item():
    return EmailReportMenuItem(
        "Emails", reverse("notifications_email_report"), name="emails", icon_name="mail", order=1000
    )


@hooks.register("register_periodic_tasks")
def register_email_clean_up():
    return [PeriodicTask("deleting old emails (daily)", tasks.delete_old_emails)]
