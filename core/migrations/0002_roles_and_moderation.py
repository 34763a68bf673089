"""
The six staff roles as groups with their rights, and the two moderation workflows. Page rights sit on
the root page; ``core.rights.PM1PagePermissionTester`` narrows them by role and agency.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_RIGHTS = {
    "PMO administrator": ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
    "PMO coordinator": ["add", "change", "publish", "lock", "unlock"],
    "Agency reporter": ["add"],
    "Agency approver": ["add"],
    "Executive": [],
    "Translator": ["add", "change"],
}

_MEDIA = ["wagtaildocs.add_document", "wagtaildocs.choose_document", "wagtailimages.add_image", "wagtailimages.choose_image"]
_READ_REFERENCE = ["agencies.view_agency", "directives.view_occasion"]
MODEL_RIGHTS = {
    "PMO administrator": [
        "wagtailadmin.access_admin",
        "agencies.add_agency", "agencies.change_agency", "agencies.delete_agency", "agencies.view_agency",
        "agencies.add_membership", "agencies.change_membership", "agencies.delete_membership", "agencies.view_membership",
        "directives.add_occasion", "directives.change_occasion", "directives.delete_occasion", "directives.view_occasion",
        "auth.add_user", "auth.change_user", "auth.delete_user", "auth.view_user",
        "core.change_moderationsettings",
        "wagtailcore.add_workflow", "wagtailcore.change_workflow", "wagtailcore.add_task", "wagtailcore.change_task",
        "wagtaildocs.change_document", "wagtaildocs.delete_document",
        "wagtailimages.change_image", "wagtailimages.delete_image",
        "wagtail_localize.submit_translation",
        *_MEDIA,
    ],
    "PMO coordinator": [
        "wagtailadmin.access_admin",
        "directives.add_occasion", "directives.change_occasion", "directives.view_occasion",
        "agencies.view_agency",
        "wagtail_localize.submit_translation",
        *_MEDIA,
    ],
    "Agency reporter": ["wagtailadmin.access_admin", *_READ_REFERENCE, *_MEDIA],
    "Agency approver": ["wagtailadmin.access_admin", *_READ_REFERENCE, *_MEDIA],
    "Executive": ["wagtailadmin.access_admin", *_READ_REFERENCE],
    "Translator": ["wagtailadmin.access_admin", "wagtail_localize.submit_translation", *_READ_REFERENCE],
}

COLLECTION_RIGHTS = ["add_document", "choose_document", "add_image", "choose_image"]


def _permission(apps, dotted):
    Permission = apps.get_model("auth.Permission")
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_roles_and_workflows(apps, schema_editor):
    # Permissions are normally created after all migrations; these rights need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    Workflow = apps.get_model("wagtailcore.Workflow")
    Task = apps.get_model("wagtailcore.Task")
    # Wagtail's starter groups and workflow would grant rights outside PM1's roles.
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Task.objects.filter(workflow_tasks__workflow__name="Moderators approval").delete()
    Workflow.objects.filter(name="Moderators approval").delete()
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    root = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    groups = {}
    for name, page_rights in PAGE_RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        groups[name] = group
        for dotted in MODEL_RIGHTS[name]:
            permission = _permission(apps, dotted)
            group.permissions.add(permission)
            if dotted.split(".")[1] in COLLECTION_RIGHTS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
        for right in page_rights:
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=_permission(apps, f"wagtailcore.{right}_page")
            )

    ContentType = apps.get_model("contenttypes.ContentType")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    AgencyApprovalTask = apps.get_model("updates.AgencyApprovalTask")
    ModerationSettings = apps.get_model("core.ModerationSettings")

    def task(model, name, group_names):
        content_type, _ = ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        instance = model.objects.create(name=name, content_type=content_type, active=True)
        instance.groups.set([groups[g] for g in group_names])
        return instance

    def workflow(name, tasks):
        instance = Workflow.objects.create(name=name, active=True)
        for order, task_instance in enumerate(tasks):
            WorkflowTask.objects.create(workflow=instance, task=task_instance, sort_order=order)
        return instance

    pmo = ["PMO coordinator", "PMO administrator"]
    update_workflow = workflow(
        "Progress update: agency approval, then PMO moderation",
        [
            task(AgencyApprovalTask, "Agency approval", ["Agency approver"]),
            task(GroupApprovalTask, "PMO moderation", pmo),
        ],
    )
    item_workflow = workflow(
        "Directive and policy: PMO review", [task(GroupApprovalTask, "PMO review", pmo)]
    )
    # General pages (home, about) are reviewed by the PMO too; items and updates use ModerationSettings.
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": item_workflow})
    ModerationSettings.objects.update_or_create(
        pk=1, defaults={"update_workflow": update_workflow, "item_workflow": item_workflow}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("agencies", "0001_initial"),
        ("directives", "0002_initial"),
        ("policies", "0001_initial"),
        ("updates", "0001_initial"),
        ("home", "0002_create_homepages"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflows, migrations.RunPython.noop)]
