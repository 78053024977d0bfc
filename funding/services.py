"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

from django.db.models import Q

from notifications.services import send_email

from .models import Application, ExpressionOfInterest
from .sign_in import SIGN_IN

# Rounds ----------------------------------------------------------------------


# Signing in and the applicant's bids ------------------------------------------


def send_sign_in_link(request, email: str) -> None:
    """Email a link to sign in to the fund (cancelling any older one). Raises core.links.TooManyLinks."""
    email = email.strip().lower()
    url = SIGN_IN.issue(request, email)
    hours = int(SIGN_IN.lifetime.total_seconds() // 3600)
    send_email(
        to=email,
        subject="Sign in to the Local Digital Fund",
        template="funding/sign_in",
        context={"url": url, "lifetime": f"{hours} hour{'s' if hours != 1 else ''}"},
    )


def bids_of(email: str) -> dict:
    """What one applicant may see: the expressions of interest they sent and the applications they lead or
    were added to, newest first. Nobody else's."""
    email = email.strip().lower()
    return {
        "expressions_of_interest": list(
            ExpressionOfInterest.objects.filter(contact_email__iexact=email).select_related(
                "round", "lead_organisation"
            )
        ),
        "applications": list(
            Application.objects.filter(
                Q(expression_of_interest__contact_email__iexact=email) | Q(collaborators__email=email)
            )
            .distinct()
            .select_related("expression_of_interest__round")
        ),
    }


# Expressions of interest ------------------------------------------------------


# Decisions on expressions of interest -----------------------------------------


# Applications -----------------------------------------------------------------
