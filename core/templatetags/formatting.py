"""`{% load formatting %}`: dates and times the GOV.UK way in templates.

`{{ event.starts_at|govuk_datetime }}` → ‘3 August 2018 at 4:05pm’;
`{{ milestone.start_date|date_range:milestone.end_date }}` → ‘3 to 5 August 2018’.
"""

import datetime

from django import template

from core import formatting

register = template.Library()


@register.filter
def govuk_date(value):
    if isinstance(value, datetime.datetime):
        value = formatting.uk_time(value)
    return formatting.format_date(value) if value else ""


@register.filter
def govuk_time(value):
    if isinstance(value, datetime.datetime):
        value = formatting.uk_time(value).time()
    return formatting.format_time(value) if value is not None else ""


@register.filter
def govuk_datetime(value):
    return formatting.format_datetime(value) if value else ""


@register.filter
def date_range(start, end):
    return formatting.format_date_range(start, end)


@register.filter
def datetime_range(start, end):
    return formatting.format_datetime_range(start, end) if start else ""
