"""`{% load fund_money %}`: `{{ grant.amount|pounds }}` → ‘£98,500’ (pence shown only when there are some)."""

from django import template

from funding.projects import format_money

register = template.Library()


@register.filter
def pounds(amount):
    return "" if amount is None else format_money(amount)
