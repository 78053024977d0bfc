"""Reading the fund's pages and emails, and signing in to it as an applicant does."""

import re

from bs4 import BeautifulSoup
from django.core import mail


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def heading(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one("main h1").get_text(strip=True)


def emails_to(address: str):
    return [message for message in mail.outbox if message.to == [address]]


def sign_in_link(address: str) -> str:
    """The path of the newest sign-in link emailed to `address`."""
    return re.search(r"http://testserver(/fund/sign-in/\S+/)", emails_to(address)[-1].body)[1]
