"""``demo.apps``: the demo is an app of its own, installed after every app it fills, and owns ``load_demo``."""

from django.apps import apps
from django.core.management import get_commands


def test_the_demo_is_installed_after_every_app_whose_data_it_loads():
    names = [config.name for config in apps.get_app_configs()]
    used = ["core", "agencies", "home", "directives", "policies", "updates", "complaints", "foreign", "reports"]
    assert all(names.index(name) < names.index("demo") for name in used)
    assert str(apps.get_app_config("demo").verbose_name) in ("Demo data", "ข้อมูลสาธิต")


def test_load_demo_is_the_demo_apps_command():
    assert get_commands()["load_demo"] == "demo"
