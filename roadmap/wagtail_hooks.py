"""How the roadmap plugs into the site: its page (see pages/bootstrap.py) and its stage on the home page."""

from wagtail import hooks

from pages.bootstrap import add_home_section, add_page

from .home_sections import HOME_SECTIONS
from .site_pages import build_roadmap_page


# Before About us, which links to it.
@hooks.register("register_site_pages", order=-10)
def add_roadmap_page(home):
    page, created = add_page(home, slug="roadmap", build=build_roadmap_page)
    if not created:
        return []
    return [page.title, *add_home_section(home, name="roadmap_current_stage", heading="Our roadmap", count=2)]


@hooks.register("register_home_sections")
def register_roadmap_home_sections():
    return HOME_SECTIONS
