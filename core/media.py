"""Uploaded images and documents' files, served by the site itself when they live on its own disk.

With S3-compatible storage (django-storages) the files come from the bucket
and this is not used. On the filesystem, gunicorn serves them from MEDIA_ROOT
through `serve_media` (SERVE_MEDIA, on by default), so the admin's thumbnails
and the site's images work without a separate web server. Each file is sent
with a Content-Security-Policy that runs nothing in it, should an upload ever
contain markup, and may be cached for a day. Nothing under PRIVATE_PREFIX
is served here: those files go only through the views that check who asks.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.static import serve

PRIVATE_PREFIX = "private/"  # documents people upload to their drafts (core.uploads): never served here
UPLOAD_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def serve_media(request, path):
    if posixpath.normpath(path).lstrip("/").startswith(PRIVATE_PREFIX):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Security-Policy"] = UPLOAD_POLICY
    return response


def media_urls() -> list:
    if not settings.SERVE_MEDIA:
        return []
    return [re_path(r"^{}(?P<path>.+)$".format(settings.MEDIA_URL.lstrip("/")), serve_media, name="media")]
