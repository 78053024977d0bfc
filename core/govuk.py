"""GOV.UK Frontend components rendered from the official macros.

The macros come from govuk-frontend-jinja (matched to our pinned
govuk-frontend). One Jinja environment compiles each macro once per process,
so a component costs microseconds, not a template compile.
"""

from functools import cache

from django.utils.safestring import SafeString, mark_safe
from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape

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


def render_component(component: str, params: dict) -> SafeString:
    """The component's HTML, e.g. `render_component("button", {"text": "Continue"})`.

    None-valued params count as not given.
    """
    given = {name: value for name, value in params.items() if value is not None}
    return mark_safe(_component_template(component).render(params=given))
