"""The visitor's address, for rate limits and the admin's sign-in throttle: worked out in one place.

Directly on the internet, it is the connection's address (REMOTE_ADDR). Behind a
proxy every connection comes from the proxy, so every visitor would share one
limit: set CLIENT_IP_HEADER to the header the proxy writes the client's address
into (`X-Real-IP`, or `X-Forwarded-For`, of which the last address is the one
your own proxy added: earlier ones were sent by the client and could be forged).
django-ratelimit (RATELIMIT_IP_META_KEY) and django-axes (AXES_CLIENT_IP_CALLABLE)
both call `client_address`.
"""

from django.conf import settings


def meta_key(header_name: str) -> str:
    """`X-Real-IP` -> `HTTP_X_REAL_IP`, as Django names request headers; a name already in that form is kept."""
    if not header_name or header_name.startswith("HTTP_"):
        return header_name
    return "HTTP_" + header_name.upper().replace("-", "_")


def client_address(request) -> str:
    header = meta_key(settings.CLIENT_IP_HEADER)
    if header:
        forwarded = [part.strip() for part in request.META.get(header, "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR", "")


# Usernames are at most 150 characters (Django's User); axes keeps what was typed in a
# column of 255, so anything longer is cut rather than failing the sign-in with a 500.
USERNAME_MAX_LENGTH = 150


def signing_in_username(request, credentials: dict | None = None) -> str | None:
    """The username a sign-in attempt was for, as django-axes records it (AXES_USERNAME_CALLABLE)."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get("username")
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username
