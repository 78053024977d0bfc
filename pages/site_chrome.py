"""What every page shows around its content: navigation, phase banner, footer links.

Worked out once per site and kept in the cache (Redis in production), so a
page view does not pay for it in queries. Publishing, unpublishing, moving
or deleting a page, or saving the site settings, forgets it.
"""

from django.core.cache import cache
from django.utils.html import format_html
from wagtail.models import Page, Site

from .models import SiteSettings

CACHE_TIMEOUT = 60 * 60 * 24


def _cache_key(site_id: int) -> str:
    return f"site-chrome:{site_id}"


def for_request(request) -> dict | None:
    """{"navigation": [...], "phase_banner": {...} or None, "footer_links": {...} or None}."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    chrome = cache.get(_cache_key(site.pk))
    if chrome is None:
        chrome = _work_out(site, request)
        cache.set(_cache_key(site.pk), chrome, CACHE_TIMEOUT)
    return chrome


def forget(**kwargs) -> None:
    cache.delete_many([_cache_key(pk) for pk in Site.objects.values_list("pk", flat=True)])


def _work_out(site: Site, request) -> dict:
    home = site.root_page
    navigation = [{"text": "Home", "href": "/"}]
    for page in home.get_children().live().in_menu().specific():
        navigation.append({"text": getattr(page, "navigation_title", "") or page.title, "href": page.get_url(request)})

    site_settings = SiteSettings.for_site(site)
    phase_banner = None
    if site_settings.phase:
        html = format_html("{}", site_settings.phase_banner_text)
        if site_settings.feedback_url:
            html = format_html(
                '{} <a class="govuk-link" href="{}">Give feedback</a>', html, site_settings.feedback_url
            )
        phase_banner = {"tag": {"text": site_settings.phase}, "html": html}

    chosen = [site_settings.accessibility_page_id, site_settings.privacy_page_id, site_settings.cookies_page_id]
    pages = Page.objects.live().filter(pk__in=[pk for pk in chosen if pk]).in_bulk()
    footer_items = [{"text": pages[pk].title, "href": pages[pk].get_url(request)} for pk in chosen if pk in pages]
    if site_settings.email_updates_url:
        footer_items.insert(0, {"text": "Get updates by email", "href": site_settings.email_updates_url})
    footer_links = {"items": footer_items, "visuallyHiddenTitle": "Support links"} if footer_items else None

    return {"navigation": navigation, "phase_banner": phase_banner, "footer_links": footer_links}
