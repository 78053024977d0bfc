"""Staff actions on a workflow's objects in the Wagtail admin, built from the workflow's table.

A service declares its admin actions next to its workflow::

    class CommitmentViewSet(WorkflowViewSet):
        model = Commitment
        workflow = REVIEW
        actions = [
            WorkflowAction("reject", label="Reject", slug="reject", refused="reject",
                           perform=lambda commitment, user, data: services.reject(commitment, user=user, **data),
                           intro="We will email {contact_name} ...", submit_label="Reject",
                           success_message="{reference} rejected.", form_class=RejectForm, serious=True),
            ...
        ]

and gets: a listing whose rows offer the actions the state allows, an
inspect page with the object's sections, its action buttons and its recent
history, the full history, and one page per action (a form, or just a
confirm button, that POSTs to itself). Whether an action is offered comes
from the workflow table, so the rules live in one place; the action itself
is the service function, so the admin and every other caller share one path.

"view" permission lets staff read; "change" lets them act (or the viewset's
`act_permission`, such as "decide" for a model's own "decide_…" permission).
Nobody adds, edits or deletes these objects through the generic admin forms.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib.admin.utils import quote
from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import registry as log_registry
from wagtail.permissions import policy_registry

from .workflows import IllegalTransition, Workflow

VIEW_PERMISSIONS = ["view", "change"]  # "change" is the permission to act, and implies viewing
ACT_PERMISSION = "change"


class ConfirmForm(forms.Form):
    """No fields: the POST itself (with its CSRF token) is the confirmation."""


@dataclass(frozen=True)
class WorkflowAction:
    """One staff action: a transition of the workflow (by name) and how the admin presents it."""

    name: str
    label: str
    slug: str
    perform: Callable  # (instance, user, cleaned form data) -> None; a service function
    refused: str  # finishes "You cannot …": what the member of staff tried to do
    intro: str  # what will happen; formatted with the viewset's `describe(instance)`
    submit_label: str
    success_message: str
    form_class: type[forms.Form] = ConfirmForm
    icon_name: str = ""
    serious: bool = False
    # The form's arguments from the object, e.g. `lambda event: {"instance": event}` for an edit form.
    form_kwargs: Callable | None = None


@dataclass(frozen=True)
class WorkflowCreate:
    """Staff add an object themselves (the listing's "Add" button): a form, then a service function."""

    label: str  # the button and page title, such as "Add an event"
    form_class: type[forms.Form]
    perform: Callable  # (user, cleaned form data) -> the new object; a service function
    intro: str
    submit_label: str
    success_message: str  # formatted with the viewset's `describe(new object)`
    serious: bool = False


class WorkflowObjectMixin:
    """Breadcrumbs and links shared by the inspect, history and action views."""

    index_url_name = None
    inspect_url_name = None
    history_url_name = None
    menu_label = ""

    def get_listing_url(self):
        return reverse(self.index_url_name)

    def get_object_inspect_url(self):
        return reverse(self.inspect_url_name, args=(quote(self.object.pk),))

    def object_breadcrumbs(self, page_label):
        items = [*self.breadcrumbs_items, {"url": self.get_listing_url(), "label": self.menu_label}]
        if page_label is None:
            items.append({"url": "", "label": str(self.object)})
        else:
            items.append({"url": self.get_object_inspect_url(), "label": self.short_name(self.object)})
            items.append({"url": "", "label": page_label, "sublabel": self.short_name(self.object)})
        return items

    def short_name(self, instance) -> str:
        return str(instance)


class WorkflowIndexView(IndexView):
    any_permission_required = VIEW_PERMISSIONS
    viewset = None

    def get(self, request, *args, **kwargs):
        # Opened without filters (from the menu): show what the viewset says staff look at first.
        if self.viewset.list_opens_with and not self.results_only and not request.GET:
            return redirect(self.viewset.list_url_with(self.viewset.list_opens_with))
        return super().get(request, *args, **kwargs)

    @cached_property
    def user_can_act(self):
        return self.user_has_permission(self.viewset.act_permission)

    def get_base_queryset(self):
        return self.viewset.get_list_queryset()

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission(self.viewset.view_permissions):
            return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_can_act:
            for priority, action in enumerate(self.viewset.available_actions(instance), start=40):
                buttons.append(
                    MenuItem(
                        action.label,
                        url=self.viewset.action_url(action, instance),
                        icon_name=action.icon_name,
                        priority=priority,
                    )
                )
        return buttons


class WorkflowInspectView(WorkflowObjectMixin, InspectView):
    """Everything about one object, grouped in sections, with what staff can do and the recent history."""

    any_permission_required = VIEW_PERMISSIONS
    template_name = "core/admin/inspect.html"
    viewset = None
    recent_history_size = 10

    def get_object(self, queryset=None):
        return get_object_or_404(self.viewset.get_inspect_queryset(), pk=self.pk)

    def get_page_title(self):
        return self.short_name(self.object)

    def get_breadcrumbs_items(self):
        return self.object_breadcrumbs(None)

    def short_name(self, instance):
        return self.viewset.short_name(instance)

    @cached_property
    def user_can_act(self):
        return self.user_has_permission(self.viewset.act_permission)

    def get_fields_context(self):
        return []  # the template shows the viewset's sections instead

    def get_action_buttons(self):
        if not self.user_can_act:
            return []
        return [
            {"action": action, "url": self.viewset.action_url(action, self.object)}
            for action in self.viewset.available_actions(self.object)
        ]

    def get_recent_history(self):
        return (
            log_registry.get_logs_for_instance(self.object)
            .select_related("user")
            .order_by("-timestamp", "-pk")[: self.recent_history_size]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            object_name=self.object._meta.verbose_name,
            status_label=self.viewset.workflow.state_label(getattr(self.object, self.viewset.workflow.state_field)),
            needs_attention=self.viewset.needs_attention(self.object),
            summary=self.viewset.summary(self.object),
            sections=self.viewset.sections(self.object),
            user_can_act=self.user_can_act,
            action_buttons=self.get_action_buttons(),
            history_url=reverse(self.history_url_name, args=(quote(self.object.pk),)),
            recent_history=self.get_recent_history(),
        )
        return context


class WorkflowHistoryView(WorkflowObjectMixin, HistoryView):
    any_permission_required = VIEW_PERMISSIONS
    viewset = None

    def short_name(self, instance):
        return self.viewset.short_name(instance)

    def get_edit_url(self, instance):
        # There is no edit view: link to the object's inspect view instead.
        return reverse(self.inspect_url_name, args=(quote(instance.pk),))

    def get_breadcrumbs_items(self):
        return self.object_breadcrumbs("History")

    @cached_property
    def header_buttons(self):
        return [HeaderButton("Back", url=self.get_object_inspect_url(), icon_name="arrow-left")]


class WorkflowActionView(WorkflowObjectMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """One staff action: a page with a form (or just a confirm button) that POSTs to itself."""

    model = None  # given by the viewset; the permission check needs it
    permission_required = ACT_PERMISSION
    template_name = "core/admin/action.html"
    action: WorkflowAction = None
    viewset = None
    header_icon = "doc-full"

    @cached_property
    def object(self):
        # Looked up after the permission check, so nobody without it learns which objects exist.
        return get_object_or_404(self.viewset.get_inspect_queryset(), pk=self.kwargs["pk"])

    def short_name(self, instance):
        return self.viewset.short_name(instance)

    def get_form_class(self):
        return self.action.form_class

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.action.form_kwargs:
            kwargs.update(self.action.form_kwargs(self.object))
        return kwargs

    def get_page_title(self):
        return self.action.label

    def get_page_subtitle(self):
        return self.short_name(self.object)

    def get_breadcrumbs_items(self):
        return self.object_breadcrumbs(self.action.label)

    def is_allowed(self) -> bool:
        return self.viewset.workflow.allows(self.object, self.action.name)

    def refuse(self, extra=""):
        messages.error(self.request, self.viewset.refusal_message(self.action, self.object) + extra)
        return redirect(self.get_object_inspect_url())

    def get(self, request, *args, **kwargs):
        if not self.is_allowed():
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.is_allowed():
            return self.refuse()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            with transaction.atomic():
                self.action.perform(self.object, self.request.user, form.cleaned_data)
        except IllegalTransition:
            # Someone else acted on it between this page loading and the click.
            self.object.refresh_from_db()
            return self.refuse(" Someone else may have just acted on it.")
        except ValidationError as error:
            # The service refused what was typed, e.g. a name another organisation has.
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.viewset.format(self.action.success_message, self.object))
        return redirect(self.get_object_inspect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            status_label=self.viewset.workflow.state_label(getattr(self.object, self.viewset.workflow.state_field)),
            summary=self.viewset.summary(self.object),
            action=self.action,
            intro=self.viewset.format(self.action.intro, self.object),
            cancel_url=self.get_object_inspect_url(),
        )
        return context


class WorkflowCreateView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Staff add an object: a form whose valid answers go to the viewset's `create.perform`."""

    model = None
    permission_required = "add"
    template_name = "core/admin/action.html"
    create: WorkflowCreate = None
    viewset = None
    header_icon = "plus"

    def get_form_class(self):
        return self.create.form_class

    def get_page_title(self):
        return self.create.label

    def get_breadcrumbs_items(self):
        listing = {"url": reverse(self.viewset.get_url_name("index")), "label": self.viewset.menu_label}
        return [*self.breadcrumbs_items, listing, {"url": "", "label": self.create.label}]

    def form_valid(self, form):
        with transaction.atomic():
            instance = self.create.perform(self.request.user, form.cleaned_data)
        messages.success(self.request, self.viewset.format(self.create.success_message, instance))
        return redirect(self.viewset.get_url_name("inspect"), quote(instance.pk))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action=self.create, intro=self.create.intro, cancel_url=reverse(self.viewset.get_url_name("index"))
        )
        return context


class WorkflowViewSet(ModelViewSet):
    """Listing, inspect, history and the workflow's actions; no edit, copy or delete, and no add unless
    `create` says how staff add one (through a service)."""

    workflow: Workflow = None
    actions: list[WorkflowAction] = []
    create: WorkflowCreate | None = None
    act_permission = ACT_PERMISSION  # the permission to act: "change", or e.g. "decide" for "decide_<model>"
    add_to_reference_index = False
    # The listing's filters when it is opened without any, e.g. {"status": "in_review"}.
    list_opens_with: dict = {}
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None  # search the database: workflow objects are not in the search index

    index_view_class = WorkflowIndexView
    inspect_view_class = WorkflowInspectView
    history_view_class = WorkflowHistoryView
    action_view_class = WorkflowActionView
    create_view_class = WorkflowCreateView

    # What a service says about its objects --------------------------------

    def get_list_queryset(self):
        """The listing's rows: select what its columns show, so the page costs the same for 10 or 10,000."""
        return self.model._default_manager.all()

    def get_inspect_queryset(self):
        return self.model._default_manager.all()

    def short_name(self, instance) -> str:
        return str(instance)

    def describe(self, instance) -> dict:
        """The values the actions' intro and success messages may name, e.g. {"reference": ...}."""
        return {}

    def summary(self, instance) -> str:
        """One line above an object's page, e.g. "LD-DEC-7K3Q: Open planning data"."""
        return str(instance)

    def sections(self, instance) -> list[tuple[str, list[tuple[str, str]]]]:
        """The inspect page: (heading, [(label, value), ...]) for each section."""
        return []

    def needs_attention(self, instance) -> bool:
        """Whether staff should act on it now: its status is shown as the primary tag."""
        return False

    # Built from the table -------------------------------------------------

    @property
    def view_permissions(self) -> list[str]:
        """Any of these lets staff read: "view", or the permission to act."""
        return ["view", self.act_permission]

    def format(self, text: str, instance) -> str:
        return text.format(**self.describe(instance))

    def refusal_message(self, action: WorkflowAction, instance) -> str:
        state = dict(instance._meta.get_field(self.workflow.state_field).choices).get(
            getattr(instance, self.workflow.state_field)
        )
        return f"You cannot {action.refused} this {instance._meta.verbose_name}: its status is ‘{state}’."

    def available_actions(self, instance) -> list[WorkflowAction]:
        """The actions the object's current state allows, in the order staff see them."""
        return [action for action in self.actions if self.workflow.allows(instance, action.name)]

    def list_url_with(self, filters: dict) -> str:
        """The listing's address, filtered: e.g. the sign-ups in review."""
        return f"{reverse(self.get_url_name('index'))}?{urlencode(filters, doseq=True)}"

    def action_url(self, action: WorkflowAction, instance) -> str:
        return reverse(self.get_url_name(action.name), args=(quote(instance.pk),))

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            # These objects change only through the workflow's actions and the public journeys.
            add_url_name=self.get_url_name("add") if self.create else None,
            edit_url_name=None,
            delete_url_name=None,
            usage_url_name=None,
            viewset=self,
            **kwargs,
        )

    def get_index_view_kwargs(self, **kwargs):
        if self.create:
            kwargs["add_item_label"] = self.create.label
        return super().get_index_view_kwargs(
            page_title=self.menu_label, any_permission_required=self.view_permissions, **kwargs
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            menu_label=self.menu_label, any_permission_required=self.view_permissions, **kwargs
        )

    def get_history_view_kwargs(self, **kwargs):
        return super().get_history_view_kwargs(
            menu_label=self.menu_label, any_permission_required=self.view_permissions, **kwargs
        )

    def action_view(self, action):
        return self.construct_view(
            self.action_view_class, action=action, menu_label=self.menu_label, permission_required=self.act_permission
        )

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
            path(f"{action.slug}/<{conv}:pk>/", self.action_view(action), name=action.name) for action in self.actions
        ]
        if self.create:
            create_view = self.construct_view(self.create_view_class, create=self.create)
            urlpatterns.append(path("add/", create_view, name="add"))
        return urlpatterns

    def get_permissions_to_register(self):
        # Offer only "view" (read), "change" (act) and, where staff may add, "add" in the group editor.
        content_type = ContentType.objects.get_for_model(self.model)
        actions = {"view", "change", self.act_permission} | ({"add"} if self.create else set())
        codenames = [get_permission_codename(action, self.model_opts) for action in actions]
        return Permission.objects.filter(content_type=content_type, codename__in=codenames)

    @property
    def url_finder_class(self):
        inspect_url_name = self.get_url_name("inspect")
        view_permissions = self.view_permissions

        class InspectURLFinder(ModelAdminURLFinder):
            """Where the admin links an object, e.g. from reports: its inspect view."""

            def construct_edit_url(self, instance):
                return reverse(inspect_url_name, args=(quote(instance.pk),))

            def get_edit_url(self, instance):
                policy = policy_registry.get(instance)
                if self.user and not policy.user_has_any_permission(self.user, view_permissions):
                    return None
                return self.construct_edit_url(instance)

        return InspectURLFinder
