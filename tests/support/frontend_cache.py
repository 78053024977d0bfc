"""A CDN for tests: remembers the addresses Wagtail's front-end cache invalidation asks it to purge."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)
