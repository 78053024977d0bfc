"""Applicants sign in to the fund by a link emailed to them (core.links.EmailSignIn): no password, no admin account.

Everything an applicant sees is found from the address they signed in with
(`signed_in_email`): their drafts, their expressions of interest and the
applications they lead or were added to.
"""

from core.links import EmailSignIn

SIGN_IN = EmailSignIn(
    "funding",
    url_name="funding:sign_in_link",
    signed_in_url_name="funding:your_bids",
    signed_out_url_name="funding:signed_out",
)


def signed_in_email(request) -> str | None:
    """The applicant's address, or None when nobody is signed in to the fund (or their session has ended)."""
    return SIGN_IN.signed_in_email(request)
