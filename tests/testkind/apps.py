from django.apps import AppConfig

from core.kinds import kind_register


class TestKindConfig(AppConfig):
    name = "tests.testkind"
    label = "testkind"

    def ready(self):
        from .kinds import SampleKind  # needs the models, loaded only once the apps are

        kind_register(SampleKind())
