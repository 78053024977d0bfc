"""`{% govuk "component-name" param=value ... %}`: GOV.UK Frontend components.

Renders the official macros from govuk-frontend-jinja (matched to our pinned
govuk-frontend) with one Jinja environment that compiles each macro once per
process, so a component costs microseconds, not a template compile.
"""

from functools import cache

from django import forms, template
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


# Forms -----------------------------------------------------------------------
# `{% govuk_field form.email %}` renders a Django form field as the matching
# GOV.UK component, with its label, hint and inline error. Options:
# label_size ("l", "m", "s"), page_heading (the label is the page's h1),
# maxwords (a character count in words), classes, autocomplete, input_type,
# spellcheck, rows, legend (for radios and checkboxes), inline (radios).


@register.simple_tag
def govuk_field(field, **options):
    widget = field.field.widget
    label_classes = f"govuk-label--{options['label_size']}" if options.get("label_size") else None
    common = {
        "id": field.auto_id,
        "name": field.html_name,
        "hint": {"text": str(field.help_text)} if field.help_text else None,
        "errorMessage": {"text": field.errors[0]} if field.errors else None,
        "classes": options.get("classes"),
    }
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return _choice_field(field, widget, common, options)
    label = {
        "text": str(field.label),
        "classes": label_classes,
        "isPageHeading": bool(options.get("page_heading")),
    }
    if isinstance(widget, forms.CheckboxInput):
        return render_component(
            "checkboxes",
            {
                **common,
                "idPrefix": field.auto_id,
                "items": [
                    {"value": "on", "text": str(field.label), "checked": bool(field.value()), "id": field.auto_id}
                ],
            },
        )
    if isinstance(widget, forms.Select):
        value = field.value()
        items = [{"value": v, "text": str(t), "selected": str(v) == str(value)} for v, t in field.field.choices]
        return render_component("select", {**common, "label": label, "items": items})
    attributes = {}
    max_length = getattr(field.field, "max_length", None)
    if isinstance(widget, forms.Textarea):
        params = {**common, "label": label, "value": field.value() or "", "rows": options.get("rows", 8)}
        if options.get("maxwords"):
            return render_component("character-count", {**params, "maxwords": options["maxwords"]})
        if max_length:
            return render_component("character-count", {**params, "maxlength": max_length})
        return render_component("textarea", params)
    if max_length:
        attributes["maxlength"] = max_length
    input_type = options.get("input_type") or getattr(widget, "input_type", "text")
    return render_component(
        "input",
        {
            **common,
            "label": label,
            "type": input_type,
            "value": field.value() if field.value() is not None else "",
            "autocomplete": options.get("autocomplete"),
            "spellcheck": options.get("spellcheck"),
            "attributes": attributes or None,
        },
    )


def _choice_field(field, widget, common, options):
    multiple = isinstance(widget, forms.CheckboxSelectMultiple)
    value = field.value()
    selected = {str(v) for v in value} if multiple and value else {str(value)} if value not in (None, "") else set()
    items = [
        {"value": v, "text": str(t), "checked": str(v) in selected}
        for v, t in field.field.choices
        if v not in ("", None)
    ]
    legend_classes = f"govuk-fieldset__legend--{options['label_size']}" if options.get("label_size") else None
    return render_component(
        "checkboxes" if multiple else "radios",
        {
            **common,
            "idPrefix": field.auto_id,
            "items": items,
            "fieldset": {
                "legend": {
                    "text": str(options.get("legend") or field.label),
                    "classes": legend_classes,
                    "isPageHeading": bool(options.get("page_heading")),
                }
            },
            "classes": "govuk-radios--inline" if options.get("inline") else common["classes"],
        },
    )


@register.simple_tag
def govuk_error_summary(*forms_with_errors):
    """The error summary for one or more forms: each error links to its field."""
    errors = []
    for form in forms_with_errors:
        if form is None or not form.errors:
            continue
        for error in form.non_field_errors():
            errors.append({"text": error, "href": f"#{next(iter(form)).auto_id}" if form.fields else None})
        for field in form:
            if field.errors:
                errors.append({"text": field.errors[0], "href": f"#{field.auto_id}"})
    if not errors:
        return ""
    return render_component("error-summary", {"titleText": "There is a problem", "errorList": errors})
