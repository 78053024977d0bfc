"""`{% load declaration_tags %}`: the Declaration's own words, for any template that shows them."""

from django import template

from declaration.models import Principle

register = template.Library()


@register.simple_tag
def declaration_principles():
    """Every principle of the Declaration, in editors' order, with its summary."""
    return Principle.objects.only("title", "summary", "sort_order")
