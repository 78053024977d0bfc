"""The links in our emails to subscribers: each signs the subscriber's random token, never the address."""

import datetime

from core.links import EmailedLink

from .models import Subscriber

CONFIRM_LINK = EmailedLink(
    "subscriptions.confirm",
    model=Subscriber,
    lookup_field="token",
    lifetime=datetime.timedelta(days=7),
    url_name="subscriptions:confirm",
)
CONFIRM_NEW_EMAIL_LINK = EmailedLink(
    "subscriptions.confirm_new_email",
    model=Subscriber,
    lookup_field="new_email_token",
    lifetime=datetime.timedelta(days=7),
    url_name="subscriptions:confirm_new_email",
)
# Every email carries these two; a subscriber who hears from us less than once a year asks for a new one.
MANAGE_LINK = EmailedLink(
    "subscriptions.manage",
    model=Subscriber,
    lookup_field="token",
    lifetime=datetime.timedelta(days=365),
    url_name="subscriptions:manage",
)
UNSUBSCRIBE_LINK = EmailedLink(
    "subscriptions.unsubscribe",
    model=Subscriber,
    lookup_field="token",
    lifetime=datetime.timedelta(days=365),
    url_name="subscriptions:unsubscribe",
)


def personal_links(subscriber: Subscriber) -> dict:
    """What every email to a subscriber carries: the links in its footer and the one-click unsubscribe headers."""
    unsubscribe_url = UNSUBSCRIBE_LINK.url(subscriber)
    return {
        "context": {"manage_url": MANAGE_LINK.url(subscriber), "unsubscribe_url": unsubscribe_url},
        "headers": {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }
