"""Moderating events in the Wagtail admin, declared on core.workflow_admin.

Event moderators see the queue (events waiting first), filter and search it,
read everything the submitter gave and the history, and act: approve (which
publishes), reject with a reason (emailed to the submitter), edit before or
after publishing, feature on the home page, unpublish. Staff can also add an
event themselves, which publishes it at once. Each action calls its function
in events.services, which records who did it and when.
"""

import django_filters
from django import forms
from django.db.models import Case, IntegerField, Value, When
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.widgets import AdminDateInput, AdminTimeInput

from core.formatting import format_date_range, format_datetime, format_datetime_range
from core.workflow_admin import WorkflowAction, WorkflowCreate, WorkflowViewSet
from topics.services import all_topics

from . import services
from .forms import CancelForm
from .models import Event, EventFormat, EventStatus, EventType
from .views.journey import ChangeEventForm
from .workflow import MODERATION

MENU_LABEL = "Events"
Status = EventStatus


class ReasonForm(forms.Form):
    """Staff's reason for rejecting or cancelling, which we email to the person who shared the event."""

    reason = forms.CharField(
        label="Reason",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="We email this to the person who shared the event.",
    )


class AdminCancelForm(CancelForm, ReasonForm):
    field_order = ["what", "reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        what = self.fields["what"]
        what.widget = forms.RadioSelect(choices=what.choices)  # the admin's own radios, not GOV.UK's


def _cancellable_dates(event):
    return {
        "dates": [
            (key, format_datetime_range(occurrence.start, occurrence.end))
            for key, occurrence in services.cancellable_dates(event).items()
        ]
    }


class AdminEventForm(ChangeEventForm):
    """The questions of sharing an event with the admin's own date and time pickers; staff may leave out
    the contact email (an event they add themselves has none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("start_date", "end_date", "repeat_until", "start_time", "end_time"):
            field = self.fields[name]
            field.widget = AdminTimeInput() if name.endswith("_time") else AdminDateInput()
            field.widget.is_required = field.required
            if name.endswith("_date") or name == "repeat_until":
                field.help_text = ""  # the picker shows the format
        self.fields["submitter_email"].required = False
        self.fields["submitter_email"].label = "Contact email (not shown publicly)"


ACTIONS = [
    WorkflowAction(
        name="approve",
        label="Approve and publish",
        slug="approve",
        perform=lambda event, user, data: services.approve(event, user=user),
        refused="approve",
        intro="The event will be listed on the site and in the calendar feeds, and we will email {submitter}.",
        submit_label="Yes, approve and publish",
        success_message="‘{title}’ is published.",
        icon_name="success",
    ),
    WorkflowAction(
        name="edit_in_admin",
        label="Edit",
        slug="edit",
        perform=lambda event, user, data: services.edit_in_admin(event, data, user=user),
        refused="edit",
        intro="Change the event. A published event stays published, and calendars that subscribed are updated.",
        submit_label="Save changes",
        success_message="‘{title}’ saved.",
        form_class=AdminEventForm,
        form_kwargs=lambda event: {"instance": event},
        icon_name="edit",
    ),
    WorkflowAction(
        name="feature",
        label="Feature on the home page",
        slug="feature",
        perform=lambda event, user, data: services.feature(event, user=user),
        refused="feature",
        intro="The event will be shown first in the home page’s list of upcoming events.",
        submit_label="Feature it",
        success_message="‘{title}’ is featured on the home page.",
        icon_name="pick",
    ),
    WorkflowAction(
        name="unfeature",
        label="Stop featuring",
        slug="unfeature",
        perform=lambda event, user, data: services.unfeature(event, user=user),
        refused="stop featuring",
        intro="The event will be listed on the home page only when it is one of the next few.",
        submit_label="Stop featuring",
        success_message="‘{title}’ is no longer featured.",
        icon_name="pick",
    ),
    WorkflowAction(
        name="reject",
        label="Reject",
        slug="reject",
        perform=lambda event, user, data: services.reject(event, user=user, reason=data["reason"]),
        refused="reject",
        intro="We will email {submitter} to say the event was not published, with your reason.",
        submit_label="Reject",
        success_message="‘{title}’ rejected.",
        form_class=ReasonForm,
        icon_name="cross",
        serious=True,
    ),
    WorkflowAction(
        name="cancel",
        label="Cancel",
        slug="cancel",
        perform=lambda event, user, data: services.cancel_chosen(
            event, data["what"], user=user, reason=data["reason"]
        ),
        refused="cancel",
        intro="A cancelled event or date stays on the site marked as cancelled, and calendars that subscribed "
        "are told. We will email {submitter} your reason.",
        submit_label="Cancel it",
        success_message="Cancelled: ‘{title}’.",
        form_class=AdminCancelForm,
        form_kwargs=_cancellable_dates,
        icon_name="cross",
        serious=True,
    ),
    WorkflowAction(
        name="unpublish",
        label="Unpublish",
        slug="unpublish",
        perform=lambda event, user, data: services.unpublish(event, user=user),
        refused="unpublish",
        intro="The event will no longer be listed on the site or in the calendar feeds.",
        submit_label="Yes, unpublish",
        success_message="‘{title}’ unpublished.",
        icon_name="cross",
        serious=True,
    ),
]

CREATE = WorkflowCreate(
    label="Add an event",
    form_class=AdminEventForm,
    perform=lambda user, data: services.create_published_event(data, user=user),
    intro="Events that staff add are published at once.",
    submit_label="Publish the event",
    success_message="‘{title}’ is published.",
)


class EventFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status", choices=EventStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    event_type = django_filters.MultipleChoiceFilter(
        label="Type", choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )
    format = django_filters.MultipleChoiceFilter(
        label="Format", choices=EventFormat.choices, widget=forms.CheckboxSelectMultiple
    )
    topics = django_filters.ModelMultipleChoiceFilter(
        label="Topic", queryset=all_topics(), widget=forms.CheckboxSelectMultiple
    )
    featured = django_filters.BooleanFilter(label="Featured")

    class Meta:
        model = Event
        fields = []


def waiting(event: Event) -> bool:
    return event.status == Status.AWAITING_MODERATION


class EventViewSet(WorkflowViewSet):
    """Events: the moderation queue, each event, its history and the moderators' actions."""

    model = Event
    workflow = MODERATION
    actions = ACTIONS
    create = CREATE
    name = "event_moderation"
    url_prefix = "events"
    icon = "date"
    menu_label = MENU_LABEL
    add_to_admin_menu = True
    menu_order = 310

    list_per_page = 50
    filterset_class = EventFilterSet
    search_fields = ["title", "reference", "organiser_name", "organiser_organisation"]
    list_display = [
        "title",
        Column("starts", label="Starts (UK time)", accessor="first_when", sort_key="start_date"),
        Column("event_type", label="Type", accessor="get_event_type_display", sort_key="event_type"),
        Column("organiser_organisation", label="Organisation", sort_key="organiser_organisation"),
        StatusTagColumn("status", label="Status", accessor="get_status_display", sort_key="status", primary=waiting),
        BooleanColumn("featured", label="Featured"),
        DateColumn("created_at", label="Shared", sort_key="created_at"),
    ]

    def get_list_queryset(self):
        # Waiting events first, then the soonest.
        return Event.objects.annotate(
            waiting_first=Case(
                When(status=Status.AWAITING_MODERATION, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        ).order_by("waiting_first", "start_date", "pk")

    def get_inspect_queryset(self):
        return Event.objects.prefetch_related("topics")

    def available_actions(self, event):
        actions = super().available_actions(event)
        hidden = "feature" if event.featured else "unfeature"
        return [action for action in actions if action.name != hidden]

    def short_name(self, event):
        return event.title

    def summary(self, event):
        return f"{event.reference}: {event.get_event_type_display()} from {event.organiser_organisation}"

    def needs_attention(self, event):
        return waiting(event)

    def describe(self, event):
        return {"title": event.title, "submitter": event.submitter_email or "nobody (added by staff)"}

    def sections(self, event):
        rows_when = [("Date and time (UK)", event.first_when), ("Repeats", event.get_repeat_display())]
        if event.repeats:
            rows_when.append(("Until", format_date_range(event.repeat_until, None)))
        sections = [
            (
                "About the event",
                [
                    ("Reference", event.reference),
                    ("Name", event.title),
                    ("Summary", event.summary),
                    ("Description", event.description),
                    ("Type", event.get_event_type_display()),
                    ("Topics", ", ".join(str(topic) for topic in event.topics.all()) or "None"),
                ],
            ),
            ("When", rows_when),
            (
                "Where",
                [
                    ("Format", event.get_format_display()),
                    ("Venue", event.venue_name or "None"),
                    ("Address", " ".join(filter(None, [event.address, event.postcode])) or "None"),
                    ("Region", event.get_region_display() or "None"),
                    ("How to join online", event.joining_notes or "None"),
                ],
            ),
            (
                "Booking",
                [
                    ("Booking or event link", event.booking_url),
                    ("Cost", "Free" if event.is_free else f"Paid: {event.price_note}"),
                ],
            ),
            (
                "Organiser",
                [
                    ("Organiser", event.organiser_name),
                    ("Organisation", event.organiser_organisation),
                    ("Submitter’s email (never shown publicly)", event.submitter_email or "Added by staff"),
                ],
            ),
        ]
        moderation = [
            ("Shared", format_datetime(event.created_at)),
            ("Last changed", format_datetime(event.updated_at)),
        ]
        if event.rejection_reason:
            moderation.append(("Reason for rejection", event.rejection_reason))
        sections.append(("Moderation", moderation))
        return sections
