"""The funded projects list's parts that need no database: its filter form, money, totals and their chart.

The queries are ProjectPage.objects.published() and friends (funding.models), which the list at
/fund/projects/, principle pages, signatories' entries and the open grants data all start from.
A project funded twice (a discovery, then an alpha) is one page with two grants: totals add up the
grants' amounts and count the project once. Money is Decimal throughout, never a float.
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms

from core.formatting import format_date, format_date_range
from declaration import services as declaration

PROJECTS_PER_PAGE = 20


def format_money(amount: Decimal) -> str:
    """£1,251,492 for whole pounds, £98,500.50 otherwise."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


class ProjectFilterForm(forms.Form):
    """The list's filters: a GET form, every field optional, a value it does not know shown as an error.

    The page gives it what may be chosen: the rounds, the phases, the service areas and the
    organisations in a published project (a draft's partners stay unknown).
    """

    round = forms.ModelChoiceField(
        label="Round",
        queryset=None,
        to_field_name="slug",
        empty_label="All rounds",
        required=False,
        error_messages={"invalid_choice": "Select a round from the list"},
    )
    phase = forms.ChoiceField(
        label="Phase", required=False, error_messages={"invalid_choice": "Select a phase from the list"}
    )
    service_area = forms.ChoiceField(
        label="Service area",
        required=False,
        error_messages={"invalid_choice": "Select a service area from the list"},
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        help_text="Leading the project or a partner in it",
        queryset=None,
        to_field_name="slug",
        empty_label="All organisations",
        required=False,
        error_messages={"invalid_choice": "Select an organisation from the list"},
    )
    principle = forms.ModelChoiceField(
        label="Declaration principle",
        queryset=declaration.principles(),
        to_field_name="slug",
        empty_label="All principles",
        required=False,
        error_messages={"invalid_choice": "Select a principle from the list"},
    )

    def __init__(self, data, *, rounds, phases, service_areas, organisations):
        super().__init__(data)
        self.fields["round"].queryset = rounds
        self.fields["phase"].choices = [("", "All phases"), *phases]
        self.fields["service_area"].choices = [("", "All service areas"), *service_areas]
        self.fields["organisation"].queryset = organisations

    def chosen(self) -> dict:
        """The valid filters, by name; a filter not chosen or not valid is left out."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def grants_line(project) -> str:
    """‘Discovery, Round 1: £80,000; alpha, Round 2: £98,500’, from the project's prefetched grants."""
    grants = sorted(project.grants.all(), key=lambda grant: (grant.awarded_on, grant.pk))
    parts = [f"{grant.get_phase_display()}, {grant.round.name}: {format_money(grant.amount)}" for grant in grants]
    return "; ".join(parts)


# A project's page ------------------------------------------------------------


def project_details(project, *, partners, grants) -> list[dict]:
    """The summary list at the top of a project's page: who, what service, how much."""
    total = sum((grant.amount for grant in grants), Decimal("0.00"))
    rows = [
        ("Lead organisation", project.lead_organisation.name if project.lead_organisation else ""),
        ("Partners", ", ".join(partner.name for partner in partners)),
        ("Service area", project.get_service_area_display() if project.service_area else ""),
        ("Awarded", format_money(total) + (f" in {len(grants)} grants" if len(grants) > 1 else "") if grants else ""),
    ]
    return [{"key": {"text": key}, "value": {"text": value}} for key, value in rows if value]


def grant_summaries(grants) -> list[dict]:
    """Each grant of a project, oldest first: a heading (‘Alpha, Round 2’) and a GOV.UK summary list's rows.

    A summary list rather than a table, so that it reads on a narrow screen without scrolling sideways.
    """
    return [
        {
            "heading": f"{grant.get_phase_display()}, {grant.round.name}",
            "rows": [
                {"key": {"text": key}, "value": {"text": value}}
                for key, value in (
                    ("Amount", format_money(grant.amount)),
                    ("Awarded", format_date(grant.awarded_on)),
                    ("Planned", format_date_range(grant.planned_start, grant.planned_end) or "Not known"),
                )
            ],
        }
        for grant in grants
    ]


# Totals -----------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    label: str
    projects: int
    amount: Decimal

    @property
    def amount_text(self) -> str:
        return format_money(self.amount)

    @property
    def projects_text(self) -> str:
        return f"{self.projects:,} project{'' if self.projects == 1 else 's'}"


@dataclass(frozen=True)
class Totals:
    projects: int
    amount: Decimal
    by_round: list[Total]
    by_phase: list[Total]

    @property
    def amount_text(self) -> str:
        return format_money(self.amount)

    @property
    def projects_text(self) -> str:
        return f"{self.projects:,} project{'' if self.projects == 1 else 's'}"


# The chart ----------------------------------------------------------------------

CHART_WIDTH = 640
LABEL_WIDTH = 150  # the bars' names, left of the bars
FIGURE_WIDTH = 190  # the amount and projects, right of each bar
BAR_HEIGHT = 32
BAR_GAP = 16


@dataclass(frozen=True)
class Bar:
    total: Total
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 6

    @property
    def figure_x(self) -> int:
        return LABEL_WIDTH + self.width + 8


def chart(rows: list[Total], heading: str) -> dict:
    """Bars for an SVG chart of `rows`' amounts, each as wide as its share of the largest (whole pixels),
    and the same figures as a GOV.UK table whose first column is headed `heading`."""
    largest = max((row.amount for row in rows), default=Decimal("0"))
    room = CHART_WIDTH - LABEL_WIDTH - FIGURE_WIDTH
    bars = [
        Bar(
            total=row,
            y=n * (BAR_HEIGHT + BAR_GAP),
            width=int((row.amount / largest * room).to_integral_value()) if largest else 0,
        )
        for n, row in enumerate(rows)
    ]
    return {
        "id": heading.lower(),
        "caption": f"Projects funded and amount awarded, by {heading.lower()}",
        "description": ". ".join(f"{row.label}: {row.projects_text}, {row.amount_text}" for row in rows) or "None yet",
        "bars": bars,
        "table": {
            "head": [
                {"text": heading},
                {"text": "Projects", "format": "numeric"},
                {"text": "Amount awarded", "format": "numeric"},
            ],
            "rows": [
                [
                    {"text": row.label},
                    {"text": f"{row.projects:,}", "format": "numeric"},
                    {"text": row.amount_text, "format": "numeric"},
                ]
                for row in rows
            ],
        },
        "width": CHART_WIDTH,
        "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
