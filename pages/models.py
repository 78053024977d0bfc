from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

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


class HomePage(BasePage):
    body = StreamField(HomeBodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    # Each page type that belongs under the home page names it in its own parent_page_types.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class StandardPage(BasePage):
    """About us, the accessibility statement, the privacy notice and the like."""

    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = "standard page"


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
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
        default="This is a new service. Help us improve it by giving your feedback.",
        help_text="The sentence beside the phase tag.",
    )
    feedback_url = models.URLField(
        blank=True,
        help_text="Where people give feedback, such as a survey or an email address (mailto:). "
        "When set, the banner ends with a ‘Give feedback’ link.",
    )
    email_updates_url = models.URLField(
        blank=True,
        help_text="Where people sign up for email updates. When set, the footer links to it as "
        "‘Get updates by email’.",
    )
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
        MultiFieldPanel(
            [FieldPanel("phase"), FieldPanel("phase_banner_text"), FieldPanel("feedback_url")], heading="Phase banner"
        ),
        MultiFieldPanel(
            [
                FieldPanel("email_updates_url"),
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
                FieldPanel("cookies_page"),
            ],
            heading="Footer links",
        ),
    ]

    class Meta:
        verbose_name = "site settings"
