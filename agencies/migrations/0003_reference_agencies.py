from django.db import migrations


def load(apps, schema_editor):
    """The government's agency list, by the same function ``load_agencies`` uses."""
    from agencies.reference import agencies_load, reference_agencies

    agencies_load(rows=reference_agencies(), model=apps.get_model("agencies", "Agency"))


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_agency_aliases_independent"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
