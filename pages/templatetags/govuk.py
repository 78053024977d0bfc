"""`{% govuk "component-name" param=value ... %}`: GOV.UK Frontend components.

Renders the official macros from govuk-frontend-jinja (matched to our pinned
govuk-frontend) with one Jinja environment that compiles each macro once per
process, so a component costs microseconds, not a template compile.
"""

from functools import cache

from django import template
from django.utils.safestring import mark_safe
from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape

register = template.Library()

_environment = Environment(
    loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    autoescape=select_autoescape(default=True, default_for_string=True),
    auto_reload=False,  # the macros only change when the package is upgraded
)


@cache
def _component_template(component: str):
    macro = "govuk" + "".join(part.capitalize() for part in component.split("-"))
    source = (
        f'{{% from "govuk_frontend_jinja/components/{component}/macro.html" import {macro} %}}'
        f"{{{{ {macro}(params) }}}}"
    )
    return _environment.from_string(source)


def render_component(component: str, params: dict) -> str:
    """The component's HTML; None-valued params count as not given."""
    given = {name: value for name, value in params.items() if value is not None}
    return mark_safe(_component_template(component).render(params=given))


@register.simple_tag(name="govuk")
def govuk_component(component, **params):
    return render_component(component, params)
