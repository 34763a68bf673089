"""
Wagtail's site history shows model log entries only to users with some permission on the model:
PMO administrators get the view permission on API keys, so that every key's use is in their report.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    permission = Permission.objects.get(content_type__app_label="api", codename="view_apikey")
    for group in Group.objects.filter(name="PMO administrator"):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for permission in Permission.objects.filter(content_type__app_label="api", codename="view_apikey"):
        for group in Group.objects.filter(name="PMO administrator"):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("security", "0001_audit_log_guard"),
        ("core", "0002_roles_and_moderation"),
        ("api", "0002_idempotent_request"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
