"""Bulletins in the Wagtail admin, declared on core.workflow_admin, and the subscribers' listing.

Subscribers are seen only by staff given their "view" permission (no group
has it by default), with counts per topic and frequency; nobody edits them.

Bulletin senders write a bulletin, see it as the email will look, send a
test to themselves, then send it now or schedule it; its page shows how the
sending goes. Each action calls its function in subscriptions.mailings.
"""

import django_filters
from django import forms
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.urls import path
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput

from core.formatting import format_datetime
from core.workflow_admin import WorkflowAction, WorkflowCreate, WorkflowInspectView, WorkflowViewSet
from notifications.models import render_email
from topics.services import all_topics

from . import mailings, services
from .models import Bulletin, Subscriber
from .workflow import BULLETINS

Status = Bulletin.Status


class BulletinForm(forms.ModelForm):
    topics = forms.ModelMultipleChoiceField(
        queryset=all_topics(),
        widget=forms.CheckboxSelectMultiple,
        help_text="It goes to every confirmed subscriber of any of these topics.",
    )

    class Meta:
        model = Bulletin
        fields = ["subject", "body", "topics"]


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(label="Send at (UK time)", widget=AdminDateTimeInput())

    def clean_send_at(self):
        send_at = self.cleaned_data["send_at"]
        if send_at <= timezone.now():
            raise forms.ValidationError("Choose a time in the future")
        return send_at


ACTIONS = [
    WorkflowAction(
        name="edit",
        label="Edit",
        slug="edit",
        perform=lambda bulletin, user, data: mailings.edit_bulletin(bulletin, data, user=user),
        refused="edit",
        intro="Change the bulletin before it is sent.",
        submit_label="Save changes",
        success_message="‘{subject}’ saved.",
        form_class=BulletinForm,
        form_kwargs=lambda bulletin: {"instance": bulletin},
        icon_name="edit",
    ),
    WorkflowAction(
        name="send_test",
        label="Send a test to me",
        slug="send-test",
        perform=lambda bulletin, user, data: mailings.send_test(bulletin, user=user),
        refused="send a test of",
        intro="We will email the bulletin, as subscribers will get it, to you alone.",
        submit_label="Send the test",
        success_message="Test of ‘{subject}’ sent to you.",
        icon_name="mail",
    ),
    WorkflowAction(
        name="send",
        label="Send now",
        slug="send",
        perform=lambda bulletin, user, data: mailings.send_bulletin(bulletin, user=user),
        refused="send",
        intro="We will email ‘{subject}’ to every confirmed subscriber of {topics}, once. This cannot be undone.",
        submit_label="Send to subscribers",
        success_message="‘{subject}’ is being sent.",
        icon_name="mail",
        serious=True,
    ),
    WorkflowAction(
        name="schedule",
        label="Schedule",
        slug="schedule",
        perform=lambda bulletin, user, data: mailings.schedule(bulletin, data["send_at"], user=user),
        refused="schedule",
        intro="We will email ‘{subject}’ to every confirmed subscriber of {topics} at the time you choose.",
        submit_label="Schedule",
        success_message="‘{subject}’ is scheduled.",
        form_class=ScheduleForm,
        icon_name="time",
    ),
    WorkflowAction(
        name="unschedule",
        label="Cancel the schedule",
        slug="unschedule",
        perform=lambda bulletin, user, data: mailings.unschedule(bulletin, user=user),
        refused="cancel the schedule of",
        intro="The bulletin goes back to being a draft.",
        submit_label="Cancel the schedule",
        success_message="‘{subject}’ is a draft again.",
        icon_name="cross",
    ),
]

CREATE = WorkflowCreate(
    label="Write a bulletin",
    form_class=BulletinForm,
    perform=lambda user, data: mailings.create_bulletin(data, user=user),
    intro="Nothing is sent until you send or schedule it.",
    submit_label="Save as draft",
    success_message="‘{subject}’ saved as a draft.",
)


class BulletinInspectView(WorkflowInspectView):
    """The bulletin's page, with the email as subscribers will see it."""

    template_name = "subscriptions/admin/bulletin_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        links = {"manage_url": "#", "unsubscribe_url": "#"}
        _, context["preview_html"] = render_email(
            "subscriptions/bulletin", self.object.subject, {**mailings.bulletin_context(self.object), **links}
        )
        return context


class BulletinViewSet(WorkflowViewSet):
    model = Bulletin
    workflow = BULLETINS
    actions = ACTIONS
    create = CREATE
    name = "bulletins"
    url_prefix = "bulletins"
    icon = "mail"
    menu_label = "Bulletins"
    add_to_admin_menu = True
    menu_order = 320
    inspect_view_class = BulletinInspectView

    search_fields = ["subject"]
    list_display = [
        "subject",
        StatusTagColumn("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("send_at", label="Scheduled for", accessor="scheduled_for"),
        DateColumn("created_at", label="Written", sort_key="created_at"),
    ]

    def get_inspect_queryset(self):
        return Bulletin.objects.prefetch_related("topics").select_related("sent_by")

    def short_name(self, bulletin):
        return bulletin.subject

    def summary(self, bulletin):
        return f"To subscribers of {self._topics(bulletin)}"

    def describe(self, bulletin):
        return {"subject": bulletin.subject, "topics": self._topics(bulletin)}

    def sections(self, bulletin):
        about = [
            ("Subject", bulletin.subject),
            ("Topics", self._topics(bulletin)),
            ("Scheduled for (UK time)", format_datetime(bulletin.send_at) if bulletin.send_at else "Not scheduled"),
        ]
        sections = [("Bulletin", about)]
        counts = mailings.progress(bulletin)
        if counts:
            sending = [
                ("Started", format_datetime(bulletin.sent_at)),
                ("By", str(bulletin.sent_by or "the schedule")),
                ("Waiting to send", str(counts["queued"] + counts["sending"])),
                ("Sent", str(counts["sent"])),
                ("Failed", str(counts["failed"])),
                ("Total", str(counts["total"])),
            ]
            sending += [(f"Failed: {email}", error) for email, error in mailings.failures(bulletin)]
            sections.append(("Sending", sending))
        return sections

    @staticmethod
    def _topics(bulletin):
        return ", ".join(topic.name for topic in bulletin.topics.all()) or "no topics"


class SubscriberIndexView(IndexView):
    """The subscribers, with how many confirmed ones there are for each topic and each frequency."""

    template_name = "subscriptions/admin/subscriber_index.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **services.counts()}


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=Subscriber.Status.choices, widget=forms.CheckboxSelectMultiple
    )
    frequency = django_filters.MultipleChoiceFilter(
        label="How often", choices=Subscriber.Frequency.choices, widget=forms.CheckboxSelectMultiple
    )
    topics = django_filters.ModelMultipleChoiceFilter(
        label="Topic", queryset=all_topics(), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Subscriber
        fields = []


class SubscriberViewSet(ModelViewSet):
    """Subscribers, read only, for staff given the "view" permission: people change their own choices."""

    model = Subscriber
    name = "subscribers"
    url_prefix = "subscribers"
    icon = "group"
    menu_label = "Subscribers"
    add_to_admin_menu = True
    menu_order = 330
    index_view_class = SubscriberIndexView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["email"]
    search_backend_name = None  # the database's own search: subscribers are not in the search index
    filterset_class = SubscriberFilterSet
    list_display = [
        "email",
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column("frequency", label="How often", accessor="get_frequency_display", sort_key="frequency"),
        DateColumn("created_at", label="Asked", sort_key="created_at"),
        DateColumn("confirmed_at", label="Confirmed", sort_key="confirmed_at"),
    ]
    inspect_view_fields = [
        "email",
        "status",
        "frequency",
        "topics",
        "new_email",
        "created_at",
        "confirmation_sent_at",
        "confirmed_at",
        "unsubscribed_at",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # Nobody adds, edits or deletes subscribers here: people do it themselves, and erase_subscriber forgets them.
        return super().get_common_view_kwargs(
            add_url_name=None, edit_url_name=None, delete_url_name=None, usage_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    def get_permissions_to_register(self):
        content_type = ContentType.objects.get_for_model(Subscriber)
        return Permission.objects.filter(content_type=content_type, codename="view_subscriber")
