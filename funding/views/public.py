"""The published expressions of interest: the list, each one, and registering interest in partnering.

The list costs a fixed number of queries however many there are; filters come
from the address. The lead contact is reached only through the form here: no
page shows an applicant's email address.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from core.errors import seconds_until_allowed, too_many_requests

from .. import services
from ..models import ExpressionOfInterest, FundPage
from ..public_forms import EoiFilterForm, PartneringInterestForm

PER_PAGE = 20
LIST_TITLE = "Published expressions of interest"
PARTNERING_RATE = "5/h"  # messages one client may send to leads in an hour


def _breadcrumbs(*, with_list: bool) -> list[dict]:
    crumbs = [{"text": "Home", "href": "/"}]
    fund_page = FundPage.objects.live().only("url_path", "title").first()
    if fund_page:
        crumbs.append({"text": fund_page.title, "href": fund_page.url})
    if with_list:
        crumbs.append({"text": LIST_TITLE, "href": reverse("funding:published_list")})
    return crumbs


@require_safe
def published_list(request):
    form = EoiFilterForm(request.GET)
    filters = form.filters()
    results = Paginator(services.published_expressions_of_interest(filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "title": LIST_TITLE,
        "form": form,
        "filtered": filters.any(),
        "results": results,
        "breadcrumbs": _breadcrumbs(with_list=False),
    }
    return render(request, "funding/published_list.html", context)


def _published(reference: str) -> ExpressionOfInterest:
    try:
        return services.published_expression_of_interest(reference)
    except ExpressionOfInterest.DoesNotExist as error:
        raise Http404("No published expression of interest has that reference") from error


@require_safe
def published_detail(request, reference):
    """One bid's page, the same for everyone (so the page cache serves it): the form to contact its lead
    is a page of its own, since a form's security token would keep this one out of the cache."""
    expression_of_interest = _published(reference)
    context = {
        "eoi": expression_of_interest,
        "similar": services.similar_published(expression_of_interest),
        "breadcrumbs": _breadcrumbs(with_list=True),
    }
    return render(request, "funding/published_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def register_partnering(request, reference):
    """Register interest in partnering: the message goes by email to the lead contact, whose address stays hidden."""
    expression_of_interest = _published(reference)
    form = PartneringInterestForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        sent_url = reverse("funding:partnering_sent", kwargs={"reference": reference})
        if form.is_from_a_robot():
            return redirect(sent_url)
        retry_after = seconds_until_allowed(request, group="funding-partnering", rate=PARTNERING_RATE)
        if retry_after:
            return too_many_requests(request, retry_after)
        data = form.cleaned_data
        services.register_interest_in_partnering(
            expression_of_interest,
            name=data["name"],
            organisation=data["organisation"],
            email=data["email"],
            message=data["message"],
        )
        return redirect(sent_url)
    context = {
        "eoi": expression_of_interest,
        "form": form,
        "breadcrumbs": [
            *_breadcrumbs(with_list=True),
            {"text": expression_of_interest.title, "href": reverse("funding:published_detail", args=[reference])},
        ],
    }
    return render(request, "funding/partnering.html", context)


@require_safe
def partnering_sent(request, reference):
    expression_of_interest = _published(reference)
    context = {"eoi": expression_of_interest, "breadcrumbs": _breadcrumbs(with_list=True)}
    return render(request, "funding/partnering_sent.html", context)
