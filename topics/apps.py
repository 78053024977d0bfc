from django.apps import AppConfig


class TopicsConfig(AppConfig):
    """The site's one list of topics (‘Data’, ‘Housing’) that events, news and email updates are about.

    Staff keep it as the ‘Topics’ snippet; it imports no domain app.
    """

    name = "topics"
    verbose_name = "Topics"
