"""Admin reports of the emails the site has sent, one by one and in bulk, so a failed one is seen and not lost."""

import django_filters
from django.db.models import Count, Q
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.reports import ReportView

from .models import Delivery, Mailing, OutboundEmail


class EmailReportFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=OutboundEmail.Status.choices)

    class Meta:
        model = OutboundEmail
        fields = ["status"]


class EmailReportView(ReportView):
    model = OutboundEmail
    page_title = "Emails sent by the site"
    header_icon = "mail"
    permission_required = "view"
    filterset_class = EmailReportFilterSet
    index_url_name = "notifications_email_report"
    index_results_url_name = "notifications_email_report_results"
    columns = [
        Column("subject", label="Subject"),
        Column("to", label="To"),
        StatusTagColumn(
            "get_status_display",
            label="Status",
            primary=lambda email: email.status in (OutboundEmail.Status.SENT,),
        ),
        Column("attempts", label="Attempts"),
        Column("last_error", label="Last error"),
        Column("copy_description", label="Copy of the message"),
        DateColumn("created_at", label="Queued"),
        DateColumn("sent_at", label="Sent"),
    ]
    list_export = ["subject", "to", "status", "attempts", "last_error", "copy_kept", "created_at", "sent_at"]

    def get_queryset(self):
        return OutboundEmail.objects.defer("body_text", "body_html", "render_context").order_by("-created_at")

    def get_filename(self):
        return "emails"


class MailingReportView(ReportView):
    """Each bulk mailing and how far it has gone: queued, sending, sent and failed."""

    model = Mailing
    page_title = "Bulk email"
    header_icon = "mail"
    permission_required = "view"
    index_url_name = "notifications_mailing_report"
    index_results_url_name = "notifications_mailing_report_results"
    columns = [
        Column("__str__", label="Mailing"),
        Column("key", label="Key"),
        DateColumn("created_at", label="Created"),
        DateColumn("send_after", label="Send after"),
        Column("queued", label="Queued"),
        Column("sending", label="Sending"),
        Column("sent", label="Sent"),
        Column("failed", label="Failed"),
    ]
    list_export = ["label", "subject", "key", "created_at", "send_after", "queued", "sending", "sent", "failed"]

    def get_queryset(self):
        counts = {
            status: Count("deliveries", filter=Q(deliveries__status=status)) for status in Delivery.Status.values
        }
        return Mailing.objects.defer("context").annotate(**counts).order_by("-created_at")

    def get_filename(self):
        return "bulk-email"
