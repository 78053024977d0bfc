"""The Declaration's public lists: signatories, their commitments, projects and open data.

Each page costs a fixed number of SQL queries (see declaration.queries).
Nothing here shows a person's name or email address.
"""

import csv

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from core.spreadsheets import spreadsheet_safe
from organisations.models import Organisation

from .. import queries
from ..filters import ProjectFilterForm, SignatoryFilterForm
from ..models import Principle
from ..principle_content import sections_for
from ..signatory_content import sections_for as signatory_sections

SIGNATORIES_PER_PAGE = 50
PROJECTS_PER_PAGE = 20
LIST_TITLE = "Organisations that have signed the Local Digital Declaration"
CSV_FILENAME = "local-digital-declaration-signatories.csv"
CSV_HEADER = ["Name", "Type", "Region", "Signed on", "Commitments"]


@require_safe
def signatories(request):
    form = SignatoryFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(queries.filter_signatories(**filters), SIGNATORIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "title": LIST_TITLE,
        "breadcrumbs": _breadcrumbs(request),
        "total": queries.signatory_count(),
        "letters": _letter_links(filters),
        "filtered": any(filters.values()),
        "results": page,
    }
    return render(request, "declaration/public/signatories.html", context)


def _letter_links(filters):
    """The A to Z: a link for each letter that has signatories under the other filters, kept in the link."""
    others = {key: value for key, value in filters.items() if key != "letter"}
    in_use = queries.letters_in_use(**others)
    query = {name: value for name, value in _query_names(others).items() if value}
    return [
        {
            "letter": letter,
            "href": "?" + urlencode({**query, "letter": letter}) if letter in in_use else None,
            "current": letter == filters["letter"],
        }
        for letter in queries.LETTERS
    ]


def _query_names(filters):
    """The filters as the form's GET parameter names."""
    return {"q": filters["q"], "type": filters["organisation_type"], "region": filters["region"]}


@require_safe
def signatory(request, slug):
    try:
        organisation = queries.signatory_by_slug(slug)
    except Organisation.DoesNotExist as error:
        raise Http404("No signatory has that address") from error
    context = {
        "organisation": organisation,
        "details": [
            {"key": {"text": "Type"}, "value": {"text": organisation.get_organisation_type_display()}},
            {"key": {"text": "Region"}, "value": {"text": organisation.get_region_display()}},
            {"key": {"text": "Signed the Declaration"}, "value": {"text": _long_date(organisation.signed_at)}},
        ],
        "commitments": queries.published_commitments_of(organisation),
        "sections": signatory_sections(organisation),
        "breadcrumbs": _breadcrumbs(request, {"text": LIST_TITLE, "href": reverse("declaration:signatories")}),
    }
    return render(request, "declaration/public/signatory.html", context)


@require_safe
def projects(request):
    form = ProjectFilterForm(request.GET)
    page = Paginator(queries.projects(form.chosen_principle()), PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "breadcrumbs": _breadcrumbs(request),
        "results": page,
    }
    return render(request, "declaration/public/projects.html", context)


@require_safe
def principle(request, slug):
    """A principle's text and, kind by kind, everything published that serves it."""
    try:
        chosen = Principle.objects.get(slug=slug)
    except Principle.DoesNotExist as error:
        raise Http404("No principle has that address") from error
    context = {
        "principle": chosen,
        "sections": sections_for(chosen),
        "breadcrumbs": _breadcrumbs(request),
    }
    return render(request, "declaration/public/principle.html", context)


@require_safe
def signatories_csv(request):
    response = HttpResponse(
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{CSV_FILENAME}"'},
    )
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for row in queries.open_data():
        cells = [row["name"], row["type"], row["region"], row["signed_on"], " | ".join(row["commitments"])]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return response


@require_safe
def signatories_json(request):
    rows = queries.open_data()
    return JsonResponse({"count": len(rows), "signatories": rows})


def _long_date(value) -> str:
    return dateformat.format(timezone.localtime(value), "j F Y") if value else ""


def _breadcrumbs(request, *trail):
    """Home, the Declaration page (once it is live), then `trail`."""
    items = [{"text": "Home", "href": "/"}]
    page = queries.declaration_page()
    if page is not None:
        url = page.get_url(request)
        if url:
            items.append({"text": page.title, "href": url})
    return [*items, *trail]
