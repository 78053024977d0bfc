"""The ‘Topics’ snippet: staff keep the site's one list, searched by name or slug."""

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
