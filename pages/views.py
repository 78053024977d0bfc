import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.background_work import background_work

from .search import search_site

SEARCH_RESULTS_PER_PAGE = 10
SEARCH_QUERY_MAX_LENGTH = 200
HEALTHZ_CACHE_KEY = "healthz-probe"


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
    """The load balancer's check: 200 while this process can serve (the database and the cache answer).

    Background work has its own check (`healthz_worker`), so a stopped worker
    never takes the website out of rotation.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("Database unavailable\n", status=503, content_type="text/plain")
    probe = secrets.token_hex(8)
    try:
        cache.set(HEALTHZ_CACHE_KEY, probe, timeout=10)
        cache_answers = cache.get(HEALTHZ_CACHE_KEY) == probe
    except Exception:  # noqa: BLE001 - each cache backend raises its own errors (Redis: ConnectionError)
        cache_answers = False
    if not cache_answers:
        return HttpResponse("Cache unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("OK\n", content_type="text/plain")


@never_cache
@require_safe
def healthz_worker(request):
    """For monitoring: whether background work is flowing, as JSON; 503 with the reasons when it is not."""
    try:
        work = background_work()
    except DatabaseError:
        return JsonResponse({"status": "failing", "problems": ["Database unavailable"]}, status=503)
    return JsonResponse(work.as_json(), status=200 if work.healthy else 503)


@require_safe
def robots_txt(request):
    return render(request, "robots.txt", {"site_url": settings.SITE_URL}, content_type="text/plain")
