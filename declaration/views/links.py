"""Placeholder: being written now."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


resend_confirmation = confirm_email = amend = sign_for_organisation = _todo
