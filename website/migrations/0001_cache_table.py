"""
The table of the default cache (``CACHE_URL=dbcache://…``), made by ``migrate`` so that a new
deployment needs no other step. ``createcachetable`` makes the table of every database cache
configured and leaves existing ones alone; with Redis or another cache it does nothing.
"""

from django.core.management import call_command
from django.db import migrations


def cache_table_create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(cache_table_create, migrations.RunPython.noop, elidable=True)]
