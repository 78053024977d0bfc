"""How an app's own list of topics joins the site's list: for the migrations that move events and news onto it.

Each app's migrations add a many-to-many field to topics.Topic beside their
old one, call `join_site_list` to copy their topics and links across, then
drop the old field and model. Rows are matched by slug or, failing that, by
name in any case, so ‘Data’ in events and ‘Data’ in news become one topic.
Migrations pass their historical models (`apps`); this module imports no
model of its own, so it works at any point of the migration history.
"""

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.utils.text import slugify

ACTIONS = ("add", "change", "delete", "view")


def join_site_list(apps, app_label: str, owner: str, *, old_field: str, new_field: str) -> dict[int, int]:
    """Copy `app_label`.Topic into topics.Topic and each `owner`'s links; returns {old topic id: site topic id}.

    Groups and users who could add, change, delete or view the app's topics
    may do the same with the site's.
    """
    OldTopic = apps.get_model(app_label, "Topic")
    SiteTopic = apps.get_model("topics", "Topic")
    mapping = {}
    for old in OldTopic.objects.order_by("pk"):
        slug = old.slug or slugify(old.name)[:60]
        topic = SiteTopic.objects.filter(slug=slug).first() or SiteTopic.objects.filter(name__iexact=old.name).first()
        mapping[old.pk] = (topic or SiteTopic.objects.create(name=old.name, slug=slug)).pk
    Owner = apps.get_model(app_label, owner)
    _copy_links(Owner._meta.get_field(old_field), Owner._meta.get_field(new_field), mapping)
    _copy_permissions(apps, app_label)
    return mapping


def leave_site_list(apps, app_label: str, owner: str, *, old_field: str, new_field: str) -> dict[int, int]:
    """The reverse: `app_label`.Topic gets every site topic (the site list keeps them all) and the links back.

    Returns {site topic id: old topic id}. Which app a merged topic first
    came from is not recorded, so each app's list comes back as the whole
    site list: no topic an item had is lost.
    """
    OldTopic = apps.get_model(app_label, "Topic")
    SiteTopic = apps.get_model("topics", "Topic")
    mapping = {}
    for topic in SiteTopic.objects.order_by("pk"):
        old = OldTopic.objects.filter(slug=topic.slug).first() or OldTopic.objects.create(
            name=topic.name, slug=topic.slug
        )
        mapping[topic.pk] = old.pk
    Owner = apps.get_model(app_label, owner)
    _copy_links(Owner._meta.get_field(new_field), Owner._meta.get_field(old_field), mapping)
    return mapping


def _copy_links(source, target, mapping: dict[int, int]) -> None:
    """Link each owner through `target` to the mapped topics it has through `source`, keeping links already there."""

    def pairs(field):
        columns = (f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id")
        return columns, set(field.remote_field.through.objects.values_list(*columns))

    _, wanted = pairs(source)
    (owner_column, topic_column), present = pairs(target)
    through = target.remote_field.through
    links = {(owner_id, mapping[topic_id]) for owner_id, topic_id in wanted} - present
    through.objects.bulk_create(
        [through(**{owner_column: owner_id, topic_column: topic_id}) for owner_id, topic_id in sorted(links)]
    )


def _copy_permissions(apps, app_label: str) -> None:
    # Permissions are normally made after migrations; this needs the site list's now.
    app_config = apps.get_app_config("topics")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for action in ACTIONS:
        codename = f"{action}_topic"
        old = Permission.objects.filter(
            content_type__app_label=app_label, content_type__model="topic", codename=codename
        ).first()
        if old is None:
            continue
        new = Permission.objects.get(content_type__app_label="topics", content_type__model="topic", codename=codename)
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(new)
