"""What every page shows around its content: navigation, phase banner, footer links.

The navigation is the menu items editors choose in site settings, or, while
there are none, the home page's live children that are set to show in menus.

The footer's links are those the apps offer first (each app's
`register_footer_links` hook returns a list of {"text": ..., "href": ...},
such as email updates' ‘Get updates by email’), then the accessibility,
privacy and cookies pages chosen in site settings.

Worked out once per site and kept in the cache (Redis in production), so a
page view does not pay for it in queries. Publishing, unpublishing, moving
or deleting a page, or saving the site settings, forgets it.
"""

from django.core.cache import cache
from django.utils.html import format_html
from wagtail import hooks
from wagtail.models import Page, Site

from .models import NavigationItem, SiteSettings

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
    site_settings = SiteSettings.for_site(site)
    return {
        "navigation": _navigation(site, site_settings, request),
        "phase_banner": _phase_banner(site_settings, request),
        "footer_links": _footer_links(site_settings, request),
    }


def _navigation(site: Site, site_settings: SiteSettings, request) -> list[dict]:
    navigation = [{"text": "Home", "href": "/"}]
    chosen = (
        NavigationItem.objects.filter(site_settings=site_settings, page__live=True)
        .exclude(page=site.root_page_id)
        .order_by("sort_order")
    )
    if chosen:
        pages = Page.objects.filter(pk__in=[item.page_id for item in chosen]).specific().in_bulk()
        links = [(item.label, pages[item.page_id]) for item in chosen if item.page_id in pages]
    else:
        links = [("", page) for page in site.root_page.get_children().live().in_menu().specific()]
    for label, page in links:
        text = label or getattr(page, "navigation_title", "") or page.title
        navigation.append({"text": text, "href": page.get_url(request)})
    return navigation


def _phase_banner(site_settings: SiteSettings, request) -> dict | None:
    if not site_settings.phase:
        return None
    html = format_html("{}", site_settings.phase_banner_text)
    feedback = _feedback_href(site_settings, request)
    if feedback:
        html = format_html(
            '{} Help us improve it and <a class="govuk-link" href="{}">give your feedback</a>.', html, feedback
        )
    return {"tag": {"text": site_settings.phase}, "html": html}


def _feedback_href(site_settings: SiteSettings, request) -> str:
    if site_settings.feedback_page_id:
        page = Page.objects.live().filter(pk=site_settings.feedback_page_id).first()
        if page:
            return page.get_url(request)
    if site_settings.feedback_url:
        return site_settings.feedback_url
    if site_settings.feedback_email:
        return f"mailto:{site_settings.feedback_email}"
    return ""


def _footer_links(site_settings: SiteSettings, request) -> dict | None:
    chosen = [site_settings.accessibility_page_id, site_settings.privacy_page_id, site_settings.cookies_page_id]
    pages = Page.objects.live().filter(pk__in=[pk for pk in chosen if pk]).in_bulk()
    footer_items = [link for hook in hooks.get_hooks("register_footer_links") for link in hook()]
    footer_items += [{"text": pages[pk].title, "href": pages[pk].get_url(request)} for pk in chosen if pk in pages]
    return {"items": footer_items, "visuallyHiddenTitle": "Support links"} if footer_items else None
