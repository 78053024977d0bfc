"""Form fields for the GOV.UK date, time and file upload patterns, with their error messages.

Each field takes `what`, the thing asked for in words, and builds GOV.UK error
messages from it: `GovUKDateField(label="Start date", what="the start date")`
says ‘Enter the start date’ and ‘The start date must include a month’.
"""

import datetime
import decimal
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from .formatting import format_date, format_pounds
from .widgets import DATE_PARTS, GovUKDateInput, GovUKFileUpload, GovUKTextInput, GovUKTimeInput

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
MONTH_NUMBERS = {name: number for number, month in enumerate(MONTHS, start=1) for name in (month, month[:3])}


def _sentence(what: str) -> str:
    return what[0].upper() + what[1:]


@dataclass(frozen=True)
class DateReading:
    """What three date boxes say: a date, or the problem and the parts it lies in."""

    date: datetime.date | None = None
    problem: str | None = None  # "required", "incomplete", "year_digits" or "invalid"
    parts: tuple[str, ...] = ()


def read_date_parts(day, month, year) -> DateReading:
    """Read day, month and year as people type them: ‘3’, ‘03’, ‘8’, ‘Aug’, ‘August’, ‘2018’."""
    given = dict(zip(DATE_PARTS, (str(part or "").strip() for part in (day, month, year)), strict=True))
    missing = tuple(part for part in DATE_PARTS if not given[part])
    if len(missing) == len(DATE_PARTS):
        return DateReading(problem="required", parts=DATE_PARTS)
    if missing:
        return DateReading(problem="incomplete", parts=missing)
    numbers = {
        "day": int(given["day"]) if given["day"].isdigit() else None,
        "month": int(given["month"]) if given["month"].isdigit() else MONTH_NUMBERS.get(given["month"].lower()),
        "year": int(given["year"]) if given["year"].isdigit() else None,
    }
    wrong = tuple(
        part
        for part, low, high in (("day", 1, 31), ("month", 1, 12), ("year", 1, 9999))
        if numbers[part] is None or not low <= numbers[part] <= high
    )
    if wrong:
        return DateReading(problem="invalid", parts=wrong)
    if len(given["year"]) != 4:
        return DateReading(problem="year_digits", parts=("year",))
    try:
        return DateReading(date=datetime.date(numbers["year"], numbers["month"], numbers["day"]))
    except ValueError:  # a day the month does not have, like 30 February
        return DateReading(problem="invalid", parts=("day",))


class GovUKDateField(forms.Field):
    """A date asked as day, month and year (the GOV.UK date input), with the pattern's error messages.

    Given a widget with one box instead (the admin's date picker), it reads an ISO date, 2027-03-27.
    `min_date` and `max_date` (a date, or a callable such as `timezone.localdate`) bound it.
    """

    widget = GovUKDateInput

    def __init__(self, *, what="the date", min_date=None, max_date=None, error_messages=None, **kwargs):
        subject = _sentence(what)
        messages = {
            "required": f"Enter {what}",
            "incomplete": f"{subject} must include a {{missing}}",
            "invalid": f"{subject} must be a real date",
            "year_digits": "Year must include 4 numbers",
            "min_date": f"{subject} must be the same as or after {{min_date}}",
            "max_date": f"{subject} must be the same as or before {{max_date}}",
        }
        super().__init__(error_messages={**messages, **(error_messages or {})}, **kwargs)
        self.min_date, self.max_date = min_date, max_date

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):  # one box, such as the Wagtail admin's date picker: 2027-03-27
            return self._iso_date(value.strip())
        reading = read_date_parts(*(value or ("", "", "")))
        if reading.problem == "required":
            return None
        if reading.problem:
            missing = " and ".join(reading.parts) if reading.problem == "incomplete" else ""
            raise ValidationError(self.error_messages[reading.problem].format(missing=missing), code=reading.problem)
        return reading.date

    def _iso_date(self, text):
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        min_date = self.min_date() if callable(self.min_date) else self.min_date
        max_date = self.max_date() if callable(self.max_date) else self.max_date
        if min_date and value < min_date:
            message = self.error_messages["min_date"].format(min_date=format_date(min_date))
            raise ValidationError(message, code="min_date")
        if max_date and value > max_date:
            message = self.error_messages["max_date"].format(max_date=format_date(max_date))
            raise ValidationError(message, code="max_date")

    def parts_in_error(self, parts) -> list[str]:
        """The boxes to flag after an error: the wrong ones, or all three for a date out of bounds."""
        if isinstance(parts, list | tuple) and len(parts) == len(DATE_PARTS):
            reading = read_date_parts(*parts)
            if reading.problem:
                return list(reading.parts)
        return list(DATE_PARTS)


TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<half>am|pm)?$")
NAMED_TIMES = {"midday": datetime.time(12), "noon": datetime.time(12), "midnight": datetime.time(0)}


class GovUKTimeField(forms.Field):
    """A time typed in one box: ‘14:30’, ‘2:30pm’, ‘2pm’, ‘midday’."""

    widget = GovUKTimeInput

    def __init__(self, *, what="the time", error_messages=None, help_text="For example, 14:30 or 2:30pm", **kwargs):
        messages = {
            "required": f"Enter {what}",
            "invalid": f"Enter {what} in the correct format, like 14:30 or 2:30pm",
            "not_real": f"{_sentence(what)} must be a real time",
        }
        super().__init__(error_messages={**messages, **(error_messages or {})}, help_text=help_text, **kwargs)

    def to_python(self, value):
        if isinstance(value, datetime.time) or value in self.empty_values:
            return value or None
        text = str(value).strip().lower().replace(" ", "")
        if text in NAMED_TIMES:
            return NAMED_TIMES[text]
        match = TIME.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
        if half and not 1 <= hour <= 12:
            raise ValidationError(self.error_messages["not_real"], code="not_real")
        if half:
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise ValidationError(self.error_messages["not_real"], code="not_real")
        return datetime.time(hour, minute)


@deconstructible
class FileLimit:
    """Refuses a file bigger than `max_size` bytes or without one of `extensions`, in GOV.UK words."""

    def __init__(self, max_size: int | None = None, extensions: list[str] | None = None):
        self.max_size = max_size
        self.extensions = [extension.lower().lstrip(".") for extension in extensions or []]

    def __call__(self, file):
        if self.extensions and file.name.rsplit(".", 1)[-1].lower() not in self.extensions:
            raise ValidationError(f"The selected file must be a {self.describe_types()}", code="file_type")
        if self.max_size and file.size > self.max_size:
            raise ValidationError(f"The selected file must be smaller than {self.describe_size()}", code="file_size")

    def describe_types(self) -> str:
        names = [extension.upper() for extension in self.extensions]
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"

    def describe_size(self) -> str:
        for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
            if self.max_size >= size:
                return f"{self.max_size / size:g}{unit}"
        return f"{self.max_size} bytes"

    def __eq__(self, other):
        return isinstance(other, FileLimit) and (other.max_size, other.extensions) == (self.max_size, self.extensions)


class GovUKFileField(forms.FileField):
    """A file upload with GOV.UK messages; `max_size` in bytes, `extensions` like ["pdf", "docx"]."""

    widget = GovUKFileUpload

    def __init__(self, *, what="a file", max_size=None, extensions=None, error_messages=None, **kwargs):
        messages = {
            "required": f"Select {what}",
            "missing": f"Select {what}",
            "invalid": "The selected file could not be uploaded – try again",
            "empty": "The selected file is empty",
            "max_length": "The selected file’s name must be %(max)d characters or fewer",
        }
        limit = FileLimit(max_size, extensions)
        super().__init__(
            error_messages={**messages, **(error_messages or {})},
            validators=[*kwargs.pop("validators", []), limit],
            **kwargs,
        )
        if limit.extensions:
            self.widget.attrs.setdefault("accept", ",".join(f".{extension}" for extension in limit.extensions))


MONEY = re.compile(r"-?\d+(\.\d+)?")


class GovUKMoneyField(forms.Field):
    """An amount in pounds, read as people type it (‘80000’, ‘£80,000.50’), as an exact Decimal.

    `GovUKMoneyField(label="Estimated cost", what="the estimated cost", max_value=Decimal("10000000"))`
    says ‘Enter the estimated cost’, ‘The estimated cost must be an amount in pounds, like 75000 or
    75000.50’, ‘… must be more than £0’, ‘… must have no more than 2 numbers after the decimal point’
    and ‘… must be £10,000,000 or less’. Never a float.
    """

    def __init__(self, *, what="the amount", max_value: decimal.Decimal, error_messages=None, **kwargs):
        subject = _sentence(what)
        messages = {
            "required": f"Enter {what}",
            "invalid": f"{subject} must be an amount in pounds, like 75000 or 75000.50",
            "not_positive": f"{subject} must be more than £0",
            "decimal_places": f"{subject} must have no more than 2 numbers after the decimal point",
            "max_value": f"{subject} must be {{max_value}} or less",
        }
        kwargs.setdefault("widget", GovUKTextInput(prefix="£", inputmode="decimal", classes="govuk-input--width-10"))
        super().__init__(error_messages={**messages, **(error_messages or {})}, **kwargs)
        self.max_value = max_value

    def to_python(self, value):
        if isinstance(value, decimal.Decimal):
            return value
        text = "".join(str(value or "").split()).removeprefix("£").replace(",", "")
        if not text:
            return None
        if not MONEY.fullmatch(text):  # no exponents, NaN or Infinity, which Decimal would read
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = decimal.Decimal(text)
        if amount <= 0:
            raise ValidationError(self.error_messages["not_positive"], code="not_positive")
        if amount.as_tuple().exponent < -2:
            raise ValidationError(self.error_messages["decimal_places"], code="decimal_places")
        if amount > self.max_value:
            message = self.error_messages["max_value"].format(max_value=format_pounds(self.max_value))
            raise ValidationError(message, code="max_value")
        return amount.quantize(decimal.Decimal("0.01"))
