"""StreamField blocks shared by every page type."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from .home_sections import registered_sections, section_choices

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        form_classname = "title"


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"], max_length=1000)

    class Meta:
        icon = "openquote"
        template = "blocks/inset_text.html"
        label = "Inset text"


def validate_site_or_web_address(value: str) -> None:
    """An address on this site ("/declaration/sign/") or on the web ("https://...")."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(
        schemes=["http", "https"],
        message="Enter an address on this site, starting with /, or a web address, starting with https://",
    )(value)


class CallToActionValue(blocks.StructValue):
    def href(self):
        page = self.get("page")
        return page.url if page else self.get("url")

    def shown(self) -> bool:
        """A button to a page shows only while the page is live: it can be chosen before it is published."""
        page = self.get("page")
        return page.live if page else bool(self.get("url"))


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=80, help_text="What the button says, such as ‘Sign the Declaration’.")
    page = blocks.PageChooserBlock(required=False, help_text="The button shows only while this page is published.")
    url = blocks.CharBlock(
        required=False,
        max_length=300,
        label="Address",
        validators=[validate_site_or_web_address],
        help_text="Instead of a page: an address on this site, such as /declaration/sign/, or a web address.",
    )

    class Meta:
        icon = "link"
        template = "blocks/call_to_action.html"
        label = "Button"
        value_class = CallToActionValue

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError("Choose a page or enter an address.")}
            )
        return value


class CallsToActionBlock(blocks.StructBlock):
    """Buttons side by side: the first one shown is the main action (green), the others secondary (grey)."""

    actions = blocks.ListBlock(CallToActionBlock(), min_num=1, max_num=4, label="Buttons")

    class Meta:
        icon = "link"
        template = "blocks/calls_to_action.html"
        label = "Buttons (one main action)"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["shown"] = [action for action in value["actions"] if action.shown()]
        return context


class HomeSectionBlock(blocks.StructBlock):
    """A list from another part of the site, such as the latest news; see pages/home_sections.py."""

    section = blocks.ChoiceBlock(choices=section_choices, help_text="What the list shows.")
    heading = blocks.CharBlock(max_length=80)
    count = blocks.IntegerBlock(min_value=1, max_value=12, default=3, help_text="How many items it shows, at most.")

    class Meta:
        icon = "list-ul"
        template = "blocks/home_section.html"
        label = "List from the site"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        section = registered_sections().get(value["section"])
        request = (parent_context or {}).get("request")
        context["section"] = section
        context["listing"] = section.context(request, value["count"]) if section else None
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock(max_length=120)
    paragraph = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="blocks/paragraph.html")
    inset_text = InsetTextBlock()
    call_to_action = CallToActionBlock()


class HomeBodyBlock(BodyBlock):
    """The home page's blocks: the shared ones, a group of buttons, and lists from other parts of the site."""

    calls_to_action = CallsToActionBlock()
    home_section = HomeSectionBlock()
