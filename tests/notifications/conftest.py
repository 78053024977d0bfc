import socket

import pytest


@pytest.fixture
def unreachable_smtp_server(settings):
    """A real SMTP backend pointed at a local port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_TIMEOUT = 2
    return port


@pytest.fixture
def newsletter_template(tmp_path, settings):
    """A bulk email template, `emails/newsletter`, greeting {{ name }} with an unsubscribe link."""
    template_dir = tmp_path / "emails"
    template_dir.mkdir()
    (template_dir / "newsletter.txt").write_text(
        '{% extends "emails/base.txt" %}{% block body %}Hello {{ name }}. Unsubscribe: {{ unsubscribe_url }}'
        "{% endblock %}"
    )
    (template_dir / "newsletter.html").write_text(
        '{% extends "emails/base.html" %}{% block body %}<p>Hello {{ name }}</p>'
        '<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "newsletter"
