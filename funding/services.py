"""The fund's actions, each a function named as staff and applicants would say it.

Views, admin actions and periodic work call these; states change only here,
through the workflows in funding.workflow. Other apps are asked only through
their services (`declaration.services.is_signatory`).
"""

# Rounds ----------------------------------------------------------------------


# Signing in and the applicant's bids ------------------------------------------


# Expressions of interest ------------------------------------------------------


# Decisions on expressions of interest -----------------------------------------


# Applications -----------------------------------------------------------------
