"""Two requests at the same moment, each on its own database connection, as production runs them.

Tests that use this commit for real: mark them
`pytest.mark.django_db(transaction=True, serialized_rollback=True)`.
"""

import threading

from django.db import connection, transaction

WAIT = 30  # seconds: only reached if something is broken


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _waits_for_a_lock(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return bool(row and row[0])


def at_the_same_moment(first, second):
    """Run `first` in a transaction kept open until `second`, on another connection, waits for
    a lock `first` holds (or finishes without waiting); then let `first` commit.

    Returns what each returned or raised, and whether the second had to wait.
    """
    first_has_acted, let_first_commit, second_finished = threading.Event(), threading.Event(), threading.Event()
    second_pid = []
    outcome = {}

    def run_first():
        try:
            with transaction.atomic():
                outcome["first"] = first()
                first_has_acted.set()
                let_first_commit.wait(WAIT)
        except Exception as error:
            outcome["first"] = error
        finally:
            first_has_acted.set()
            connection.close()

    def run_second():
        try:
            second_pid.append(_backend_pid())
            outcome["second"] = second()
        except Exception as error:
            outcome["second"] = error
        finally:
            second_pid.append(None)
            second_finished.set()
            connection.close()

    first_thread = threading.Thread(target=run_first)
    first_thread.start()
    first_has_acted.wait(WAIT)
    second_thread = threading.Thread(target=run_second)
    second_thread.start()
    outcome["second waited"] = False
    for _ in range(WAIT * 100):
        if second_finished.is_set():
            break
        if second_pid and second_pid[0] and _waits_for_a_lock(second_pid[0]):
            outcome["second waited"] = True
            break
        second_finished.wait(0.01)
    let_first_commit.set()
    first_thread.join(WAIT)
    second_thread.join(WAIT)
    return outcome
