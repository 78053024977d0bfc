"""How the roadmap plugs into the site (see pages/bootstrap.py)."""

from wagtail import hooks

from pages.bootstrap import add_page

from .demo import build_roadmap_page


# Before About us, which links to it.
@hooks.register("register_site_pages", order=-10)
def add_roadmap_page(home):
    page, created = add_page(home, slug="roadmap", build=build_roadmap_page)
    return [page.title] if created else []
