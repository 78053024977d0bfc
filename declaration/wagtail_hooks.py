"""The Declaration in the Wagtail admin: staff review of sign-ups, and their history."""

from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter
from wagtail.permissions import policy_registry

from .admin_views import (
    ACTIONS,
    MENU_LABEL,
    VIEW_PERMISSIONS,
    CommitmentActionView,
    CommitmentFilterSet,
    CommitmentHistoryView,
    CommitmentIndexView,
    CommitmentInspectView,
    needs_review,
)
from .models import Commitment


class CommitmentViewSet(ModelViewSet):
    """Listing, inspect and history views, and the review actions; no add, edit, copy or delete."""

    model = Commitment
    name = "declaration_sign_ups"
    url_prefix = "declaration-sign-ups"
    icon = "doc-full"
    menu_label = MENU_LABEL
    add_to_admin_menu = True
    menu_order = 300
    add_to_reference_index = False

    index_view_class = CommitmentIndexView
    inspect_view_class = CommitmentInspectView
    history_view_class = CommitmentHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False

    list_per_page = 50
    ordering = "-created_at"
    filterset_class = CommitmentFilterSet
    search_fields = ["reference", "title", "organisation__name", "contact_name"]
    search_backend_name = None  # search the database: commitments are not in the search index
    list_display = [
        "reference",
        Column("organisation", label="Organisation", accessor="organisation.name", sort_key="organisation__name"),
        Column(
            "organisation_type",
            label="Type of organisation",
            accessor="organisation.get_organisation_type_display",
            sort_key="organisation__organisation_type",
        ),
        Column("region", label="Region", accessor="organisation.get_region_display", sort_key="organisation__region"),
        Column("kind", label="Kind", accessor="get_kind_display", sort_key="kind"),
        StatusTagColumn(
            "status", label="Status", accessor="get_status_display", sort_key="status", primary=needs_review
        ),
        DateColumn("created_at", label="Created", sort_key="created_at"),
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            # Commitments change only through the review actions and the public journey.
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            action_url_namespace=self.url_namespace,
            **kwargs,
        )

    def action_view(self, action):
        return self.construct_view(CommitmentActionView, action=action)

    def get_urlpatterns(self):
        # Built here rather than by ModelViewSet, which would also offer add, edit, copy, delete and usage.
        conv = self.pk_path_converter
        urlpatterns = [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(f"inspect/<{conv}:pk>/", self.inspect_view, name="inspect"),
            path(f"history/<{conv}:pk>/", self.history_view, name="history"),
            path(f"history-results/<{conv}:pk>/", self.history_results_view, name="history_results"),
        ]
        urlpatterns += [
            path(f"{action.slug}/<{conv}:pk>/", self.action_view(action), name=action.name)
            for action in ACTIONS.values()
        ]
        return urlpatterns

    def get_permissions_to_register(self):
        # Offer only "view" (read) and "change" (review) in the group editor.
        content_type = ContentType.objects.get_for_model(self.model)
        codenames = [get_permission_codename(action, self.model_opts) for action in ("view", "change")]
        return Permission.objects.filter(content_type=content_type, codename__in=codenames)

    @property
    def url_finder_class(self):
        inspect_url_name = self.get_url_name("inspect")

        class CommitmentAdminURLFinder(ModelAdminURLFinder):
            """Where the admin links a commitment, e.g. from reports: its inspect view."""

            def construct_edit_url(self, instance):
                return reverse(inspect_url_name, args=(quote(instance.pk),))

            def get_edit_url(self, instance):
                policy = policy_registry.get(instance)
                if self.user and not policy.user_has_any_permission(self.user, VIEW_PERMISSIONS):
                    return None
                return self.construct_edit_url(instance)

        return CommitmentAdminURLFinder


@hooks.register("register_admin_viewset")
def register_commitment_viewset():
    return CommitmentViewSet()


# History ---------------------------------------------------------------------


def _formatter(label, message, detail_key=None, detail_format="{message}: {detail}"):
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            detail = (log_entry.data or {}).get(detail_key) if detail_key else None
            if detail:
                return detail_format.format(message=message, detail=detail)
            return message

    Formatter.label = label
    Formatter.message = message
    return Formatter


class SignFormatter(LogFormatter):
    label = "Sign"
    message = "Signed by the approver"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("name"):
            job_title = f", {data['job_title']}" if data.get("job_title") else ""
            return f"Signed by {data['name']}{job_title}"
        return self.message


LOG_ACTIONS = {
    "declaration.confirm_email": _formatter("Confirm email address", "Contact confirmed their email address"),
    "declaration.request_changes": _formatter("Request changes", "Changes requested", "message"),
    "declaration.amend": _formatter("Amend", "Contact changed the commitment and sent it back for review"),
    "declaration.reject": _formatter("Reject", "Rejected", "reason"),
    "declaration.approve_for_signing": _formatter(
        "Approve for signing", "Approved for signing and the approver emailed a link to sign"
    ),
    "declaration.resend_signing_request": _formatter(
        "Send the approver's link again", "Approver's link sent again", "to", "{message} to {detail}"
    ),
    "declaration.sign": SignFormatter,
    "declaration.withdraw": _formatter("Withdraw", "Withdrawn"),
}


@hooks.register("register_log_actions")
def register_declaration_log_actions(actions):
    for action, formatter_class in LOG_ACTIONS.items():
        actions.register_action(action)(formatter_class)


# How the Declaration plugs into the site ---------------------------------------
# The page and principles a real site needs, the illustrative sign-ups `make run`
# shows, and the daily clean-up (see pages/bootstrap.py and core/periodic.py).
# Kept as one block with its own imports, apart from the admin code above.


@hooks.register("register_site_pages", order=10)  # after About us in the navigation
def add_declaration_page(home):
    from . import demo

    return demo.load_site_pages(home)


@hooks.register("register_demo_content")
def add_demo_sign_ups(home):
    from . import demo

    return demo.load_demo_sign_ups(home)


@hooks.register("register_periodic_tasks")
def register_sign_up_clean_up():
    from core.periodic import PeriodicTask

    from .tasks import delete_unconfirmed_sign_ups

    return [PeriodicTask("deleting unconfirmed Declaration sign-ups (daily)", delete_unconfirmed_sign_ups)]
