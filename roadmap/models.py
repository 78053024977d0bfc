import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from core.formatting import format_date_range
from pages.models import BasePage


class MilestoneStatus(models.TextChoices):
    DONE = "done", "Done"
    NOW = "now", "Happening now"
    UPCOMING = "upcoming", "Upcoming"


class RoadmapPage(BasePage):
    """The unit's roadmap: a timeline of milestones that editors keep."""

    content_panels = BasePage.content_panels + [InlinePanel("milestones", label="Milestone", heading="Milestones")]
    search_fields = BasePage.search_fields + [
        index.RelatedFields("milestones", [index.SearchField("title"), index.SearchField("description")]),
    ]

    parent_page_types = ["pages.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "roadmap page"

    def all_milestones(self) -> list["Milestone"]:
        """The editors' milestones in their order, with other apps' (see `hooked_milestones`) put in by date."""
        return merge_by_date(list(self.milestones.select_related("link_page").all()), hooked_milestones())

    def timeline(self, today=None):
        """Milestones in editors' order, other apps' by date among them, grouped under consecutive period labels."""
        today = today or timezone.localdate()
        milestones = self.all_milestones()
        return [
            TimelinePeriod(label=label, entries=[TimelineEntry(m, m.status_on(today)) for m in group])
            for label, group in groupby(milestones, key=lambda m: m.period_label)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["timeline"] = self.timeline()
        return context


HOOKED_FIELDS = ("period_label", "title", "description", "start_date", "end_date")


def hooked_milestones() -> list["Milestone"]:
    """Milestones that other apps keep from their own data, so their dates are entered once (the fund's rounds).

    Each `register_roadmap_milestones` hook returns a list of dicts with the
    keys of a milestone: `period_label`, `title`, `description` (HTML),
    `start_date`, `end_date` (dates or None), and optionally `link_url` and
    `link_text`. They are shown as milestones, never saved.
    """
    milestones = []
    for hook in hooks.get_hooks("register_roadmap_milestones"):
        for entry in hook():
            milestone = Milestone(**{name: entry[name] for name in HOOKED_FIELDS})
            milestone.link_url, milestone.link_text = entry.get("link_url", ""), entry.get("link_text", "")
            milestones.append(milestone)
    return milestones


def _when(milestone) -> datetime.date | None:
    return milestone.start_date or milestone.end_date


def merge_by_date(edited: list, hooked: list) -> list:
    """The edited milestones in their order, each hooked one put before the first dated one that starts later."""
    merged = list(edited)
    for milestone in sorted((m for m in hooked if _when(m)), key=_when):
        later = (i for i, other in enumerate(merged) if _when(other) and _when(other) > _when(milestone))
        merged.insert(next(later, len(merged)), milestone)
    return merged


@dataclass
class TimelineEntry:
    milestone: "Milestone"
    status: MilestoneStatus | None


@dataclass
class TimelinePeriod:
    label: str
    entries: list[TimelineEntry] = field(default_factory=list)


class Milestone(Orderable):
    page = ParentalKey(RoadmapPage, on_delete=models.CASCADE, related_name="milestones")
    period_label = models.CharField(max_length=50, help_text="When, in words: ‘January 2018’, ‘Early 2019’.")
    title = models.CharField(max_length=150)
    description = RichTextField(features=["bold", "italic", "ol", "ul", "link"], max_length=4000)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(
        null=True, blank=True, help_text="Leave empty for a milestone that happens on one day."
    )
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page with more about this milestone.",
    )

    panels = [
        FieldPanel("period_label"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")], heading="Dates"),
        PageChooserPanel("link_page"),
    ]

    link_url = ""  # set on a milestone another app gives (hooked_milestones), which links elsewhere than a page
    link_text = ""

    def __str__(self):
        return self.title

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be the same as or after the start date."})

    @property
    def dates_text(self):
        return format_date_range(self.start_date, self.end_date)

    def status_on(self, today: datetime.date) -> MilestoneStatus | None:
        """Done, happening now or upcoming on `today`; None when it has no dates.

        A milestone with a single date happens on that day.
        """
        start = self.start_date or self.end_date
        end = self.end_date or self.start_date
        if start is None:
            return None
        if today < start:
            return MilestoneStatus.UPCOMING
        if today > end:
            return MilestoneStatus.DONE
        return MilestoneStatus.NOW
