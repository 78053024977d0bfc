from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from core import page_cache

from .blocks import BodyBlock, HomeBodyBlock


class BasePage(Page):
    """What every page on the site shares."""

    introduction = models.TextField(
        max_length=600,
        blank=True,
        help_text="One or two sentences shown under the title, in larger text.",
    )

    navigation_title = models.CharField(
        max_length=30,
        blank=True,
        help_text="A shorter title for the navigation at the top of every page, such as ‘About’.",
    )

    content_panels = Page.content_panels + [FieldPanel("introduction")]
    promote_panels = Page.promote_panels + [FieldPanel("navigation_title")]
    search_fields = Page.search_fields + [index.SearchField("introduction")]

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """The view restrictions on this page and its ancestors (an alias's from its source), in one query.

        Wagtail's own reads the ancestors first, then the restrictions: two queries on every page served.
        None at all when the page cache knows that no page on this one's path is restricted.
        """
        known = getattr(self, "_restricted_paths", None)
        if known is not None and not any(self.path.startswith(path) for path in known):
            return PageViewRestriction.objects.none()
        chain = Page.objects.ancestor_of(self, inclusive=True)
        return PageViewRestriction.objects.filter(
            Q(page__in=chain.filter(alias_of__isnull=True)) | Q(page__in=chain.values("alias_of"))
        )


class HomePage(BasePage):
    body = StreamField(HomeBodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    # Each page type that belongs under the home page names it in its own parent_page_types.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def route(self, request, path_components):
        """Find the page at an address in one query by its URL path, however deep it is.

        Wagtail walks down from the home page one query per level and another for each
        page's specific type; a funded project four levels down took eight. The page found
        still routes itself (so it answers 404 when it is not live); an address that is
        not a page's falls back to the walk, which ends in a 404 or a page's own sub-route.
        """
        restricted = page_cache.restricted_paths(request)
        if path_components:
            # The page's URL path and each of its ancestors' below this one, as /home/a/, /home/a/b/, ...
            url_paths = [
                f"{self.url_path}{''.join(f'{slug}/' for slug in path_components[:depth])}"
                for depth in range(1, len(path_components) + 1)
            ]
            found = {page.url_path: page for page in Page.objects.descendant_of(self).filter(url_path__in=url_paths)}
            if url_paths[-1] in found:
                page = found[url_paths[-1]].specific
                # Its ancestors came in the same query (as Wagtail's walk would have them): `get_parent` and
                # the breadcrumbs cost none.
                ancestors = [self, *(found[url_path] for url_path in url_paths[:-1] if url_path in found)]
                page._cached_parent_obj = ancestors[-1]
                if len(ancestors) == len(path_components):
                    page.route_ancestors = ancestors
                page._restricted_paths = restricted
                return page.route(request, [])
        else:
            self._restricted_paths = restricted
        return super().route(request, path_components)


class StandardPage(BasePage):
    """About us, the accessibility statement, the privacy notice and the like."""

    body = StreamField(BodyBlock(), blank=True)
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When someone last checked that this page is true, such as the accessibility statement or "
        "the privacy notice. Shown at the end of the page as ‘Last reviewed’; leave empty to show no date.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("body"), FieldPanel("last_reviewed")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="cog")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    phase = models.CharField(
        max_length=20,
        blank=True,
        default="Beta",
        help_text="The phase tag in the banner at the top of every page, such as ‘Beta’. "
        "Leave empty to hide the banner.",
    )
    phase_banner_text = models.CharField(
        max_length=200,
        blank=True,
        default="This is a new service.",
        help_text="The sentence beside the phase tag. When you say where feedback goes, it is followed by "
        "‘Help us improve it and give your feedback’, linked there.",
    )
    feedback_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A page of this site where people give feedback.",
    )
    feedback_url = models.URLField(
        blank=True, help_text="Or a web address where people give feedback, such as a survey."
    )
    feedback_email = models.EmailField(blank=True, help_text="Or an email address that receives feedback.")
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cookies_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        InlinePanel(
            "navigation_items",
            heading="Navigation",
            label="Menu item",
            help_text="The links at the top of every page, after ‘Home’, in this order. While there are none, "
            "the navigation lists the pages under the home page that are set to show in menus.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("phase"),
                FieldPanel("phase_banner_text"),
                FieldPanel("feedback_page"),
                FieldPanel("feedback_url"),
                FieldPanel("feedback_email"),
            ],
            heading="Phase banner",
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
                FieldPanel("cookies_page"),
            ],
            heading="Footer links",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    def clean(self):
        super().clean()
        given = [self.feedback_page_id, self.feedback_url, self.feedback_email]
        if sum(1 for value in given if value) > 1:
            raise ValidationError(
                {"feedback_page": "Choose one place for feedback: a page, a web address or an email address."}
            )


class NavigationItem(Orderable):
    """A link in the navigation at the top of every page, chosen and ordered in site settings."""

    site_settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="navigation_items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    label = models.CharField(
        max_length=30,
        blank=True,
        help_text="What the link says. Leave empty to use the page's navigation title, or else its title.",
    )

    panels = [FieldPanel("page"), FieldPanel("label")]

    class Meta(Orderable.Meta):
        verbose_name = "menu item"
