"""Storing what a person submits once, however many times the button is pressed.

A journey's Check your answers page carries a submission key (core.journeys),
and the model stores it in a unique `submission_key` field. A service stores
its row through `create_once`::

    commitment = create_once(Commitment, submission_key, lambda: _store(answers, submission_key))

A second click after the first has been stored gets the first row back. Two
clicks at the same moment both try to store it: the database's unique key
makes the second wait for the first, and it then gets the first's row too.
"""

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, models, transaction

Row = TypeVar("Row", bound=models.Model)


def create_once(model: type[Row], submission_key: uuid.UUID, create: Callable[[], Row]) -> Row:
    """The row stored under `submission_key`, stored by `create()` if there is none yet.

    `create` runs in a transaction of its own (a savepoint inside the caller's),
    so a clash rolls back everything it did. An IntegrityError when no row has
    this key (another unique rule broken) is raised for the caller to explain.
    """
    stored = model._default_manager.filter(submission_key=submission_key).first()
    if stored is not None:
        return stored
    try:
        with transaction.atomic():
            return create()
    except IntegrityError:
        stored = model._default_manager.filter(submission_key=submission_key).first()
        if stored is None:
            raise
        return stored
