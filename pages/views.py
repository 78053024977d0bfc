from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.worker import worker_health

from .search import search_site

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()
    error = None
    results = None
    if len(query) > SEARCH_QUERY_MAX_LENGTH:
        error = f"Search terms must be {SEARCH_QUERY_MAX_LENGTH} characters or fewer"
    elif query:
        paginator = Paginator(search_site(query), SEARCH_RESULTS_PER_PAGE)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            results = paginator.page(1)
        except EmptyPage:
            results = paginator.page(paginator.num_pages)
    context = {
        "query": query,
        "results": results,
        "error": error,
        "search_errors": [{"text": error, "href": "#q"}] if error else [],
    }
    return render(request, "pages/search.html", context)


@never_cache
@require_safe
def healthz(request):
    """200 while the database answers and a background worker is alive; 503 with the reason otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker_alive, worker_state = worker_health()
    except DatabaseError:
        return HttpResponse("Database unavailable\n", status=503, content_type="text/plain")
    if not worker_alive:
        return HttpResponse(f"{worker_state}\n", status=503, content_type="text/plain")
    return HttpResponse(f"OK\n{worker_state}\n", content_type="text/plain")


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", {"site_url": settings.SITE_URL}, content_type="text/plain")
