"""The index page of every kind of content under the Thai home page and under its English translation."""

from django.db import migrations

from home.skeleton import skeleton_create


def create_skeleton(apps, schema_editor):
    skeleton_create(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepages"),
        ("complaints", "0001_initial"),
        ("directives", "0003_assignment_updated_at"),
        ("foreign", "0001_initial"),
        ("policies", "0002_assignment_updated_at"),
        ("reports", "0002_reporting_facts"),
    ]

    operations = [migrations.RunPython(create_skeleton, migrations.RunPython.noop)]
