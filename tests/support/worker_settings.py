"""Settings for a real `db_worker` process started by a test: the test's database, tasks
in the database, connections kept open as in production, emails written to files (or, with
EMAIL_BACKEND set, sent where EMAIL_HOST and EMAIL_PORT say)."""

from localdigital.settings.test import *  # noqa: F403
from localdigital.settings.test import DATABASES, env

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="")
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=60)
