"""`{% load govuk %}`: GOV.UK Frontend components in Django templates.

`{% govuk "button" text="Continue" %}` renders any component from its macro.
`{% govuk_field form.email label_size="s" %}` renders a form field as its
component: the widget declares which and how (see core.widgets), and options
given here override the widget's: label, label_size ("l", "m", "s"),
page_heading, hint, classes, and the component's own (autocomplete,
spellcheck, input_type, rows, max_words, legend, inline, small...).
`{% govuk_error_summary form other_form %}` lists every field's error, each
linking to the input to correct.
"""

import re
from functools import cache
from pathlib import Path

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core.govuk import render_component
from core.widgets import error_anchor, render_field

register = template.Library()


@register.simple_tag(name="govuk")
def govuk_component(component, **params):
    return render_component(component, params)


@register.simple_tag
def govuk_field(field, **options):
    return render_field(field, **options)


@register.simple_tag
def govuk_error_summary(*forms_with_errors):
    """The error summary for one or more forms: each error links to its field."""
    errors = []
    for form in forms_with_errors:
        if form is None or not form.errors:
            continue
        for error in form.non_field_errors():
            errors.append({"text": error, "href": f"#{error_anchor(next(iter(form)))}" if form.fields else None})
        for field in form:
            if field.errors:
                errors.append({"text": field.errors[0], "href": f"#{error_anchor(field)}"})
    if not errors:
        return ""
    return render_component("error-summary", {"titleText": "There is a problem", "errorList": errors})


@register.filter
def questions(form_or_fields):
    """The fields to draw one after another (of a form, or a list such as an EditForm section's):
    not those drawn inside a radio or checkbox option."""
    bound_fields = list(form_or_fields)
    revealed = {
        name
        for bound_field in bound_fields
        for names in (getattr(bound_field.field.widget, "govuk_options", {}).get("conditional") or {}).values()
        for name in names
    }
    return [bound_field for bound_field in bound_fields if bound_field.name not in revealed]


# The fonts the site's stylesheet loads, as it names them ("../govuk/assets/fonts/light-….woff2").
_STYLESHEET_FONT = re.compile(r"""url\(["']?\.\./(govuk/assets/fonts/[\w.-]+\.woff2)["']?\)""")


@cache
def stylesheet_fonts(stylesheet="css/site.css") -> tuple[str, ...]:
    """The static paths of the web fonts `stylesheet` uses, read once from the built file."""
    path = finders.find(stylesheet)
    if not path and staticfiles_storage.exists(stylesheet):  # only collected (a production image)
        path = staticfiles_storage.path(stylesheet)
    if not path:
        return ()
    return tuple(dict.fromkeys(_STYLESHEET_FONT.findall(Path(path).read_text(encoding="utf-8"))))


@register.simple_tag
def font_preloads():
    """`<link rel="preload">` for each font the stylesheet uses, so the text is drawn in it without waiting
    for the stylesheet to be read first (the browser would find the fonts only then)."""
    return format_html_join(
        "\n  ",
        '<link rel="preload" href="{}" as="font" type="font/woff2" crossorigin>',
        ((static(font),) for font in stylesheet_fonts()),
    )


@register.simple_tag
def js_enabled_script():
    """GOV.UK Frontend's inline snippet, exactly as the Content-Security-Policy's hash of it allows."""
    return format_html("<script>{}</script>", mark_safe(settings.JS_ENABLED_SCRIPT))  # noqa: S308 -- our constant
