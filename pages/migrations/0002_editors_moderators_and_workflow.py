"""The unit's two admin groups and the moderation workflow.

Editors write and change pages and submit them for moderation; Moderators
also publish. Every page goes through the "Moderators approval" workflow.
Safe to run on a database where Wagtail already made groups of these names.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
MODERATOR_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "delete_page"]
MEDIA_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
WORKFLOW_NAME = "Moderators approval"


def create_groups_and_workflow(apps, schema_editor):
    # Permissions are normally made after migrations; this migration needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)
    access_admin = permission("wagtailadmin", "access_admin")

    editors, _ = Group.objects.get_or_create(name="Editors")
    moderators, _ = Group.objects.get_or_create(name="Moderators")

    for group, page_codenames in ((editors, EDITOR_PAGE_PERMISSIONS), (moderators, MODERATOR_PAGE_PERMISSIONS)):
        group.permissions.add(access_admin)
        # Editors must not keep a publish permission from an earlier set-up.
        GroupPagePermission.objects.filter(group=group, page=root_page).exclude(
            permission__codename__in=page_codenames
        ).delete()
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=permission("wagtailcore", codename)
            )
        for app_label, codenames in MEDIA_PERMISSIONS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(app_label, codename)
                )
    moderators.permissions.add(permission("pages", "change_sitesettings"))

    task_content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=WORKFLOW_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW_NAME, content_type=task_content_type, active=True)
    task.groups.add(moderators)

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root_page, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop)]
