"""The Local Digital Fund: rounds with their windows and rules, expressions of interest, and applications.

A round is data that staff edit in the admin (its dates, budget, phases and
eligibility rules); where it stands (`RoundState`) is worked out from its
dates at the moment asked, so each window opens and closes by itself at the
minute set. An expression of interest is sent once from an applicant's draft
(a `core.models.Draft` of the expression-of-interest journey); staff invite
or decline it, and inviting opens an `Application`, whose answers are kept
in its own draft until it is submitted. Who may open a bid is its lead
contact and the collaborators the lead adds (`Collaborator`).

States change only in `funding.services`, through the workflows in
`funding.workflow`, which record who did what and when.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from core import page_cache
from core.formatting import UK_TIME_ZONE, format_date, format_datetime, format_time
from organisations.models import Organisation, OrganisationType
from pages.blocks import BodyBlock
from pages.models import BasePage
from pages.querysets import PublicPageQuerySet

from . import projects

MAX_AMOUNT = Decimal("10000000.00")  # no bid to this fund comes near £10 million; more is a typing slip


def money_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """Pounds and pence, exactly: never a float."""
    return models.DecimalField(
        verbose_name,
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(MAX_AMOUNT)],
        **kwargs,
    )


class RoundState(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    EOI_OPEN = "eoi_open", "Expressions of interest open"
    EVALUATING = "evaluating", "Evaluating expressions of interest"
    APPLICATIONS_OPEN = "applications_open", "Applications open to those invited"
    DECISIONS_DUE = "decisions_due", "Decisions due"
    CLOSED = "closed", "Closed"


class PhaseName(models.TextChoices):
    DISCOVERY = "discovery", "Discovery"
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"


class ServiceArea(models.TextChoices):
    PLANNING = "planning", "Planning and building control"
    REVENUES_AND_BENEFITS = "revenues_and_benefits", "Revenues and benefits"
    ADULT_SOCIAL_CARE = "adult_social_care", "Adult social care"
    CHILDRENS_SERVICES = "childrens_services", "Children’s services"
    HOUSING = "housing", "Housing"
    WASTE = "waste", "Waste and recycling"
    HIGHWAYS_AND_TRANSPORT = "highways_and_transport", "Highways and transport"
    LICENSING = "licensing", "Licensing"
    PUBLIC_HEALTH = "public_health", "Public health"
    ENVIRONMENT = "environment", "Environmental services"
    CUSTOMER_SERVICES = "customer_services", "Customer services"
    TECHNOLOGY = "technology", "Technology and infrastructure"
    DATA = "data", "Data and information"
    OTHER = "other", "Another service area"


LOCAL_AUTHORITY_TYPES = [
    OrganisationType.COUNTY_COUNCIL,
    OrganisationType.DISTRICT_COUNCIL,
    OrganisationType.UNITARY_AUTHORITY,
    OrganisationType.METROPOLITAN_BOROUGH,
    OrganisationType.LONDON_BOROUGH,
    OrganisationType.COMBINED_AUTHORITY,
]


def at_time_on_date(value: datetime.datetime) -> str:
    """‘11:59pm on 5 October 2018’, in UK time."""
    value = timezone.localtime(value, UK_TIME_ZONE)
    return f"{format_time(value.time())} on {format_date(value)}"


class RoundQuerySet(models.QuerySet):
    def current(self, now: datetime.datetime | None = None) -> "Round | None":
        """The round people should hear about: of those not closed, the one that changes next; else the latest."""
        now = now or timezone.now()
        rounds = list(self)
        coming = [(round_.next_change(now), round_) for round_ in rounds]
        coming = [(when, round_) for when, round_ in coming if when is not None]
        if coming:
            return min(coming, key=lambda pair: pair[0])[1]
        return max(rounds, key=lambda round_: round_.eoi_opens_at, default=None)

    def next_change(self, now: datetime.datetime) -> datetime.datetime | None:
        """When any of these rounds next changes state (and so, perhaps, which is current)."""
        return min(filter(None, (round_.next_change(now) for round_ in self)), default=None)


class Round(ClusterableModel):
    """One round of the fund: its windows (UK time), its budget, the phases it offers and who may bid."""

    name = models.CharField(max_length=100, unique=True, help_text="For example, ‘Round 1’.")
    slug = models.SlugField(max_length=100, unique=True)
    total_budget = money_field("total budget", help_text="In pounds, for example 7500000.")
    eoi_opens_at = models.DateTimeField("expressions of interest open")
    eoi_closes_at = models.DateTimeField("expressions of interest close")
    evaluation_ends_at = models.DateTimeField("evaluation of expressions of interest ends")
    applications_open_at = models.DateTimeField("applications open")
    applications_close_at = models.DateTimeField("applications close")
    decision_date = models.DateField("decisions by")
    minimum_local_authorities = models.PositiveSmallIntegerField(
        "minimum number of local authorities per bid",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    lead_organisation_types = models.JSONField(
        "types of organisation that may lead a bid",
        default=list,
        blank=True,
        help_text="Leave empty to let any local authority lead.",
    )
    maximum_bids_led = models.PositiveSmallIntegerField(
        "bids one organisation may lead in the round",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("total_budget"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("eoi_opens_at"), FieldPanel("eoi_closes_at")]),
                FieldPanel("evaluation_ends_at"),
                FieldRowPanel([FieldPanel("applications_open_at"), FieldPanel("applications_close_at")]),
                FieldPanel("decision_date"),
            ],
            heading="Dates (UK time)",
        ),
        InlinePanel("phases", label="Phase", heading="Phases offered", min_num=1),
        MultiFieldPanel(
            [
                FieldPanel("minimum_local_authorities"),
                FieldPanel("lead_organisation_types"),
                FieldPanel("maximum_bids_led"),
            ],
            heading="Eligibility",
        ),
    ]

    class Meta:
        ordering = ["-eoi_opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eoi_opens_at__lt=models.F("eoi_closes_at"))
                & models.Q(eoi_closes_at__lte=models.F("evaluation_ends_at"))
                & models.Q(evaluation_ends_at__lte=models.F("applications_open_at"))
                & models.Q(applications_open_at__lt=models.F("applications_close_at")),
                name="round_windows_in_order",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        order = [
            ("eoi_opens_at", "eoi_closes_at", "Expressions of interest must close after they open"),
            ("eoi_closes_at", "evaluation_ends_at", "Evaluation must end after expressions of interest close"),
            ("evaluation_ends_at", "applications_open_at", "Applications must open after evaluation ends"),
            ("applications_open_at", "applications_close_at", "Applications must close after they open"),
        ]
        errors = {}
        for earlier, later, message in order:
            first, second = getattr(self, earlier), getattr(self, later)
            strictly = earlier.endswith("opens_at") or earlier.endswith("open_at")
            if first and second and (second <= first if strictly else second < first):
                errors[later] = message
        closes = self.applications_close_at
        if self.decision_date and closes and self.decision_date < timezone.localtime(closes).date():
            errors["decision_date"] = "Decisions must be due on or after the day applications close"
        if errors:
            raise ValidationError(errors)

    def state(self, now: datetime.datetime | None = None) -> RoundState:
        """Where the round stands at `now`: a window is open from its opening minute until its closing one."""
        now = now or timezone.now()
        if now < self.eoi_opens_at:
            return RoundState.UPCOMING
        if now < self.eoi_closes_at:
            return RoundState.EOI_OPEN
        if now < self.applications_open_at:
            return RoundState.EVALUATING
        if now < self.applications_close_at:
            return RoundState.APPLICATIONS_OPEN
        if timezone.localtime(now).date() <= self.decision_date:
            return RoundState.DECISIONS_DUE
        return RoundState.CLOSED

    def decisions_end_at(self) -> datetime.datetime:
        """The first minute after the decision day, UK time: the round closes then."""
        next_day = self.decision_date + datetime.timedelta(days=1)
        return datetime.datetime.combine(next_day, datetime.time(), tzinfo=UK_TIME_ZONE)

    def next_change(self, now: datetime.datetime) -> datetime.datetime | None:
        """When the round next changes state after `now`; None once it has closed."""
        changes = [
            self.eoi_opens_at,
            self.eoi_closes_at,
            self.applications_open_at,
            self.applications_close_at,
            self.decisions_end_at(),
        ]
        return min((change for change in changes if change > now), default=None)

    def state_sentence(self, now: datetime.datetime | None = None) -> str:
        """Where the round stands, as a sentence worked out from its dates."""
        state = self.state(now)
        if state == RoundState.UPCOMING:
            return f"{self.name} opens for expressions of interest at {at_time_on_date(self.eoi_opens_at)}"
        if state == RoundState.EOI_OPEN:
            return f"Expressions of interest are open until {at_time_on_date(self.eoi_closes_at)}"
        if state == RoundState.EVALUATING:
            return (
                "Expressions of interest have closed and are being evaluated. "
                f"Applications open to those invited at {at_time_on_date(self.applications_open_at)}"
            )
        if state == RoundState.APPLICATIONS_OPEN:
            return f"Applications are open to those invited until {at_time_on_date(self.applications_close_at)}"
        if state == RoundState.DECISIONS_DUE:
            return f"Decisions are due by {format_date(self.decision_date)}"
        return f"{self.name} has closed"

    def eoi_window_open(self, now: datetime.datetime | None = None) -> bool:
        return self.state(now) == RoundState.EOI_OPEN

    def application_window_open(self, now: datetime.datetime | None = None) -> bool:
        return self.state(now) == RoundState.APPLICATIONS_OPEN

    def who_may_lead(self) -> str:
        labels = dict(OrganisationType.choices)
        chosen = [str(labels[value]) for value in self.lead_organisation_types if value in labels]
        return ", ".join(chosen) if chosen else "Any local authority on the bid"

    def summary_rows(self) -> list[dict]:
        """The round's dates, budget, phases and rules, as rows of the GOV.UK summary list."""

        def row(key, text=None, html=None):
            return {"key": {"text": key}, "value": {"html": html} if html is not None else {"text": text}}

        phases = format_html_join(
            "", "<li>{} (up to £{})</li>", ((p.get_name_display(), f"{p.cap:,.0f}") for p in self.phases.all())
        )
        return [
            row(
                "Expressions of interest",
                f"{format_datetime(self.eoi_opens_at)} to {format_datetime(self.eoi_closes_at)}",
            ),
            row("Evaluation of expressions of interest ends", format_datetime(self.evaluation_ends_at)),
            row(
                "Applications, for those invited",
                f"{format_datetime(self.applications_open_at)} to {format_datetime(self.applications_close_at)}",
            ),
            row("Decisions by", format_date(self.decision_date)),
            row("Total budget", f"£{self.total_budget:,.0f}"),
            row("Phases funded", html=format_html('<ul class="govuk-list">{}</ul>', phases)),
            row(
                "Who may bid",
                f"At least {self.minimum_local_authorities} local authorities together, "
                "every one of them a signatory of the Local Digital Declaration",
            ),
            row("Who may lead a bid", self.who_may_lead()),
            row("Bids one organisation may lead", str(self.maximum_bids_led)),
        ]

    def phase_cap(self, phase: str) -> Decimal | None:
        return next((p.cap for p in self.phases.all() if p.name == phase), None)


class Phase(Orderable):
    """A phase a round funds, with the most a bid for it may ask."""

    round = ParentalKey(Round, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=20, choices=PhaseName.choices)
    cap = money_field("most a bid may ask", help_text="In pounds, for example 80000.")

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("cap")])]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="one_cap_per_phase_per_round")]

    def __str__(self):
        return f"{self.get_name_display()} (up to £{self.cap:,.0f})"


class FundPage(BasePage):
    """The fund's page at /fund/: editable guidance above the current round's state and what to do next."""

    body = RichTextField(blank=True, max_length=20000)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["funding.FundGuidancePage", "funding.ProjectIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "fund page"

    def guidance_for(self, round_: "Round | None"):
        """The live guidance pages under this page for `round_` or for every round, in the editors' order."""
        pages = FundGuidancePage.objects.child_of(self).live().order_by("path")
        return pages.filter(models.Q(round=round_) | models.Q(round__isnull=True)) if round_ else pages

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        rounds = Round.objects.prefetch_related("phases")
        round_ = rounds.current(now)
        page_cache.changes_at(request, rounds.next_change(now))  # a window opens or closes at its minute
        context.update(
            {
                "round": round_,
                "round_state": round_.state(now) if round_ else None,
                "round_sentence": round_.state_sentence(now) if round_ else "",
                "round_rows": round_.summary_rows() if round_ else [],
                "guidance_pages": self.guidance_for(round_),
            }
        )
        return context


# The fund's own Django pages under /fund/, served before Wagtail's pages: a guidance page there would never be seen.
RESERVED_GUIDANCE_SLUGS = frozenset(
    {"sign-in", "sign-out", "your-bids", "expression-of-interest", "expressions-of-interest", "applications"}
)


class FundGuidancePage(BasePage):
    """Guidance, or questions and answers, for a round (or for every round when none is chosen)."""

    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="guidance_pages")
    body = RichTextField(max_length=50000)

    content_panels = BasePage.content_panels + [FieldPanel("round"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["funding.FundPage"]
    subpage_types = []

    class Meta:
        verbose_name = "fund guidance page"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_GUIDANCE_SLUGS:
            raise ValidationError(
                {
                    "slug": f"The address ‘/fund/{self.slug}/’ is taken by one of the fund's own pages: "
                    "choose another slug"
                }
            )


class EoiStatus(models.TextChoices):
    SUBMITTED = "submitted", "Sent"
    INVITED = "invited", "Invited to apply"
    DECLINED = "declined", "Not invited"


class ExpressionOfInterest(models.Model):
    """An expression of interest as sent: the answers that matter to staff and the public, and its decision."""

    reference = models.CharField(max_length=20, unique=True)  # LDF-EOI-4F8K
    submission_key = models.UUIDField(unique=True)
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="expressions_of_interest")
    status = models.CharField(max_length=20, choices=EoiStatus.choices, default=EoiStatus.SUBMITTED)
    lead_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="bids_led")
    partners = models.ManyToManyField(Organisation, related_name="bids_partnered", blank=True)
    contact_name = models.CharField(max_length=100)
    contact_job_title = models.CharField(max_length=100)
    contact_email = models.EmailField(max_length=254)
    title = models.CharField(max_length=150)
    problem = models.TextField(max_length=2500)
    affected = models.TextField("who it affects", max_length=1500)
    service_area = models.CharField(max_length=40, choices=ServiceArea.choices)
    phase = models.CharField(max_length=20, choices=PhaseName.choices)
    estimated_cost = money_field("estimated cost")
    principles = models.ManyToManyField("declaration.Principle", related_name="expressions_of_interest")
    may_publish = models.BooleanField("may be published")
    feedback = models.TextField(blank=True, max_length=5000)
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    # When the contact was emailed the decision (staff's "Notify applicants" for the round): until then they
    # see it as sent, and cannot open the application an invitation made.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "expression of interest"
        verbose_name_plural = "expressions of interest"
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["round", "status"]), models.Index(fields=["contact_email"])]
        permissions = [("decide_expressionofinterest", "Can invite or decline expressions of interest")]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    @property
    def status_for_applicant(self) -> str:
        """The status its applicant may see: "Sent" until they are notified of the decision."""
        return self.status if self.notified_at else EoiStatus.SUBMITTED

    def get_status_for_applicant_display(self) -> str:
        return EoiStatus(self.status_for_applicant).label


class ApplicationStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"


class Application(models.Model):
    """The full application an invited expression of interest opens; its answers live in `draft` until submitted."""

    reference = models.CharField(max_length=20, unique=True)  # LDF-APP-7K3Q
    expression_of_interest = models.OneToOneField(
        ExpressionOfInterest, on_delete=models.PROTECT, related_name="application"
    )
    draft = models.OneToOneField("core.Draft", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.IN_PROGRESS)
    title = models.CharField(max_length=150, blank=True)
    summary = models.TextField(max_length=2500, blank=True)
    phase = models.CharField(max_length=20, choices=PhaseName.choices, blank=True)
    amount_requested = money_field("amount requested", null=True, blank=True)
    answers = models.JSONField("answers as submitted", default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference}: {self.title or self.expression_of_interest.title}"

    def get_absolute_url(self) -> str:
        return reverse("funding:application", kwargs={"reference": self.reference})

    @property
    def round(self) -> Round:
        return self.expression_of_interest.round


class Collaborator(models.Model):
    """Someone the lead contact added to an application: they sign in by email link and work on it too."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="collaborators")
    email = models.EmailField(max_length=254)
    added_by = models.EmailField(max_length=254)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "email"], name="one_collaborator_entry_per_person")
        ]
        indexes = [models.Index(fields=["email"])]

    def __str__(self):
        return self.email


class ReminderSent(models.Model):
    """A reminder that a window closes soon, sent once to one applicant for one round's window."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    window = models.CharField(max_length=20)  # "eoi" or "application"
    email = models.EmailField(max_length=254)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "window", "email"], name="one_reminder_per_window_per_person")
        ]

    def __str__(self):
        return f"{self.round} {self.window} reminder to {self.email}"


# Funded projects -----------------------------------------------------------------


class ProjectIndexPage(BasePage):
    """The funded projects, at /fund/projects/: editable words above the list, its filters and the totals."""

    parent_page_types = ["funding.FundPage"]
    subpage_types = ["funding.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "funded projects page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = ProjectPage.objects.published()
        form = projects.ProjectFilterForm(
            request.GET,
            rounds=Round.objects.only("name", "slug"),
            phases=PhaseName.choices,
            service_areas=ServiceArea.choices,
            organisations=published.organisations(),
        )
        filters = form.chosen()
        listed = published.filtered(**filters).only(*PROJECT_LIST_FIELDS).with_grants()
        totals = published.totals()
        paginator = Paginator(listed, projects.PROJECTS_PER_PAGE)
        if not filters:
            paginator.count = totals.projects  # the same projects: no second count
        context.update(
            form=form,
            filtered=bool(filters),
            results=paginator.get_page(request.GET.get("page")),
            totals=totals,
            charts=[projects.chart(totals.by_round, "Round"), projects.chart(totals.by_phase, "Phase")],
        )
        return context


# What a list shows of each project, so that a list never loads the projects' bodies.
PROJECT_LIST_FIELDS = (
    *("title", "slug", "url_path", "path", "depth", "introduction", "service_area"),
    *("lead_organisation__name", "lead_organisation__slug"),
)


class ProjectPageQuerySet(PublicPageQuerySet):
    """The funded projects as the public may see them: everything public starts from `published()`."""

    def published(self):
        """Live projects the public may see, by title, with their lead organisation."""
        return self.live().public().select_related("lead_organisation").order_by("title", "pk")

    def with_grants(self):
        """With their grants (each with its round) and partners: two more queries however many projects."""
        return self.prefetch_related(
            Prefetch("grants", queryset=Grant.objects.select_related("round").order_by("awarded_on", "pk")),
            Prefetch("partners", queryset=Organisation.objects.only("name", "slug")),
        )

    def serving(self, principle):
        return self.filter(principles=principle)

    def of(self, organisation):
        """The projects the organisation leads or is a partner in, each once."""
        partnered = ProjectPage.partners.through.objects.filter(organisation=organisation).values("projectpage_id")
        return self.filter(Q(lead_organisation=organisation) | Q(pk__in=partnered))

    def filtered(self, *, round=None, phase="", service_area="", organisation=None, principle=None):
        """The projects with a grant in `round` for `phase` (one grant matching both), and so on."""
        chosen = self
        if round is not None or phase:
            grants = Grant.objects.all()
            if round is not None:
                grants = grants.filter(round=round)
            if phase:
                grants = grants.filter(phase=phase)
            chosen = chosen.filter(pk__in=grants.values("project_id"))
        if service_area:
            chosen = chosen.filter(service_area=service_area)
        if organisation is not None:
            chosen = chosen.of(organisation)
        if principle is not None:
            chosen = chosen.serving(principle)
        return chosen

    def organisations(self):
        """The organisations leading or partners in these projects, by name."""
        chosen = self.values("pk")
        partnered = ProjectPage.partners.through.objects.filter(projectpage__in=chosen).values("organisation_id")
        return Organisation.objects.filter(Q(projects_led__in=chosen) | Q(pk__in=partnered)).distinct()

    def grants(self):
        return Grant.objects.filter(project__in=self.values("pk"))

    def totals(self) -> projects.Totals:
        """How many projects and how much they were awarded, in all, by round and by phase, in one query.

        A project with a grant in each of two rounds counts once in each round, and once in all; a
        published project without a grant yet counts in all, with nothing awarded. The query reads a
        row per grant (and per project without one), added up here.
        """
        rows = self.order_by().values_list(
            "pk", "grants__round__eoi_opens_at", "grants__round__name", "grants__phase", "grants__amount"
        )
        everything, amount = set(), Decimal("0.00")
        by_round, by_phase = {}, {}
        for project, round_opens, round_name, phase, awarded in rows:
            everything.add(project)
            if awarded is None:
                continue
            amount += awarded
            for group in (
                by_round.setdefault((round_opens, round_name), [set(), Decimal("0.00")]),
                by_phase.setdefault(phase, [set(), Decimal("0.00")]),
            ):
                group[0].add(project)
                group[1] += awarded
        return projects.Totals(
            projects=len(everything),
            amount=amount,
            by_round=[
                projects.Total(name, len(chosen), awarded) for (_, name), (chosen, awarded) in sorted(by_round.items())
            ],
            by_phase=[
                projects.Total(label, len(by_phase[value][0]), by_phase[value][1])
                for value, label in PhaseName.choices
                if value in by_phase
            ],
        )


class ProjectPage(BasePage):
    """A funded project: made as a draft when a bid is first funded, completed and published by editors.

    A project funded again (a discovery, then an alpha) keeps this one page;
    each award is a `Grant` of it.
    """

    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="projects_led", null=True, blank=True
    )
    partners = ParentalManyToManyField(Organisation, blank=True, related_name="projects_partnered")
    service_area = models.CharField(max_length=40, choices=ServiceArea.choices, blank=True)
    principles = ParentalManyToManyField(
        "declaration.Principle",
        blank=True,
        related_name="projects",
        help_text="The Declaration principles it serves: it appears on each principle's page.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="What the project found and made: its outputs, blog posts and code repositories.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("lead_organisation"),
        FieldPanel("partners"),
        FieldPanel("service_area"),
        FieldPanel("principles", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        InlinePanel("grants", label="Grant", heading="Grants"),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["funding.ProjectIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(ProjectPageQuerySet)()

    class Meta:
        verbose_name = "funded project"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        grants = list(self.grants.select_related("round").order_by("awarded_on", "pk"))
        partners = list(self.partners.only("name", "slug"))
        context.update(
            details=projects.project_details(self, partners=partners, grants=grants),
            grants=projects.grant_summaries(grants),
            principles=list(self.principles.all()),
        )
        return context


class Grant(Orderable):
    """One award of the fund to a project: for a phase, in a round, from one bid."""

    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="grants")
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, null=True, blank=True, related_name="grant"
    )
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="grants")
    phase = models.CharField(max_length=20, choices=PhaseName.choices)
    amount = money_field("amount awarded")
    awarded_on = models.DateField()
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("round"), FieldPanel("phase"), FieldPanel("amount")]),
        FieldRowPanel([FieldPanel("awarded_on"), FieldPanel("planned_start"), FieldPanel("planned_end")]),
    ]

    def __str__(self):
        return f"{self.get_phase_display()}, {self.round}: £{self.amount:,.2f}"


class FundWindow(models.TextChoices):
    EOI = "eoi", "Expressions of interest"
    APPLICATIONS = "applications", "Applications"


class WindowOpening(models.Model):
    """That a round's window was announced as open (funding.signals.fund_window_opened): once per round and window."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="window_openings")
    window = models.CharField(max_length=20, choices=FundWindow.choices)
    announced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "window"], name="one_announcement_per_window")]

    def __str__(self):
        return f"{self.round} {self.get_window_display().lower()} opened"


# Assessment and decisions --------------------------------------------------------
#
# An assessment is records, not a status: who was assigned a bid and when,
# their declaration about conflicts of interest, each score they gave (a
# re-score is a new row; the latest counts), their comments and every edit,
# flags and each step taken on them, a manager's quality check and the
# decision. Rules live in funding.services ("Assessment and decisions").

DEFAULT_CRITERIA = [
    ("Strategic fit", Decimal("30")),
    ("User need", Decimal("20")),
    ("Deliverability", Decimal("20")),
    ("Value for money", Decimal("15")),
    ("Reuse and openness", Decimal("15")),
]


class ScoreValue(models.IntegerChoices):
    STRONG = 5, "5: strong"
    GOOD = 4, "4: good"
    SATISFACTORY = 3, "3: satisfactory"
    PARTIAL = 2, "2: partial"
    POOR = 1, "1: poor"


class Criterion(models.Model):
    """One thing assessors score a round's applications on, with its weight in per cent."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=100)
    weight = models.DecimalField(
        "weight (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name_plural = "criteria"
        ordering = ["round", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "name"], name="criterion_names_unique_in_round")]

    def __str__(self):
        return f"{self.name} ({self.weight.normalize():f}%)"


class Assignment(models.Model):
    """An assessor given one application to assess, until they finish it or it is handed back."""

    class Ended(models.TextChoices):
        CONFLICT = "conflict", "Declared a conflict of interest"
        REMOVED = "removed", "Removed by a manager"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="assignments")
    assessor = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="fund_assignments")
    assigned_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_because = models.CharField(max_length=20, choices=Ended.choices, blank=True)
    finished_at = models.DateTimeField("assessment finished", null=True, blank=True)
    checked_at = models.DateTimeField("quality checked", null=True, blank=True)
    checked_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"],
                condition=models.Q(ended_at__isnull=True),
                name="one_active_assignment_per_assessor_per_application",
            )
        ]
        permissions = [
            ("assess_application", "Can assess the fund's applications assigned to them"),
            ("manage_assessment", "Can assign, moderate and decide the fund's applications"),
        ]

    def __str__(self):
        return f"{self.application.reference} assessed by {self.assessor.get_full_name() or self.assessor}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class ConflictDeclaration(models.Model):
    """What an assessor declared about conflicts of interest before seeing a bid's scoring form."""

    assignment = models.OneToOneField(Assignment, on_delete=models.PROTECT, related_name="conflict_declaration")
    has_conflict = models.BooleanField()
    details = models.TextField(blank=True, max_length=1000)
    declared_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{'Conflict' if self.has_conflict else 'No conflict'} declared for {self.assignment}"


class Score(models.Model):
    """One score an assessor gave one criterion. A re-score is a new row; the latest counts."""

    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField("score", choices=ScoreValue.choices)
    justification = models.TextField(max_length=3000)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["scored_at", "pk"]
        indexes = [models.Index(fields=["assignment", "criterion", "-scored_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_from_1_to_5")
        ]

    def __str__(self):
        return f"{self.criterion.name}: {self.value}"


class AssessmentComment(models.Model):
    """A comment on one criterion of an application; its words are its revisions, the latest shown."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="assessment_comments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Comment on {self.criterion.name} by {self.author}"


class CommentRevision(models.Model):
    comment = models.ForeignKey(AssessmentComment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(max_length=3000)
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self):
        return f"{self.comment} at {self.written_at:%Y-%m-%d %H:%M}"


class Flag(models.Model):
    """A concern raised about an application; what happened to it is its steps (`FlagStep`)."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="flags")
    reason = models.TextField(max_length=2000)
    raised_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self):
        return f"Flag on {self.application.reference}: {self.reason[:50]}"


class FlagStep(models.Model):
    class Action(models.TextChoices):
        RAISED = "raised", "Raised"
        STOPPED = "stopped", "Stopped"
        RESOLVED = "resolved", "Resolved"

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20, choices=Action.choices)
    note = models.TextField(blank=True, max_length=2000)
    user = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.flag}: {self.get_action_display()}"


class DecisionOutcome(models.TextChoices):
    FUND = "fund", "Fund"
    DO_NOT_FUND = "do_not_fund", "Do not fund"


class Decision(models.Model):
    """The decision on one application: changeable until the round's applicants are notified."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=DecisionOutcome.choices)
    amount = money_field("amount awarded", null=True, blank=True)
    feedback = models.TextField(max_length=5000)
    decided_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(outcome="fund", amount__isnull=False) | models.Q(outcome="do_not_fund")),
                name="a_funded_decision_has_an_amount",
            )
        ]

    def __str__(self):
        return f"{self.application.reference}: {self.get_outcome_display()}"
