from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("core", "GrantsGeneration").objects.create(pk=1, value=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_roles_and_moderation")]

    operations = [
        migrations.CreateModel(
            name="GrantsGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
