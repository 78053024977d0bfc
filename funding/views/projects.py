"""The fund's grants as open data: /fund/projects/grants.json and grants.csv (see funding.grants_data)."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from .. import grants_data


@require_safe
def grants_json(request):
    return HttpResponse(grants_data.package_json(), content_type="application/json; charset=utf-8")


@require_safe
def grants_csv(request):
    return HttpResponse(
        grants_data.csv_text(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="local-digital-fund-grants.csv"'},
    )
