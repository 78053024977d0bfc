"""A URLconf for the error page tests: the site's own, plus a page nobody may see."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from localdigital.urls import handler400, handler403  # noqa: F401
from localdigital.urls import urlpatterns as site_urlpatterns


def forbidden(request):
    raise PermissionDenied


urlpatterns = [path("forbidden/", forbidden), *site_urlpatterns]
