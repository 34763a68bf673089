from django.apps import AppConfig


class TestKindConfig(AppConfig):
    """
    The tables of a kind that exists only in the tests. The tests that use it register it
    (``tests.core.test_kinds``), so that the others see the project's own kinds only.
    """

    name = "tests.testkind"
    label = "testkind"
