"""Forget the cached navigation and footer when what they show changes."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from . import site_chrome
from .models import NavigationItem, SiteSettings


def connect() -> None:
    for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
        signal.connect(site_chrome.forget, dispatch_uid=f"site-chrome-{id(signal)}")
    post_delete.connect(site_chrome.forget, sender=Page, dispatch_uid="site-chrome-page-deleted")
    for model in (SiteSettings, NavigationItem, Site):
        post_save.connect(site_chrome.forget, sender=model, dispatch_uid=f"site-chrome-{model.__name__}")
    post_delete.connect(site_chrome.forget, sender=NavigationItem, dispatch_uid="site-chrome-menu-item-deleted")
