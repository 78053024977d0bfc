import re

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from pages import site_chrome

register = template.Library()

# Wagtail's rich text comes out as plain HTML; GOV.UK styles need classes.
RICH_TEXT_CLASSES = {
    "p": "govuk-body",
    "h2": "govuk-heading-l",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
}
_OPENING_TAG = re.compile(r"<({})(?=[\s>])".format("|".join(RICH_TEXT_CLASSES)))


@register.filter
def govuk_classes(html):
    """Add GOV.UK classes to the tags of rendered rich text (after |richtext)."""
    return mark_safe(_OPENING_TAG.sub(lambda m: f'<{m[1]} class="{RICH_TEXT_CLASSES[m[1]]}"', str(html)))


@register.simple_tag(takes_context=True)
def navigation_items(context):
    """The service navigation: the home page, then its live children shown in menus."""
    request = context.get("request")
    chrome = site_chrome.for_request(request) if request else None
    if chrome is None:
        return fallback_navigation()
    path = request.path
    return [
        {
            **item,
            "active": path == "/" if item["href"] == "/" else bool(item["href"]) and path.startswith(item["href"]),
        }
        for item in chrome["navigation"]
    ]


@register.simple_tag(takes_context=True)
def service_navigation_slots(context):
    """The search box at the end of the navigation: a plain GET form to /search/, no JavaScript needed."""
    request = context.get("request")
    query = request.GET.get("q", "") if request and request.path == "/search/" else ""
    return {"end": render_to_string("includes/header_search.html", {"query": query[:200]})}


@register.simple_tag
def fallback_navigation():
    """For pages that must render without the database, such as the 500 page."""
    return [{"text": "Home", "href": "/"}]


@register.simple_tag(takes_context=True)
def breadcrumb_items(context, page):
    """Links to the page's ancestors below the site root, home first."""
    request = context.get("request")
    # Routing found them with the page (pages.models.HomePage.route) unless it was reached another way.
    ancestors = getattr(page, "route_ancestors", None)
    if ancestors is None:
        ancestors = page.get_ancestors().filter(depth__gt=1).only("title", "url_path", "path", "depth")
    return [{"text": "Home" if a.depth == 2 else a.title, "href": a.get_url(request)} for a in ancestors]


@register.simple_tag(takes_context=True)
def footer_links(context):
    """The footer's links, to the pages editors chose in Site settings."""
    request = context.get("request")
    chrome = site_chrome.for_request(request) if request else None
    return chrome and chrome["footer_links"]


@register.simple_tag(takes_context=True)
def phase_banner(context):
    """The phase tag and sentence editors set in Site settings, or None to hide it."""
    request = context.get("request")
    chrome = site_chrome.for_request(request) if request else None
    return chrome and chrome["phase_banner"]


@register.simple_tag(takes_context=True)
def pagination(context, page_obj):
    """Arguments for the GOV.UK pagination component, keeping the query string."""
    request = context["request"]
    if page_obj is None or not page_obj.has_other_pages():
        return None

    def href(number):
        query = request.GET.copy()
        query["page"] = number
        return f"?{query.urlencode()}"

    items = []
    for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1):
        if number == page_obj.paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "href": href(number), "current": number == page_obj.number})
    return {
        "items": items,
        "previous": {"href": href(page_obj.previous_page_number())} if page_obj.has_previous() else None,
        "next": {"href": href(page_obj.next_page_number())} if page_obj.has_next() else None,
    }
