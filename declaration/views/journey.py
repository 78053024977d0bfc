"""Placeholder: being written now."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


start = organisation_step = already_signed = contact_step = commitment_step = approver_step = _todo
check_answers = submitted = _todo
