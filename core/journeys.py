"""Question-page journeys: one question page per step, then Check your answers, then a confirmation.

A service declares its journey as data and says what happens at the end::

    class ShareEvent(Journey):
        name = "events_share"  # also the session key of the answers
        url_namespace = "events"
        caption = "Share an event"
        done_url_name = "submitted"
        steps = [
            Step("format", FormatForm, "core/journeys/question.html", "How people attend"),
            Step("venue", VenueForm, "core/journeys/question.html", "Venue",
                 when=lambda answers: answers.value("format", "format") != "online"),
            Step("speakers", SpeakerForm, "core/journeys/add_another.html", "Speakers", repeat=True),
            ...
        ]

        def submit(self, request, cleaned, submission_key):
            ...  # the service call, given {step name: cleaned_data}; returns the reference to show

    urlpatterns = [*ShareEvent.urls(prefix="submit/"), ...]

The journey gives every step its page (GET shows the stored answer, POST
validates and stores it), a Back link, "Change" links from Check your
answers that come back to it, Check your answers itself (rows built from
each step's bound form: its fields' labels and the values as chosen),
refuses skipping ahead, stores a double click once (a submission key per
visit) and quietly drops what robots type into a hidden field.

Answers are kept as the raw form data of each step in a store: the session
(``SessionStore``) by default. A journey whose users save and come back
later, from another browser, keeps them in the database instead, one
`core.models.Draft` per draft, with the draft's id in its URLs::

    urlpatterns = [*Apply.urls(prefix="apply/", keyed=True), ...]  # apply/<draft id>/format/ ...

    class Apply(Journey):
        def owner(self, request):  # whose drafts this request may open; None: not signed in
            return signed_in_email(request)

One owner keeps several drafts (`drafts(owner)` lists them; a POST to
`new/` or `start_draft(owner)` starts one), and another person's draft id
answers 404. Every step is
validated again at the end, so an answer that has gone stale (a choice
removed meanwhile) sends the person back to that step. A step's `when` and
the journey's `form_kwargs` read earlier answers from `Answers`: as typed
(`answers.value(step, field)`) or as the step's form cleans them
(`answers.cleaned(step)`).

A step with ``repeat=True`` is answered several times, the GOV.UK "add
another" pattern: its page lists what has been added, each with Change and
Remove, and a form to add one more. The page says how many can be added
(`max_items`); one more than that is refused with an error, not dropped.

A long journey is declared in sections (`TaskListJourney`, `Section`):
each section a short journey with its own check page, listed on a GOV.UK
task list with its status, and everything sent from the task list once
every section is completed.

A step's form may ask for a document (`core.uploads.DocumentField`: the
type read from the content, a size limit); in a keyed journey the file is
kept privately with the draft and sent back only to its owner and staff.

The same steps make the one-page form that changes what a journey stored
(`EditForm`): the same fields, asked under the same conditions and checked
by the same forms.
"""

import contextlib
import copy
import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import escape, linebreaks
from django.views import View
from django.views.decorators.cache import never_cache

from .errors import seconds_until_allowed, too_many_requests
from .formatting import format_date, format_datetime, format_time
from .forms import ConditionalRevealMixin
from .models import Draft, Upload
from .uploads import document_fields, store_upload, stored_uploads, upload_response

SUBMISSION_KEY = "_submission_key"


class SubmitForm(forms.Form):
    """The button on Check your answers: one key per visit, and a field only robots fill in."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    website = forms.CharField(required=False, max_length=200, label="Leave this field empty")


# Where answers are kept ------------------------------------------------------


class SessionStore:
    """Answers in the visitor's session: nothing is stored for a journey that is never finished."""

    def __init__(self, request, key: str):
        self.session, self.key = request.session, key

    def load(self) -> dict:
        return self.session.get(self.key, {})

    def save(self, answers: dict) -> None:
        self.session[self.key] = answers

    def clear(self) -> None:
        """The answers have been sent: forget them."""
        self.session.pop(self.key, None)


class DatabaseStore:
    """Answers in a `core.models.Draft`, for a journey whose URLs carry the draft's id (`urls(keyed=True)`).

    The person leaves and comes back days later, from another browser; what
    they answered stays with the draft, not with a session. Only what a page
    changed is written, so two tabs open on one draft keep each other's
    answers to other questions. Sending marks the draft submitted (the
    service keeps what was sent) and its pages then lead to the journey's end.
    """

    def __init__(self, draft: Draft):
        self.draft = draft
        self.loaded = copy.deepcopy(draft.answers)

    def load(self) -> dict:
        return copy.deepcopy(self.loaded)

    def save(self, answers: dict) -> None:
        """Store what changed since `load`, over what another tab may have stored meanwhile."""
        with transaction.atomic():
            stored = Draft.objects.select_for_update().get(pk=self.draft.pk).answers
            for key in set(self.loaded) | set(answers):
                if key not in answers:
                    stored.pop(key, None)
                elif answers[key] != self.loaded.get(key):
                    stored[key] = answers[key]
            self.draft.answers = stored
            self.draft.save(update_fields=["answers", "updated_at"])
        self.loaded = copy.deepcopy(stored)

    def clear(self) -> None:
        """The answers have been sent: the draft is marked so, and its answers kept."""
        self.draft.submitted_at = timezone.now()
        self.draft.save(update_fields=["submitted_at", "updated_at"])


class Answers:
    """What has been answered so far, as typed (`answers.value("organisation", "region")`), and as
    an earlier step's form reads it (`answers.cleaned("when")`)."""

    def __init__(self, raw: dict, check: Callable[["Answers", str], dict | None] | None = None):
        self.raw = raw
        self.check = check  # (answers, step name) -> that step's cleaned_data, or None
        self._cleaned = {}

    def __contains__(self, step_name: str) -> bool:
        return step_name in self.raw

    def value(self, step_name: str, field_name: str, default=None):
        data = self.raw.get(step_name)
        if not isinstance(data, dict):
            return default
        values = data.get(field_name) or []
        return values[0] if values else default

    def cleaned(self, step_name: str) -> dict | None:
        """A step's answer as its form cleans it, or None when it is not given or not valid.

        For the answer to an earlier step, e.g. a date to compare with, whatever widget typed it.
        """
        if step_name not in self._cleaned:
            self._cleaned[step_name] = None  # a step that asks for itself gets None, not a loop
            self._cleaned[step_name] = self.check(self, step_name) if self.check else None
        return self._cleaned[step_name]


# Declaring a journey ---------------------------------------------------------


@dataclass(frozen=True)
class Step:
    name: str
    form_class: type[forms.Form]
    template: str
    heading: str  # the step's section heading on Check your answers
    when: Callable[[Answers], bool] | None = None  # the step is asked only when this is true
    repeat: bool = False  # answered several times ("add another")
    min_items: int = 1  # for a repeated step: how many are needed to go on
    max_items: int = 20
    item_name: str = "item"  # for a repeated step: "partner", "budget line"
    summary_labels: dict = field(default_factory=dict)  # field name -> a shorter label for Check your answers

    @property
    def limit_text(self) -> str:
        """For a repeated step: how many can be added, shown on its page and as the error past it."""
        return f"You can add up to {self.max_items} {self.item_name}{pluralize(self.max_items)}"

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")

    def applies(self, answers: Answers) -> bool:
        return self.when is None or bool(self.when(answers))


def bind(form_class, data: dict | None, **kwargs):
    """A form bound to stored raw data ({field: [values]}); a document stored for it is its field's initial."""
    query = QueryDict(mutable=True)
    for key, values in (data or {}).items():
        query.setlist(key, values)
    uploads = stored_uploads(form_class, data)
    if uploads:
        kwargs["initial"] = {**kwargs.get("initial", {}), **uploads}
    return form_class(data=query, **kwargs)


def raw_data(form: forms.Form, post: QueryDict) -> dict:
    """What to store of a valid POST: the submitted values of the form's own inputs."""
    return submitted_values(post, {form.add_prefix(name) for name in form.fields})


def submitted_values(data, names: set[str]) -> dict:
    """{input: [values]} of what was submitted for these inputs, from a QueryDict or a plain dict."""
    return {
        key: data.getlist(key) if hasattr(data, "getlist") else _as_list(data[key])
        for key in data
        if key in names or any(key.startswith(f"{name}_") for name in names)  # MultiWidget parts: date_0 ...
    }


def _as_list(value) -> list:
    return list(value) if isinstance(value, list | tuple) else [value]


class Journey:
    """Subclass and declare: name, url_namespace, steps, templates, and what `submit` does."""

    name: str
    url_namespace: str
    steps: list[Step]
    caption: str = ""  # shown above each question, e.g. "Sign the Local Digital Declaration"
    start_url_name: str = ""  # where Back goes from the first question
    check_template: str = "core/journeys/check_answers.html"
    check_title: str = "Check your answers"
    submit_label: str = "Accept and send"
    done_url_name: str = ""
    try_later_template: str = "core/journeys/try_later.html"
    submit_rate: str | None = None  # e.g. "10/h": final submissions per client address
    store_class = SessionStore  # for a journey without a draft id in its URLs
    draft: Draft | None = None  # a keyed journey's draft, for the request being answered
    # A keyed journey's part of the URL that finds its draft; `find_draft` reads it and `draft_key_of` writes it.
    draft_key: str = "<uuid:draft_id>"
    key: object = None  # the draft's key in the URL of the request being answered

    # What a service says --------------------------------------------------

    def owner(self, request) -> str | None:
        """For a journey keyed by a draft id: whose drafts this request may open (e.g. the signed-in
        applicant's email address), or None when nobody is signed in."""
        raise NotImplementedError

    def not_signed_in(self, request):
        """The response to a keyed journey's page when `owner` is None: by default, a 404."""
        raise Http404

    def find_draft(self, request, key) -> Draft:
        """The draft at this key in the URL that the request may open, or Http404; by default the draft
        with this id that `owner(request)` owns. A service whose drafts are shared, or found by a
        reference of its own, says so here (with `draft_key` and `draft_key_of`)."""
        return get_object_or_404(Draft, id=key, journey=self.name, owner=self.owner(request))

    def draft_by_key(self, key) -> Draft:
        """The draft at this key whoever owns it, for staff with the "view upload" permission; or Http404."""
        return get_object_or_404(Draft, id=key, journey=self.name)

    def draft_key_of(self, draft: Draft):
        """The key in the URL of a draft (its id by default), for the page a new draft starts at."""
        return draft.id

    def when_sent(self, request):
        """The response to a keyed journey's page once its draft is sent: by default, the journey's end (a
        task list's sections lead to the task list, so a task-list journey may show what was sent there)."""
        return redirect(self.url(self.done_url_name))

    def form_kwargs(self, step: Step, answers: Answers) -> dict:
        """Extra arguments for a step's form, e.g. an earlier answer to compare with."""
        return {}

    def after_step(self, request, step: Step, form, answers: Answers) -> HttpResponseRedirect | None:
        """Called when a step's answer is valid and stored; return a response to go somewhere else."""
        return None

    def already_submitted(self, submission_key: uuid.UUID) -> str | None:
        """The reference of what this key already stored, for a second click on the button."""
        return None

    def submit(self, request, cleaned: dict, submission_key: uuid.UUID) -> str:
        """Store the answers through a service; return the reference to show. May raise forms.ValidationError."""
        raise NotImplementedError

    # URLs -----------------------------------------------------------------

    @classmethod
    def urls(cls, prefix: str = "", keyed: bool = False) -> list:
        """The journey's pages under `prefix`; `keyed`, each under its draft's id (`<uuid:draft_id>/format/`),
        with answers kept in the database, and `new/` (POST) starting a draft."""
        journey = cls()
        draft_prefix = f"{prefix}{journey.draft_key}/" if keyed else prefix
        patterns = [
            path(f"{draft_prefix}{step.slug}/", QuestionView.as_view(journey=journey, step=step), name=step.name)
            for step in journey.steps
        ]
        patterns.append(path(f"{draft_prefix}check/", CheckAnswersView.as_view(journey=journey), name="check_answers"))
        if keyed:
            patterns += draft_patterns(journey, prefix)
        return patterns

    def url(self, name: str) -> str:
        """A page's address; for a keyed journey's own pages, the one of the draft being answered."""
        if self.draft is not None and name in self.page_names():
            key = self.key if self.key is not None else self.draft_key_of(self.draft)
            return reverse(f"{self.url_namespace}:{name}", kwargs={self.draft_kwarg(): key})
        return reverse(f"{self.url_namespace}:{name}")

    def draft_kwarg(self) -> str:
        """The name of the URL's part that holds the draft's key: "draft_id" for "<uuid:draft_id>"."""
        return re.fullmatch(r"<(?:\w+:)?(\w+)>", self.draft_key)[1]

    def page_names(self) -> set[str]:
        """The URL names of the journey's own pages (under the draft's id when it is keyed)."""
        return {"check_answers", *(step.name for step in self.steps)}

    def first_page_name(self) -> str:
        return self.steps[0].name

    # Drafts, for a journey keyed by a draft id ----------------------------

    def start_draft(self, owner: str) -> Draft:
        return Draft.objects.create(journey=self.name, owner=owner)

    def drafts(self, owner: str):
        """The owner's drafts not yet sent, the latest changed first (for a "your applications" page)."""
        return Draft.objects.filter(journey=self.name, owner=owner, submitted_at=None).order_by("-updated_at")

    def for_draft(self, request, key) -> "Journey":
        """This journey answering the draft at `key` that the request may open (`find_draft`); any other,
        or none, is a 404."""
        if self.owner(request) is None:
            return self.not_signed_in(request)
        answering = copy.copy(self)
        answering.draft = self.find_draft(request, key)
        answering.key = key
        return answering

    def step(self, name: str) -> Step:
        return next(step for step in self.steps if step.name == name)

    def store(self, request):
        if self.draft is not None:
            return DatabaseStore(self.draft)
        return self.store_class(request, self.name)

    def answers(self, raw: dict) -> Answers:
        """The stored answers, each step's cleaned by binding it to the step's form when asked."""
        return Answers(raw, check=self._check_stored)

    def _check_stored(self, answers: Answers, step_name: str) -> dict | None:
        step = self.step(step_name)
        stored = answers.raw.get(step_name)
        if step.repeat or not isinstance(stored, dict):
            return None
        form = bind(step.form_class, stored, **self.form_kwargs(step, answers))
        return form.cleaned_data if form.is_valid() else None

    @property
    def submitted_key(self) -> str:
        return f"{self.name}_submitted"

    # Which step is next ---------------------------------------------------

    def applicable(self, answers: Answers) -> list[Step]:
        return [step for step in self.steps if step.applies(answers)]

    def first_missing(self, answers: Answers) -> Step | None:
        for step in self.applicable(answers):
            stored = answers.raw.get(step.name)
            if stored is None or (step.repeat and len(stored) < step.min_items):
                return step
        return None

    def previous_url(self, step: Step, answers: Answers) -> str:
        applicable = self.applicable(answers)
        index = applicable.index(step) if step in applicable else 0
        if index == 0:
            return self.url(self.start_url_name) if self.start_url_name else ""
        return self.url(applicable[index - 1].name)

    def next_url(self, request, answers: Answers) -> str:
        missing = self.first_missing(answers)
        if missing is None:
            return self.url("check_answers")
        return self.url(missing.name)

    # Validating everything again at the end -------------------------------

    def bound_forms(self, answers: Answers) -> tuple[dict, Step | None]:
        """Every applicable step's valid bound form (a list for a repeated step), or the first stale step."""
        bound = {}
        for step in self.applicable(answers):
            items = answers.raw[step.name] if step.repeat else [answers.raw[step.name]]
            step_forms = []
            for item in items:
                form = bind(step.form_class, item, **self.form_kwargs(step, answers))
                if not form.is_valid():
                    return bound, step
                step_forms.append(form)
            bound[step.name] = step_forms if step.repeat else step_forms[0]
        return bound, None

    def summary(self, bound: dict) -> list[dict]:
        """Check your answers: a section per step, a row per field, from the bound forms."""
        sections = []
        for step in self.steps:
            if step.name not in bound:
                continue
            if step.repeat:
                rows = []
                for index, form in enumerate(bound[step.name]):
                    rows += summary_rows(form, step, self.url(step.name), item=index)
            else:
                rows = summary_rows(bound[step.name], step, self.url(step.name))
            sections.append({"heading": step.heading, "rows": rows})
        return sections


def cleaned_data(bound: dict) -> dict:
    """{step: cleaned_data}, or a list of them for a repeated step."""
    return {
        name: [form.cleaned_data for form in form_or_forms]
        if isinstance(form_or_forms, list)
        else form_or_forms.cleaned_data
        for name, form_or_forms in bound.items()
    }


# Changing what was stored: every question on one page ------------------------


class EditForm(ConditionalRevealMixin, forms.Form):
    """Every question of a journey on one page, to change what the journey stored.

    Declare the journey; give the stored object, if any, as `instance`::

        class ChangeEventForm(EditForm):
            journey = ShareEvent()

        form = ChangeEventForm(request.POST or None, instance=event)

    The fields are the steps' own, in step order and without a prefix, so a
    field's name must differ from every other step's. `sections()` gives each
    step's heading with its fields. A step the submitted answers ask (its
    `when`) is checked by the step's own form, with the journey's
    `form_kwargs`, so its field rules and `clean()` run as on its question
    page. A step they do not ask is not checked, and its fields hold their
    empty value, as the journey would store nothing for it: a change that
    stops asking a step (an event moved online) clears what the step held.
    `cleaned_data` is every step's cleaned data merged into one dict, as a
    service takes the journey's answers. Fields revealed by a radio option
    (core.forms.ConditionalRevealMixin) are drawn inside it and count only
    when it is chosen, as on the question pages.

    The initial answers are the instance's attributes of the same names
    (`initial_from`, which a subclass extends with answers worked out
    differently). A subclass may change the fields in its `__init__` (a
    widget, a label, an answer made optional) and declare fields of its own,
    which come after the steps' and are checked as in any form.

    Repeated ("add another") steps are left out: one page has no room to
    add and remove items.
    """

    journey: Journey = None
    own_heading = ""  # the heading of the section of the subclass's own fields

    def __init__(self, data=None, files=None, *, instance=None, initial=None, **kwargs):
        self.instance = instance
        if instance is not None:
            initial = {**self.initial_from(instance), **(initial or {})}
        super().__init__(data, files, initial=initial, **kwargs)
        own_fields = self.fields
        self.fields, self.step_fields = {}, {}
        shown = Answers({}, check=self._initial_answer)
        for step in self.steps():
            form = step.form_class(**self.journey.form_kwargs(step, shown))
            for name in form.fields:
                if name in self.fields:
                    raise ValueError(f"{type(self).__name__}: the field {name!r} is in two steps")
            self.fields.update(form.fields)
            self.step_fields[step.name] = list(form.fields)
        self.fields.update(own_fields)

    @classmethod
    def steps(cls) -> list[Step]:
        return [step for step in cls.journey.steps if not step.repeat]

    def initial_from(self, instance) -> dict:
        """The stored object's answer to each question: its attribute of the field's name, if it has one."""
        initial = {}
        for step in self.steps():
            for name in step.form_class.base_fields:
                if hasattr(instance, name):
                    value = getattr(instance, name)
                    initial[name] = list(value.all()) if hasattr(value, "all") else value  # many-to-many
        return initial

    def _initial_answer(self, answers: Answers, step_name: str) -> dict | None:
        """Before anything is sent, a step's answer is its initial values (a stored date to compare with)."""
        fields = self.journey.step(step_name).form_class.base_fields
        return {name: self.initial[name] for name in fields if name in self.initial} or None

    def sections(self) -> list[dict]:
        """{"heading", "fields"} for each step, then for the form's own fields if it has any."""
        sections = [
            {"heading": step.heading, "fields": [self[name] for name in self.step_fields[step.name]]}
            for step in self.steps()
        ]
        own = [self[name] for name in self.fields if name not in self._in_steps()]
        if own:
            sections.append({"heading": self.own_heading, "fields": own})
        return sections

    def _clean_fields(self):
        checked = {}
        raw = {
            step.name: submitted_values(self.data, {self.add_prefix(name) for name in self.step_fields[step.name]})
            for step in self.steps()
        }
        answers = Answers(raw, check=lambda answers, step_name: checked.get(step_name))
        for step in self.steps():
            names = self.step_fields[step.name]
            if not step.applies(answers):
                self.cleaned_data.update({name: self.fields[name].to_python(None) for name in names})
                continue
            form = step.form_class(
                data=self.data, files=self.files, prefix=self.prefix, **self.journey.form_kwargs(step, answers)
            )
            form.fields = {name: self.fields[name] for name in names}  # as this page shows them
            if form.is_valid():
                checked[step.name] = form.cleaned_data
            self.cleaned_data.update(form.cleaned_data)
            for name, errors in form.errors.as_data().items():
                self.add_error(None if name == NON_FIELD_ERRORS else name, errors)
        for name, bound_field in self._bound_items():
            if name not in self._in_steps():
                self._clean_own_field(name, bound_field)

    def _in_steps(self) -> set[str]:
        return {name for names in self.step_fields.values() for name in names}

    def _clean_own_field(self, name, bound_field):
        try:
            self.cleaned_data[name] = bound_field.field._clean_bound_field(bound_field)
            if hasattr(self, f"clean_{name}"):
                self.cleaned_data[name] = getattr(self, f"clean_{name}")()
        except forms.ValidationError as error:
            self.add_error(name, error)


# Check your answers rows -----------------------------------------------------


def display_value(bound_field) -> tuple[str, bool]:
    """A field's cleaned value as a person reads it, and whether it runs over several lines."""
    form_field = bound_field.field
    value = bound_field.form.cleaned_data.get(bound_field.name)
    if isinstance(value, datetime.datetime):
        return format_datetime(value), False
    if isinstance(value, datetime.date):
        return format_date(value), False
    if isinstance(value, datetime.time):
        return format_time(value), False
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        return "\n".join(str(item) for item in value), True
    if isinstance(form_field, forms.MultipleChoiceField):
        labels = dict(form_field.choices)
        return "\n".join(str(labels.get(item, item)) for item in value), True
    if isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
        return str(dict(form_field.choices).get(value, value or "")), False
    if isinstance(form_field, forms.BooleanField):
        return ("Yes" if value else "No"), False
    if value is None:
        return "", False
    return str(value), isinstance(form_field.widget, forms.Textarea)


def summary_rows(form, step: Step, step_url: str, item: int | None = None) -> list[dict]:
    rows = []
    unrevealed = form.unrevealed_fields() if isinstance(form, ConditionalRevealMixin) else set()
    for bound_field in form:
        if bound_field.is_hidden or bound_field.name in unrevealed:  # an answer to an option not chosen
            continue
        label = str(step.summary_labels.get(bound_field.name, bound_field.label))
        value, multiline = display_value(bound_field)
        if item is not None:
            label = f"{label} ({step.item_name} {item + 1})"
        query = f"?change=1&item={item}" if item is not None else "?change=1"
        rows.append(
            {
                "key": {"text": label},
                "value": {"html": linebreaks(escape(value))} if multiline and value else {"text": value or "None"},
                "actions": {
                    "items": [
                        {
                            "href": f"{step_url}{query}#{bound_field.id_for_label}",
                            "text": "Change",
                            "visuallyHiddenText": label.lower(),
                        }
                    ]
                },
            }
        )
    return rows


def instance_rows(form_class, instance, sources: dict | None = None) -> list[tuple[str, str]]:
    """The same questions, answered by a stored object: (label, value) rows for the admin.

    `sources` maps a form field to a dotted path on the instance where its
    name differs, e.g. {"organisation_name": "organisation.name"}.
    """
    rows = []
    for name, form_field in form_class.base_fields.items():
        value = instance
        for attribute in (sources or {}).get(name, name).split("."):
            value = getattr(value, attribute)
        if hasattr(value, "all"):  # a many-to-many field
            text = "\n".join(str(item) for item in value.all())
        elif isinstance(form_field, forms.ChoiceField) and not isinstance(form_field, forms.ModelChoiceField):
            text = str(dict(form_field.choices).get(value, value))
        else:
            text = "" if value is None else str(value)
        rows.append((str(form_field.label), text or "None"))
    return rows


# The views -------------------------------------------------------------------


class JourneyPage(View):
    """A page of a journey, answering the request's own draft when the journey is keyed by one."""

    journey: Journey = None

    def dispatch(self, request, *args, **kwargs):
        key_name = self.journey.draft_kwarg()
        if key_name in kwargs:
            journey = self.journey.for_draft(request, kwargs[key_name])
            if not isinstance(journey, Journey):
                return journey  # not signed in: the service's response
            self.journey = journey
            if journey.draft.submitted_at is not None:  # sent: nothing more to change
                return journey.when_sent(request)
        self.store = self.journey.store(request)
        self.raw = self.store.load()
        self.answers = self.journey.answers(self.raw)
        return self.answer(request, *args, **kwargs)

    def answer(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


def draft_patterns(journey: Journey, prefix: str) -> list:
    """A keyed journey's pages besides its questions: starting a draft, and the documents uploaded to one."""
    return [
        path(f"{prefix}new/", NewDraftView.as_view(journey=journey), name="new_draft"),
        path(
            f"{prefix}{journey.draft_key}/files/<uuid:upload_id>/",
            UploadView.as_view(journey=journey),
            name="uploaded_file",
        ),
    ]


@method_decorator(never_cache, name="dispatch")
class UploadView(View):
    """A document uploaded to a draft, for its owner or staff with the "view upload" permission; else 404."""

    journey: Journey = None
    http_method_names = ["get", "head"]

    def get(self, request, upload_id, **kwargs):
        key = kwargs[self.journey.draft_kwarg()]
        if request.user.has_perm("core.view_upload"):
            draft = self.journey.draft_by_key(key)
        else:
            journey = self.journey.for_draft(request, key)
            if not isinstance(journey, Journey):
                return journey  # not signed in: the service's response
            draft = journey.draft
        return upload_response(get_object_or_404(Upload, id=upload_id, draft=draft))


@method_decorator(never_cache, name="dispatch")
class NewDraftView(View):
    """POST: a new draft of a keyed journey for whoever is signed in, then its first question."""

    journey: Journey = None
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        owner = self.journey.owner(request)
        if owner is None:
            return self.journey.not_signed_in(request)
        journey = copy.copy(self.journey)
        journey.draft = journey.start_draft(owner)
        return redirect(journey.url(journey.first_page_name()))


@method_decorator(never_cache, name="dispatch")
class QuestionView(JourneyPage):
    step: Step = None

    def answer(self, request, *args, **kwargs):
        self.changing = request.GET.get("change") == "1"
        if not self.step.applies(self.answers):
            return redirect(self.journey.next_url(request, self.answers))
        missing = self.journey.first_missing(self.answers)
        applicable = self.journey.applicable(self.answers)
        if missing and missing is not self.step and applicable.index(missing) < applicable.index(self.step):
            return redirect(self.journey.url(missing.name))
        return super().answer(request, *args, **kwargs)

    def new_form(self, data=None, files=None):
        kwargs = self.journey.form_kwargs(self.step, self.answers)
        if not self.step.repeat:
            uploads = stored_uploads(self.step.form_class, self.raw.get(self.step.name))
            kwargs = {**kwargs, "initial": {**kwargs.get("initial", {}), **uploads}} if uploads else kwargs
        return self.step.form_class(data=data, files=files, **kwargs)

    def item_index(self) -> int | None:
        try:
            index = int(self.request.GET.get("item", ""))
        except ValueError:
            return None
        items = self.raw.get(self.step.name) or []
        return index if 0 <= index < len(items) else None

    def get(self, request, *args, **kwargs):
        if self.step.repeat:
            index = self.item_index()
            stored = self.raw[self.step.name][index] if index is not None else None
        else:
            stored = self.raw.get(self.step.name)
        form = bind(self.step.form_class, stored, **self.journey.form_kwargs(self.step, self.answers))
        if stored is None:
            form = self.new_form()
        return self.render(form)

    def post(self, request, *args, **kwargs):
        if self.step.repeat:
            return self.post_item(request)
        form = self.new_form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form)
        self.raw[self.step.name] = self.stored_answer(form)
        self.store.save(self.raw)
        return self.after_valid(form)

    def stored_answer(self, form) -> dict:
        """What to keep of a valid answer: what was typed, and the id of each document uploaded or kept."""
        answer = raw_data(form, self.request.POST)
        for name in document_fields(self.step.form_class):
            value, key = form.cleaned_data.get(name), form.add_prefix(name)
            if isinstance(value, UploadedFile):
                if self.journey.draft is None:
                    raise ImproperlyConfigured(f"{self.journey.name}: a journey with uploads needs urls(keyed=True)")
                answer[key] = [str(store_upload(self.journey.draft, value).id)]
            elif value:  # the document uploaded before, kept
                answer[key] = [str(value.id)]
            else:
                answer.pop(key, None)
        return answer

    def post_item(self, request):
        items = list(self.raw.get(self.step.name) or [])
        if "remove" in request.POST:
            with contextlib.suppress(ValueError, IndexError):
                del items[int(request.POST["remove"])]
            self.raw[self.step.name] = items
            self.store.save(self.raw)
            return redirect(self.journey.url(self.step.name))
        form = self.new_form(request.POST)
        adding = any(request.POST.get(form.add_prefix(name)) for name in form.fields)
        if request.POST.get("continue") and not adding and len(items) >= self.step.min_items:
            return self.after_valid(form)
        if not form.is_valid():
            return self.render(form)
        index = self.item_index()
        if index is None and len(items) >= self.step.max_items:
            form.add_error(None, self.step.limit_text)  # said, not dropped: nothing more is stored
            return self.render(form)
        if index is not None:
            items[index] = raw_data(form, request.POST)
        else:
            items.append(raw_data(form, request.POST))
        self.raw[self.step.name] = items
        self.store.save(self.raw)
        if request.POST.get("continue") and len(items) >= self.step.min_items:
            return self.after_valid(form)
        return redirect(self.journey.url(self.step.name))

    def after_valid(self, form):
        response = self.journey.after_step(self.request, self.step, form, self.answers)
        if response is not None:
            return response
        if self.changing and self.journey.first_missing(self.answers) is None:
            return redirect(self.journey.url("check_answers"))
        return redirect(self.journey.next_url(self.request, self.answers))

    def render(self, form, **extra):
        back_url = (
            self.journey.url("check_answers") if self.changing else self.journey.previous_url(self.step, self.answers)
        )
        context = {
            "form": form,
            "back_url": back_url,
            "changing": self.changing,
            "journey": self.journey,
            "step": self.step,
            **extra,
        }
        if self.step.repeat:
            added = []
            for index, item in enumerate(self.raw.get(self.step.name) or []):
                item_form = bind(self.step.form_class, item, **self.journey.form_kwargs(self.step, self.answers))
                if item_form.is_valid():
                    added.append(
                        {
                            "index": index,
                            "rows": summary_rows(item_form, self.step, self.journey.url(self.step.name), index),
                            "remove_label": f"Remove {self.step.item_name} {index + 1}",
                        }
                    )
            context["added"] = added
            context["can_continue"] = len(added) >= self.step.min_items
        return render(self.request, self.step.template, context)


@method_decorator(never_cache, name="dispatch")
class CheckAnswersView(JourneyPage):
    def done(self, reference: str | None):
        if reference:
            self.request.session[self.journey.submitted_key] = reference
        return redirect(self.journey.url(self.journey.done_url_name))

    def post(self, request, *args, **kwargs):
        submit_form = SubmitForm(request.POST)
        if submit_form.is_valid():
            key = submit_form.cleaned_data["submission_key"]
            reference = self.journey.already_submitted(key)
            if reference:  # a second click on the button
                return self.done(reference)
            if submit_form.cleaned_data["website"]:  # only robots fill in the hidden field
                return self.done(None)
            retry_after = self.journey.submit_rate and seconds_until_allowed(
                request, group=f"{self.journey.name}-submit", rate=self.journey.submit_rate
            )
            if retry_after:
                return too_many_requests(
                    request, retry_after, self.journey.try_later_template, {"journey": self.journey}
                )
        return self.show(submit_form)

    def get(self, request, *args, **kwargs):
        return self.show(SubmitForm())

    def send(self, cleaned: dict, submit_form):
        """Hand the answers to the service; the confirmation, or None with the service's refusal on the form."""
        try:
            reference = self.journey.submit(
                self.request, cleaned, submission_key=submit_form.cleaned_data["submission_key"]
            )
        except forms.ValidationError as error:
            submit_form.add_error(None, error)
            return None
        self.store.clear()
        return self.done(reference)

    def show(self, submit_form):
        request = self.request
        missing = self.journey.first_missing(self.answers)
        if missing:
            return redirect(self.journey.url(missing.name))
        bound, stale = self.journey.bound_forms(self.answers)
        if stale:
            return redirect(self.journey.url(stale.name))
        if submit_form.is_bound and submit_form.is_valid():
            sent = self.send(cleaned_data(bound), submit_form)
            if sent:
                return sent
        self.raw.setdefault(SUBMISSION_KEY, str(uuid.uuid4()))
        self.store.save(self.raw)
        context = {
            "journey": self.journey,
            "sections": self.journey.summary(bound),
            "submit_form": submit_form,
            "submission_key": self.raw[SUBMISSION_KEY],
            "back_url": self.journey.url(self.journey.applicable(self.answers)[-1].name),
            "errors": submit_form.errors if submit_form.is_bound else None,
        }
        return render(request, self.journey.check_template, context)


# A task list: sections, each a short journey with its own check page ---------


@dataclass(frozen=True)
class Section:
    name: str  # also the section's part of its pages' URL names: "about-title", "about-check_answers"
    title: str  # the task's name on the task list, e.g. "About the project"
    steps: list[Step]

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")


COMPLETED = "_completed"


class SectionStore:
    """One section's answers, kept inside its task-list journey's store; sending them marks the section
    completed, and any change afterwards puts it back in progress."""

    def __init__(self, whole, section: str):
        self.whole, self.section = whole, section
        self.everything = whole.load()

    def load(self) -> dict:
        return dict(self.everything.get(self.section) or {})

    def save(self, answers: dict) -> None:
        if _without_key(answers) != _without_key(self.load()):
            self.everything[COMPLETED] = [name for name in self.everything.get(COMPLETED, []) if name != self.section]
        self.everything[self.section] = answers
        self.whole.save(self.everything)

    def clear(self) -> None:
        """The section's check page is confirmed: it is completed."""
        completed = self.everything.get(COMPLETED, [])
        self.everything[COMPLETED] = [*completed, self.section] if self.section not in completed else completed
        self.whole.save(self.everything)


def _without_key(answers: dict) -> dict:
    return {name: value for name, value in answers.items() if name != SUBMISSION_KEY}


class SectionJourney(Journey):
    """A section of a task-list journey, answered as a journey of its own: its questions, then its check
    page, whose button marks it completed and goes back to the task list."""

    check_title = "Check your answers"
    submit_label = "Confirm and mark as completed"
    done_url_name = start_url_name = "task_list"

    def __init__(self, whole: "TaskListJourney", section: Section):
        self.whole, self.section = whole, section
        self.name = f"{whole.name}:{section.name}"
        self.url_namespace, self.caption, self.draft = whole.url_namespace, whole.caption, whole.draft
        self.draft_key, self.key = whole.draft_key, whole.key
        self.check_template = whole.check_template
        self.steps = section.steps

    def url(self, name: str) -> str:
        own = name in self.page_names()
        return self.whole.url(f"{self.section.name}-{name}" if own else name)

    def form_kwargs(self, step: Step, answers: Answers) -> dict:
        return self.whole.form_kwargs(step, answers)

    def after_step(self, request, step: Step, form, answers: Answers) -> HttpResponseRedirect | None:
        return self.whole.after_step(request, step, form, answers)

    def store(self, request):
        return SectionStore(self.whole.store(request), self.section.name)

    def for_draft(self, request, key):
        whole = self.whole.for_draft(request, key)
        return whole.section_journey(self.section) if isinstance(whole, Journey) else whole

    def submit(self, request, cleaned: dict, submission_key: uuid.UUID) -> None:
        return None  # nothing is sent yet: the store marks the section completed


class TaskListJourney(Journey):
    """A journey in sections, on a task list (the GOV.UK pattern for a long application)::

        class Apply(TaskListJourney):
            name, url_namespace, caption, done_url_name = "apply", "apply", "Apply for funding", "sent"
            sections = [
                Section("about", "About the project", [Step("title", TitleForm, ...), ...]),
                Section("budget", "Budget", [...]),
            ]

            def submit(self, request, cleaned, submission_key):
                ...  # given {section: {step: cleaned_data}}; returns the reference to show

        urlpatterns = [*Apply.urls(prefix="apply/", keyed=True)]

    The task list (`task_list`, at the prefix) shows each section's status:
    not yet started, in progress, or completed once its check page is
    confirmed (a change afterwards puts it back in progress). Each section's
    pages are at `<section>/<step>/` and `<section>/check/`, named
    `<section>-<step>` and `<section>-check_answers`. The button to send is
    on the task list and works only when every section is completed; every
    answer is checked again then, as at the end of any journey. The
    journey's `form_kwargs` and `after_step` serve every section's steps;
    what they and a step's `when` read (`Answers`) is that section's answers.
    """

    sections: list[Section]
    steps = []
    task_list_template = "core/journeys/task_list.html"
    incomplete_message = "Complete every section before you send"

    @classmethod
    def urls(cls, prefix: str = "", keyed: bool = False) -> list:
        journey = cls()
        draft_prefix = f"{prefix}{journey.draft_key}/" if keyed else prefix
        patterns = [path(draft_prefix, TaskListView.as_view(journey=journey), name="task_list")]
        for section in journey.sections:
            part = journey.section_journey(section)
            patterns += [
                path(
                    f"{draft_prefix}{section.slug}/{step.slug}/",
                    QuestionView.as_view(journey=part, step=step),
                    name=f"{section.name}-{step.name}",
                )
                for step in section.steps
            ]
            patterns.append(
                path(
                    f"{draft_prefix}{section.slug}/check/",
                    CheckAnswersView.as_view(journey=part),
                    name=f"{section.name}-check_answers",
                )
            )
        if keyed:
            patterns += draft_patterns(journey, prefix)
        return patterns

    def section_journey(self, section: Section) -> SectionJourney:
        return SectionJourney(self, section)

    def page_names(self) -> set[str]:
        return {
            "task_list",
            *(
                f"{section.name}-{name}"
                for section in self.sections
                for name in self.section_journey(section).page_names()
            ),
        }

    def first_page_name(self) -> str:
        return "task_list"

    def tasks(self, request, raw: dict) -> list[dict]:
        """Each section with its status and where its link goes: the next question, or its check page."""
        tasks = []
        for section in self.sections:
            part = self.section_journey(section)
            started = bool(_without_key(raw.get(section.name) or {}))
            completed = section.name in raw.get(COMPLETED, [])
            answers = part.answers(raw.get(section.name) or {})
            tasks.append(
                {
                    "section": section,
                    "status": "completed" if completed else "in_progress" if started else "not_started",
                    "href": part.next_url(request, answers),
                }
            )
        return tasks

    def cleaned_answers(self, raw: dict) -> tuple[dict, str | None]:
        """Every section's answers checked again and cleaned, as sending takes them ({section: {step:
        cleaned_data}}); or, when a question is missing or no longer valid, the address of the first such."""
        cleaned = {}
        for section in self.sections:
            part = self.section_journey(section)
            answers = part.answers(raw.get(section.name) or {})
            bound, stale = part.bound_forms(answers)
            missing = part.first_missing(answers) or stale
            if missing:
                return cleaned, part.url(missing.name)
            cleaned[section.name] = cleaned_data(bound)
        return cleaned, None

    def task_list_items(self, tasks: list[dict]) -> list[dict]:
        """The GOV.UK task list component's items."""
        statuses = {
            "not_started": {"tag": {"text": "Not yet started", "classes": "govuk-tag--blue"}},
            "in_progress": {"tag": {"text": "In progress", "classes": "govuk-tag--light-blue"}},
            "completed": {"text": "Completed"},
        }
        return [
            {"title": {"text": task["section"].title}, "href": task["href"], "status": statuses[task["status"]]}
            for task in tasks
        ]


@method_decorator(never_cache, name="dispatch")
class TaskListView(CheckAnswersView):
    """The task list, and its button that sends every section once all are completed."""

    def show(self, submit_form):
        tasks = self.journey.tasks(self.request, self.raw)
        all_completed = all(task["status"] == "completed" for task in tasks)
        if submit_form.is_bound and submit_form.is_valid():
            if not all_completed:
                submit_form.add_error(None, self.journey.incomplete_message)
            else:
                cleaned, stale_url = self.journey.cleaned_answers(self.raw)
                if stale_url:  # gone stale since its section was completed
                    return redirect(stale_url)
                sent = self.send(cleaned, submit_form)
                if sent:
                    return sent
        self.raw.setdefault(SUBMISSION_KEY, str(uuid.uuid4()))
        self.store.save(self.raw)
        context = {
            "journey": self.journey,
            "items": self.journey.task_list_items(tasks),
            "completed_count": sum(task["status"] == "completed" for task in tasks),
            "all_completed": all_completed,
            "submit_form": submit_form,
            "submission_key": self.raw[SUBMISSION_KEY],
            "back_url": self.journey.url(self.journey.start_url_name) if self.journey.start_url_name else "",
            "errors": submit_form.errors if submit_form.is_bound else None,
        }
        return render(self.request, self.journey.task_list_template, context)
