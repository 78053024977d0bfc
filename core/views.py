"""The admin's report of background work: each worker, the task in hand and since when."""

from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.reports import ReportView

from .background_work import describe_workers
from .models import WorkerHeartbeat


class BackgroundWorkReportView(ReportView):
    model = WorkerHeartbeat
    page_title = "Background work"
    header_icon = "cogs"
    permission_required = "view"
    index_url_name = "core_background_work_report"
    index_results_url_name = "core_background_work_report_results"
    columns = [
        Column("worker_id", label="Worker"),
        StatusTagColumn("state", label="State", primary=lambda worker: worker.state != "Silent"),
        Column("task_path", label="Task in hand", accessor=lambda worker: worker.task and worker.task.task_path),
        DateColumn("task_started_at", label="Task started", accessor=lambda worker: worker.task and worker.task.since),
        DateColumn("seen_at", label="Last heartbeat"),
        DateColumn("started_at", label="Worker started"),
    ]

    def get_queryset(self):
        return WorkerHeartbeat.objects.order_by("-seen_at")

    def decorate_paginated_queryset(self, object_list):
        return describe_workers(list(object_list))
