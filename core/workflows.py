"""Workflows: a model's named states and the actions that move it between them, as one table.

A service declares its workflow once::

    REVIEW = Workflow(
        model=Commitment,
        log_prefix="declaration",
        transitions=[
            Transition("confirm_email", sources=[Status.AWAITING_EMAIL_CONFIRMATION], target=Status.IN_REVIEW,
                       history="Contact confirmed their email address"),
            Transition("reject", sources=[Status.IN_REVIEW], target=Status.REJECTED,
                       history="Rejected", history_detail="reason"),
            ...
        ],
    )

and its services call ``REVIEW.move(commitment, "reject", user=user, data={"reason": reason})``,
the only way the state changes. ``move`` locks the row, refuses an action the
current state does not allow (``IllegalTransition``, with a sentence a person
can read), saves and writes a Wagtail log entry, so the admin shows who did
what and when. The same table drives the admin's action buttons
(``core.workflow_admin``) and the history's wording (``register_log_actions``), so the
rules are written once.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models, transaction
from wagtail.log_actions import LogFormatter, log


class IllegalTransition(Exception):
    """The object's current state does not allow this action."""


@dataclass(frozen=True)
class Transition:
    """One action: the states it may start from and the state it leads to (None: the state stays)."""

    name: str
    sources: Iterable
    target: str | None = None
    history: str = ""  # what the admin's history says happened, e.g. "Rejected"
    history_detail: str | None = None  # a key of the log data to add, e.g. "reason"
    history_format: str = "{message}: {detail}"
    label: str = ""  # the action's name in the history filter; defaults from `name`
    # For wording the detail alone cannot give: the log data in, the sentence out (None: use `history`).
    history_from_data: Callable[[dict], str | None] | None = None

    def __post_init__(self):
        object.__setattr__(self, "sources", tuple(self.sources))

    @property
    def display_name(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()


@dataclass
class Workflow:
    model: type[models.Model]
    transitions: list[Transition]
    log_prefix: str
    state_field: str = "status"
    describe: Callable[[models.Model], str] = field(default=lambda instance: instance._meta.verbose_name)

    def __post_init__(self):
        self._by_name = {transition.name: transition for transition in self.transitions}

    def __getitem__(self, name: str) -> Transition:
        return self._by_name[name]

    def log_action(self, name: str) -> str:
        return f"{self.log_prefix}.{name}"

    def state_label(self, value) -> str:
        return dict(self.model._meta.get_field(self.state_field).choices).get(value, value)

    def allows(self, instance, name: str) -> bool:
        return getattr(instance, self.state_field) in self[name].sources

    def available(self, instance) -> list[Transition]:
        """The actions the instance's current state allows, in the table's order."""
        return [transition for transition in self.transitions if self.allows(instance, transition.name)]

    def move(self, instance, name: str, *, user, data: dict | None = None):
        """Carry out one action on `instance`: lock, check, save, record. Returns the instance.

        Raises IllegalTransition, and changes nothing, when the state stored in
        the database (not the possibly stale one in memory) does not allow it.
        Fields set on `instance` beforehand are saved with the new state.
        """
        transition = self[name]
        with transaction.atomic():
            current = (
                self.model._default_manager.select_for_update()
                .values_list(self.state_field, flat=True)
                .get(pk=instance.pk)
            )
            if current not in transition.sources:
                setattr(instance, self.state_field, current)
                raise IllegalTransition(
                    f"Cannot {name.replace('_', ' ')} a {self.describe(instance)} that is "
                    f"{self.state_label(current).lower()}."
                )
            if transition.target is not None:
                setattr(instance, self.state_field, transition.target)
                instance.save()
            log(instance, self.log_action(name), user=user, data=data or {})
        return instance

    def register_log_actions(self, actions) -> None:
        """For Wagtail's `register_log_actions` hook: the history's wording for every action."""
        for transition in self.transitions:
            actions.register_action(self.log_action(transition.name))(_formatter_for(transition))


def _formatter_for(transition: Transition) -> type[LogFormatter]:
    class Formatter(LogFormatter):
        label = transition.display_name
        message = transition.history or transition.display_name

        def format_message(self, log_entry):
            if transition.history_from_data:
                return transition.history_from_data(log_entry.data or {}) or self.message
            detail = (log_entry.data or {}).get(transition.history_detail) if transition.history_detail else None
            if detail:
                return transition.history_format.format(message=self.message, detail=detail)
            return self.message

    return Formatter
