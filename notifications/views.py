"""An admin report of the emails the site has sent, so a failed one is seen and not lost."""

import django_filters
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.reports import ReportView

from .models import OutboundEmail


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
