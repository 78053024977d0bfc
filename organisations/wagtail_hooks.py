"""Organisations' names show on public pages (signatories, events), so a change empties the page cache."""

from wagtail import hooks

from .models import Organisation


@hooks.register("register_page_cache_models")
def page_cache_models():
    return [Organisation]
