"""The news index, installed by `bootstrap_site` on every site, with its button and list on the home page."""

from pages.bootstrap import add_home_call_to_action, add_home_section, add_page

from .models import NewsIndexPage

NEWS_INDEX = {
    "title": "News",
    "slug": "news",
    "show_in_menus": True,
    "navigation_title": "News",
    "introduction": "What the Local Digital Collaboration Unit and the councils it works with are doing, "
    "and articles elsewhere worth reading.",
    "search_description": "News from Local Digital: the Declaration, the Local Digital Fund and events.",
}
HOME_SECTION = {"name": "latest_news", "heading": "Latest news", "count": 3}


def load_site_pages(home) -> list[str]:
    """The news index, and the latest news on the home page when the index is first made. Real content."""
    index, made = add_page(home, slug=NEWS_INDEX["slug"], build=lambda: NewsIndexPage(**NEWS_INDEX))
    if not made:
        return []
    return [
        NEWS_INDEX["title"],
        *add_home_call_to_action(home, text="Read the news", page=index),
        *add_home_section(home, **HOME_SECTION),
    ]
