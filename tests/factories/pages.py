import datetime

import factory
import wagtail_factories
from wagtail.models import Site

from pages.models import HomePage, StandardPage
from roadmap.models import Milestone, RoadmapPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Local Digital"
    slug = "home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "An introduction."

    class Meta:
        model = StandardPage


class RoadmapPageFactory(wagtail_factories.PageFactory):
    title = "Collaboration Unit roadmap"
    slug = "roadmap"

    class Meta:
        model = RoadmapPage


class MilestoneFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(RoadmapPageFactory)
    period_label = "January 2018"
    title = factory.Sequence(lambda n: f"Milestone {n}")
    description = "<p>What happened.</p>"
    start_date = datetime.date(2018, 1, 1)
    end_date = datetime.date(2018, 1, 31)
    sort_order = factory.Sequence(int)

    class Meta:
        model = Milestone


def make_site_home() -> HomePage:
    """A home page that is the root of the default site, as on the real site."""
    site = Site.objects.get(is_default_site=True)
    root = site.root_page.get_parent()
    old_root = site.root_page
    home = HomePageFactory(parent=root, slug="local-digital")
    site.root_page = home
    site.save()
    old_root.delete()
    return home
