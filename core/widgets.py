"""Django form widgets that render GOV.UK Frontend components.

A form declares the component, and how it looks, on the widget:

    summary = forms.CharField(max_length=5000, widget=GovUKTextarea(max_words=250, label_size="s"))
    attendance = forms.ChoiceField(choices=..., widget=GovUKRadios(conditional={"in_person": ["venue_name"]}))

and a template renders it with `{% govuk_field form.summary %}`, which asks the widget
(`render_govuk`) for its component filled in from the bound field: label, hint
(the field's help_text), value and first error. Options given in the template
(`label_size="l" page_heading=True`) override the widget's. A field with a
plain Django widget is drawn by the GOV.UK widget that matches it
(`govuk_widget_for`), so a `MultipleChoiceField` shows checkboxes, never a
multiple select.
"""

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.forms.widgets import Input
from django.utils.safestring import SafeString, mark_safe

from .forms import ConditionalRevealMixin
from .govuk import render_component


class GovUKWidget:
    """Mixin for a Django widget: `render_govuk(bound_field)` draws its GOV.UK component."""

    component: str
    option_names = frozenset({"label", "label_size", "page_heading", "hint", "classes"})
    default_options: dict = {}
    # Django sets these on the widget; the component draws them itself or they do not apply
    attrs_not_rendered = frozenset({"required", "id"})

    def __init__(self, attrs=None, **options):
        self.govuk_options = {**self.default_options, **self._checked(options)}
        super().__init__(attrs)

    def _checked(self, options):
        unknown = sorted(set(options) - self.option_names)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no option {', '.join(unknown)}")
        return options

    def render_govuk(self, bound_field, **overrides) -> SafeString:
        options = {**self.govuk_options, **self._checked(overrides)}
        params = self.component_params(bound_field, options)
        return render_component(self.component_for(params), params)

    def component_for(self, params) -> str:
        return self.component

    def component_params(self, bound_field, options) -> dict:
        return {**self.common_params(bound_field, options), "label": self.label(bound_field, options)}

    def error_anchor(self, bound_field) -> str:
        """The id of the input the error summary links to."""
        return bound_field.auto_id

    def common_params(self, bound_field, options) -> dict:
        hint = options.get("hint") or bound_field.help_text
        attributes = {name: value for name, value in self.attrs.items() if name not in self.attrs_not_rendered}
        classes = " ".join(filter(None, [options.get("classes"), attributes.pop("class", None)]))
        if bound_field.field.disabled:
            attributes["disabled"] = True
        return {
            "id": bound_field.auto_id,
            "name": bound_field.html_name,
            "hint": {"text": str(hint)} if hint else None,
            "errorMessage": {"text": bound_field.errors[0]} if bound_field.errors else None,
            "classes": classes or None,
            "attributes": attributes or None,
        }

    @staticmethod
    def label(bound_field, options) -> dict:
        size = options.get("label_size")
        return {
            "text": str(options.get("label") or bound_field.label),
            "classes": f"govuk-label--{size}" if size else None,
            "isPageHeading": bool(options.get("page_heading")),
        }

    @staticmethod
    def fieldset(bound_field, options) -> dict:
        size = options.get("label_size")
        return {
            "legend": {
                "text": str(options.get("legend") or options.get("label") or bound_field.label),
                "classes": f"govuk-fieldset__legend--{size}" if size else None,
                "isPageHeading": bool(options.get("page_heading")),
            }
        }


class GovUKTextInput(GovUKWidget, forms.TextInput):
    """A text input; `input_type="email"`, `autocomplete`, `spellcheck`, `inputmode`, `prefix`, `suffix`.

    Shows `maxlength` where the field has a `max_length`.
    """

    component = "input"
    option_names = GovUKWidget.option_names | {
        "input_type",
        "autocomplete",
        "spellcheck",
        "inputmode",
        "prefix",
        "suffix",
    }

    def component_params(self, bound_field, options):
        params = super().component_params(bound_field, options)
        max_length = getattr(bound_field.field, "max_length", None)
        if max_length:
            params["attributes"] = {**(params["attributes"] or {}), "maxlength": max_length}
        return {
            **params,
            "type": options.get("input_type") or self.input_type,
            "value": self.format_value(bound_field.value()) or "",
            "autocomplete": options.get("autocomplete"),
            "spellcheck": options.get("spellcheck"),
            "inputmode": options.get("inputmode"),
            "prefix": {"text": options["prefix"]} if options.get("prefix") else None,
            "suffix": {"text": options["suffix"]} if options.get("suffix") else None,
        }


class GovUKEmailInput(GovUKTextInput):
    input_type = "email"
    default_options = {"autocomplete": "email", "spellcheck": False}


class GovUKTextarea(GovUKWidget, forms.Textarea):
    """A textarea; with the character count when the field has a `max_length` or the widget `max_words`.

    The count warns as people type rather than stopping them, so no `maxlength` attribute.
    """

    component = "textarea"
    option_names = GovUKWidget.option_names | {"rows", "max_words", "maxwords", "autocomplete", "spellcheck"}
    attrs_not_rendered = GovUKWidget.attrs_not_rendered | {"rows", "cols", "maxlength"}

    def component_params(self, bound_field, options):
        params = {
            **super().component_params(bound_field, options),
            "value": self.format_value(bound_field.value()) or "",
            "rows": options.get("rows", 8),
            "autocomplete": options.get("autocomplete"),
            "spellcheck": options.get("spellcheck"),
        }
        max_words = options.get("max_words") or options.get("maxwords")
        max_length = getattr(bound_field.field, "max_length", None)
        if max_words:
            return {**params, "maxwords": max_words}
        if max_length:
            return {**params, "maxlength": max_length}
        return params

    def component_for(self, params):
        return "character-count" if "maxwords" in params or "maxlength" in params else "textarea"


def _chosen(bound_field) -> set[str]:
    value = bound_field.value()
    values = value if isinstance(value, list | tuple) else [value]
    return {str(v) for v in values if v not in (None, "")}


class GovUKSelect(GovUKWidget, forms.Select):
    component = "select"

    def component_params(self, bound_field, options):
        chosen = _chosen(bound_field)
        items = [{"value": v, "text": str(t), "selected": str(v) in chosen} for v, t in bound_field.field.choices]
        return {**super().component_params(bound_field, options), "items": items}


class GovUKChoices(GovUKWidget):
    """Radios or checkboxes in a fieldset; `legend`, `small`, `item_hints={value: hint}`, and
    `conditional={value: [field names]}`: choosing that option reveals those fields of the same form,
    drawn inside it (the form needs `core.forms.ConditionalRevealMixin`).
    """

    option_names = GovUKWidget.option_names | {"legend", "small", "item_hints", "conditional"}
    size_class: str

    def component_params(self, bound_field, options):
        chosen = _chosen(bound_field)
        hints = options.get("item_hints") or {}
        conditional = options.get("conditional") or {}
        if conditional and not isinstance(bound_field.form, ConditionalRevealMixin):
            raise ImproperlyConfigured(
                f"{type(bound_field.form).__name__} needs ConditionalRevealMixin to reveal fields conditionally"
            )
        items = []
        for value, text in bound_field.field.choices:
            if value in ("", None):
                continue
            item = {"value": value, "text": str(text), "checked": str(value) in chosen}
            if str(value) in hints:
                item["hint"] = {"text": str(hints[str(value)])}
            if str(value) in conditional:
                revealed = (render_field(bound_field.form[name]) for name in conditional[str(value)])
                item["conditional"] = {"html": mark_safe("".join(revealed))}  # noqa: S308 - rendered components
            items.append(item)
        params = self.common_params(bound_field, options)
        extra_classes = [self.size_class] if options.get("small") else []
        return {
            **params,
            "idPrefix": bound_field.auto_id,
            "items": items,
            "fieldset": self.fieldset(bound_field, options),
            "classes": " ".join(filter(None, [params["classes"], *extra_classes, *self.layout_classes(options)]))
            or None,
        }

    def layout_classes(self, options):
        return []


class GovUKRadios(GovUKChoices, forms.RadioSelect):
    """Radios; `inline=True` for two short options side by side."""

    component = "radios"
    option_names = GovUKChoices.option_names | {"inline"}
    size_class = "govuk-radios--small"

    def layout_classes(self, options):
        return ["govuk-radios--inline"] if options.get("inline") else []


class GovUKCheckboxes(GovUKChoices, forms.CheckboxSelectMultiple):
    component = "checkboxes"
    size_class = "govuk-checkboxes--small"


class GovUKCheckbox(GovUKWidget, forms.CheckboxInput):
    """One checkbox whose label is the field's, as for ‘I agree…’."""

    component = "checkboxes"

    def component_params(self, bound_field, options):
        item = {
            "value": "on",
            "text": str(options.get("label") or bound_field.label),
            "checked": bool(bound_field.value()),
            "id": bound_field.auto_id,
        }
        return {**self.common_params(bound_field, options), "idPrefix": bound_field.auto_id, "items": [item]}


DATE_PARTS = ("day", "month", "year")
ERROR_CLASS = " govuk-input--error"


class DayMonthYearWidget(forms.MultiWidget):
    """Three text boxes, read as `<name>_day`, `<name>_month` and `<name>_year`."""

    def __init__(self, attrs=None):
        super().__init__(dict.fromkeys(DATE_PARTS, forms.TextInput), attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


class GovUKDateInput(GovUKWidget, DayMonthYearWidget):
    """Day, month and year boxes in a fieldset. After an error only the wrong parts are flagged,
    as the field (`core.fields.GovUKDateField`) tells; `autocomplete="bday"` for a date of birth.
    """

    component = "date-input"
    option_names = GovUKWidget.option_names | {"legend", "autocomplete"}
    widths = {"day": 2, "month": 2, "year": 4}

    def parts(self, bound_field) -> list:
        value = bound_field.value()
        return list(value) if isinstance(value, list | tuple) else self.decompress(value)

    def parts_in_error(self, bound_field) -> list[str]:
        if not bound_field.errors:
            return []
        find = getattr(bound_field.field, "parts_in_error", None)
        return find(self.parts(bound_field)) if find else list(DATE_PARTS)

    def part_id(self, bound_field, part):
        return f"{bound_field.auto_id}_{part}"

    def error_anchor(self, bound_field):
        return self.part_id(bound_field, (self.parts_in_error(bound_field) or DATE_PARTS)[0])

    def component_params(self, bound_field, options):
        in_error = self.parts_in_error(bound_field)
        autocomplete = options.get("autocomplete")
        items = [
            {
                "name": f"{bound_field.html_name}_{part}",  # as MultiWidget reads it
                "label": part.capitalize(),
                "id": self.part_id(bound_field, part),
                "value": "" if value is None else value,
                "classes": f"govuk-input--width-{self.widths[part]}{ERROR_CLASS if part in in_error else ''}",
                "autocomplete": f"{autocomplete}-{part}" if autocomplete else None,
            }
            for part, value in zip(DATE_PARTS, self.parts(bound_field), strict=True)
        ]
        return {
            **self.common_params(bound_field, options),
            "items": items,
            "fieldset": self.fieldset(bound_field, options),
        }


class GovUKTimeInput(GovUKTextInput):
    """A short text box for a time, like ‘14:30’ or ‘2:30pm’ (`core.fields.GovUKTimeField` reads it)."""

    default_options = {"classes": "govuk-input--width-5", "spellcheck": False}

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%H:%M")
        return super().format_value(value)


class GovUKFileUpload(GovUKWidget, forms.FileInput):
    """The file upload; `javascript=True` for the drop zone that GOV.UK Frontend's script adds."""

    component = "file-upload"
    option_names = GovUKWidget.option_names | {"javascript"}

    def component_params(self, bound_field, options):
        return {**super().component_params(bound_field, options), "javascript": options.get("javascript")}


# A plain Django widget is drawn by the first GOV.UK widget here it is an instance of.
FALLBACKS = [
    (forms.CheckboxSelectMultiple, GovUKCheckboxes),
    (forms.RadioSelect, GovUKRadios),
    (forms.SelectMultiple, GovUKCheckboxes),
    (forms.Select, GovUKSelect),
    (forms.CheckboxInput, GovUKCheckbox),
    (forms.Textarea, GovUKTextarea),
    (forms.FileInput, GovUKFileUpload),
    (Input, GovUKTextInput),
]


def govuk_widget_for(widget) -> GovUKWidget:
    if isinstance(widget, GovUKWidget):
        return widget
    for django_class, govuk_class in FALLBACKS:
        if isinstance(widget, django_class):
            if govuk_class is GovUKTextInput:
                return govuk_class(attrs=widget.attrs, input_type=widget.input_type)
            return govuk_class(attrs=widget.attrs)
    raise TypeError(f"No GOV.UK component for {type(widget).__name__}: give the field a widget from core.widgets")


def render_field(bound_field, **overrides) -> SafeString:
    """The field as its GOV.UK component; a hidden field as its hidden input."""
    widget = bound_field.field.widget
    if widget.is_hidden:
        return bound_field.as_hidden()
    return govuk_widget_for(widget).render_govuk(bound_field, **overrides)


def error_anchor(bound_field) -> str:
    widget = bound_field.field.widget
    return bound_field.auto_id if widget.is_hidden else govuk_widget_for(widget).error_anchor(bound_field)
