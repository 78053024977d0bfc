"""What other apps show on a signatory's entry (/declaration/signatories/<slug>/) about that organisation.

The Declaration shows the organisation and its commitments; other apps (funded projects, say) add a
section of their own from their wagtail_hooks.py, so the Declaration never imports them:

    @hooks.register("register_signatory_content")
    def signatory_content():
        return [SignatoryContent(label="Local Digital Fund projects", items=projects_of_organisation)]

`items(organisation)` returns the `SignatoryItem`s to list, each what the public may see, in a fixed
number of queries; a section with no items is not shown. Sections appear in their hooks' order.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

from organisations.models import Organisation


@dataclass(frozen=True)
class SignatoryItem:
    title: str
    url: str
    summary: str = ""
    meta: str = ""  # one line under the title, such as the organisation's part in it and the amount


@dataclass(frozen=True)
class SignatoryContent:
    label: str  # the section's heading, such as "Local Digital Fund projects"
    items: Callable[[Organisation], list[SignatoryItem]]
    more: Callable[[Organisation], str | None] | None = None  # the full list's address, or None
    more_text: str = ""


@dataclass(frozen=True)
class SignatorySection:
    content: SignatoryContent
    items: list[SignatoryItem]
    more_url: str | None


def sections_for(organisation: Organisation) -> list[SignatorySection]:
    sections = []
    for register in hooks.get_hooks("register_signatory_content"):
        for content in register():
            items = content.items(organisation)
            if items:
                more_url = content.more(organisation) if content.more else None
                sections.append(SignatorySection(content=content, items=items, more_url=more_url))
    return sections
