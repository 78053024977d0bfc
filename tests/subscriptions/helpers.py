"""Reading the pages and emails of email updates."""

import re

from bs4 import BeautifulSoup
from django.core import mail


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def link_in(email, path: str) -> str:
    """The path of the first link to `path` in the email's text."""
    return re.search(rf"http://testserver({path}[^\s\"<]+)", email.body)[1]


def emails_to(address: str):
    return [message for message in mail.outbox if message.to == [address]]
