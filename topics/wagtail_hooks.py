"""The ‘Topics’ snippet: staff keep the site's one list, searched by name or slug.

Topics name what events and news are filed under, so a change empties the page cache.
"""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    menu_label = "Topics"
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    search_backend_name = None  # the database's own search: the list is short, and stays in step with every save


register_snippet(TopicViewSet)


@hooks.register("register_page_cache_models")
def page_cache_models():
    return [Topic]
