"""Placeholder: being written now."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


signatories = signatory = projects = signatories_csv = signatories_json = _todo
