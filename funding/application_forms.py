"""The questions of the full application (funding.views.application), section by section.

Each step's form is plain data: what the applicant typed is kept in the
application's draft, and every step is checked again when the application
is sent. Limits on every answer; money is read exactly, as Decimal.
"""

from decimal import Decimal

from django import forms

from core.fields import GovUKDateField
from core.forms import ConditionalRevealMixin, choice_messages, email_field, text_field
from core.uploads import DocumentField
from core.widgets import GovUKCheckbox, GovUKRadios, GovUKSelect, GovUKTextarea, GovUKTextInput
from organisations.models import Organisation

from .models import MAX_AMOUNT, PhaseName, ServiceArea
from .services import unsigned_organisations

MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # 10MB: a spreadsheet or a few letters, never a video


def long_text(label: str, what: str, max_length: int, hint: str = "") -> forms.CharField:
    return text_field(label, what, max_length, help_text=hint, widget=GovUKTextarea(label_size="m"))


class PoundsField(forms.DecimalField):
    """An amount in pounds, read exactly as Decimal; "£1,500.50" is read as 1500.50."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").strip()
        return super().to_python(value)


def money_field(label: str, what: str, *, min_value=Decimal("0.00"), hint: str = "") -> PoundsField:
    """Pounds and pence, exactly: at most two decimal places and no more than the fund could ever give."""
    subject = what[0].upper() + what[1:]
    return PoundsField(
        label=label,
        help_text=hint,
        max_digits=10,
        decimal_places=2,
        min_value=min_value,
        max_value=MAX_AMOUNT,
        widget=GovUKTextInput(prefix="£", inputmode="decimal", classes="govuk-input--width-10", spellcheck=False),
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"{subject} must be an amount of money, like 1500 or 1500.50",
            "min_value": f"{subject} must be £{min_value:,} or more",
            "max_value": f"{subject} must be £{MAX_AMOUNT:,.0f} or less",
            "max_digits": f"{subject} must be £{MAX_AMOUNT:,.0f} or less",
            "max_whole_digits": f"{subject} must be £{MAX_AMOUNT:,.0f} or less",
            "max_decimal_places": f"{subject} must be in pounds and pence, like 1500.50",
        },
    )


# 1. About the project ---------------------------------------------------------


class AboutForm(forms.Form):
    title = text_field("Project title", "the project title", 150, widget=GovUKTextInput(label_size="m"))
    summary = long_text(
        "Summary of the project", "a summary of the project", 2500, "What you will do and why, in a few sentences."
    )
    phase = forms.ChoiceField(
        label="Phase",
        choices=PhaseName.choices,
        widget=GovUKRadios(label_size="m"),
        error_messages=choice_messages("Select the phase you are applying for"),
    )
    start_date = GovUKDateField(label="Start date", what="the start date", help_text="For example, 1 4 2027")
    end_date = GovUKDateField(label="End date", what="the end date", help_text="For example, 30 9 2027")

    def __init__(self, *args, phases=None, **kwargs):
        super().__init__(*args, **kwargs)
        if phases:  # the phases the round offers, each with its cap
            self.fields["phase"].choices = [(phase.name, str(phase)) for phase in phases]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date")
        return cleaned


# 2. Partners and team ---------------------------------------------------------


class OrganisationChoice(forms.ModelChoiceField):
    def label_from_instance(self, organisation):
        return organisation.name


class PartnerForm(forms.Form):
    organisation = OrganisationChoice(
        label="Partner organisation",
        queryset=Organisation.objects.order_by("name"),
        widget=GovUKSelect(label_size="s"),
        error_messages=choice_messages("Select the partner organisation"),
    )
    contact_name = text_field("Name of the contact there", "the name of the contact", 100)
    contact_email = email_field("Email address of the contact there", "the contact’s")


class RoleForm(forms.Form):
    role = text_field("Role", "the role", 100, help_text="For example, product manager or user researcher.")
    filled_by = text_field(
        "Who fills it", "who fills the role", 150, help_text="A name, or the organisation that will provide them."
    )


class SupplierForm(ConditionalRevealMixin, forms.Form):
    supplier_known = forms.ChoiceField(
        label="Do you know which supplier you will work with?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=GovUKRadios(label_size="m", conditional={"yes": ["supplier"]}),
        error_messages=choice_messages("Select yes if you know which supplier you will work with"),
    )
    supplier = text_field("Name of the supplier", "the name of the supplier", 200)


# 3. The problem and users -----------------------------------------------------


class ProblemForm(forms.Form):
    problem = long_text("The problem you will solve", "the problem", 2500)
    users = long_text(
        "Who the users are, and your evidence",
        "who the users are and your evidence",
        5000,
        "What you know about their needs and how you found out.",
    )
    service_area = forms.ChoiceField(
        label="Service area",
        choices=ServiceArea.choices,
        widget=GovUKRadios(label_size="m"),
        error_messages=choice_messages("Select the service area"),
    )


# 4. Approach and plan ---------------------------------------------------------


class ApproachForm(forms.Form):
    approach = long_text("Your approach", "your approach", 5000)
    outputs = long_text("What the project will produce", "what the project will produce", 2500)
    sharing = long_text(
        "How you will share what you make openly",
        "how you will share what you make",
        2500,
        "For example, code on GitHub under an open licence, and blog posts.",
    )


class MilestoneForm(forms.Form):
    milestone = text_field("Milestone", "the milestone", 200)
    due = GovUKDateField(label="When it is due", what="the date the milestone is due")


# 5. Budget --------------------------------------------------------------------


COST_CATEGORIES = [
    ("staff", "Staff"),
    ("supplier", "Supplier"),
    ("research", "User research"),
    ("technology", "Technology and hosting"),
    ("other", "Other"),
]


class CostLineForm(forms.Form):
    category = forms.ChoiceField(
        label="Category",
        choices=COST_CATEGORIES,
        widget=GovUKRadios(label_size="s"),
        error_messages=choice_messages("Select the category of the cost"),
    )
    organisation = text_field("Organisation that spends it", "the organisation that spends it", 200)
    amount = money_field("Amount", "the amount", min_value=Decimal("0.01"))


class MatchFundingForm(forms.Form):
    match_funding = money_field(
        "Match funding",
        "the match funding",
        hint="What the organisations on the bid put in themselves, in pounds. Enter 0 if none.",
    )


class DocumentsForm(forms.Form):
    budget_spreadsheet = DocumentField(
        label="Budget spreadsheet (optional)",
        what="the budget spreadsheet",
        kinds=["xlsx", "ods", "csv"],
        max_size=MAX_UPLOAD_SIZE,
        required=False,
        help_text="An XLSX, ODS or CSV file, smaller than 10MB.",
    )
    letters_of_support = DocumentField(
        label="Letters of support (optional)",
        what="the letters of support",
        kinds=["pdf", "docx", "odt"],
        max_size=MAX_UPLOAD_SIZE,
        required=False,
        help_text="One PDF, DOCX or ODT file, smaller than 10MB. Put several letters in one file.",
    )


# 6. Declarations --------------------------------------------------------------


class DeclarationsForm(ConditionalRevealMixin, forms.Form):
    signatories = forms.BooleanField(
        label="Every organisation on this bid has signed the Local Digital Declaration",
        widget=GovUKCheckbox(label_size="s"),
        error_messages={"required": "Confirm that every organisation on this bid has signed the Declaration"},
    )
    conflicts = forms.ChoiceField(
        label="Does anyone on the bid have a conflict of interest?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=GovUKRadios(label_size="m", conditional={"yes": ["conflict_details"]}),
        error_messages=choice_messages("Select yes if anyone on the bid has a conflict of interest"),
    )
    conflict_details = long_text("Describe the conflict of interest", "the conflict of interest", 2500)
    data_protection = forms.BooleanField(
        label="We will handle personal data in line with data protection law (UK GDPR)",
        widget=GovUKCheckbox(label_size="s"),
        error_messages={"required": "Confirm that you will handle personal data in line with data protection law"},
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = list(organisations)  # the lead's and the partners', from the other sections

    def clean(self):
        cleaned = super().clean()
        unsigned = unsigned_organisations(self.organisations)
        if unsigned:
            names = ", ".join(organisation.name for organisation in unsigned)
            self.add_error(
                "signatories",
                f"Every organisation must have signed the Declaration. Not signed yet: {names}. "
                "They sign at /declaration/ before you send",
            )
        return cleaned
