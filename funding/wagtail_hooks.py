"""How the fund plugs into the site: its pages under /fund/."""

from django.urls import include, path
from wagtail import hooks


@hooks.register("register_site_urls")
def register_funding_urls():
    return [path("fund/", include("funding.urls"))]
