"""The sitemap: every live, public page's address and when it was last published."""

from wagtail.contrib.sitemaps import Sitemap


class PageTreeSitemap(Sitemap):
    """Wagtail's sitemap, read from the page tree alone.

    Wagtail's own loads each page as its specific type: a query per kind of page, and
    more in chunks as pages grow. The address and the date need only the tree's own
    columns, so each page is its specific class with those fields loaded and no more.
    No page type here changes `get_sitemap_urls`; one that does, reading its own
    fields, would need them loaded again.
    """

    def items(self):
        return super().items().specific(defer=True)
