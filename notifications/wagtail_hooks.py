from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies import ModelPermissionPolicy

from core.periodic import PeriodicTask

from . import tasks
from .models import Mailing, OutboundEmail
from .views import EmailReportView, MailingReportView


@hooks.register("register_admin_urls")
def register_email_report_urls():
    return [
        path("reports/emails/", EmailReportView.as_view(), name="notifications_email_report"),
        path(
            "reports/emails/results/",
            EmailReportView.as_view(results_only=True),
            name="notifications_email_report_results",
        ),
        path("reports/bulk-email/", MailingReportView.as_view(), name="notifications_mailing_report"),
        path(
            "reports/bulk-email/results/",
            MailingReportView.as_view(results_only=True),
            name="notifications_mailing_report_results",
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


class MailingReportMenuItem(MenuItem):
    def is_shown(self, request):
        return ModelPermissionPolicy(Mailing).user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def register_mailing_report_menu_item():
    return MailingReportMenuItem(
        "Bulk email", reverse("notifications_mailing_report"), name="bulk-email", icon_name="mail", order=1001
    )


@hooks.register("register_periodic_tasks")
def register_email_clean_up():
    return [
        PeriodicTask("deleting old emails (daily)", tasks.delete_old_emails),
        PeriodicTask("sweeping up bulk email left by a stopped worker (every minute)", tasks.sweep_bulk_email),
    ]
