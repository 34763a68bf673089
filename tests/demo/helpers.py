"""A demo loader taken as far as the reference data and the index pages, for tests of the parts it calls."""

from demo.loader import DemoLoader
from demo.plan import demo_plan


def prepared_loader() -> DemoLoader:
    """The default plan's loader with its agencies, users and index pages, and nothing else loaded yet."""
    loader = DemoLoader(demo_plan(2569), show_progress=False)
    loader._check_ready()
    loader.load_agencies()
    loader.load_users()
    loader.load_index_pages()
    return loader
