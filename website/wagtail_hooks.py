from wagtail import hooks

from core.cache import cache_tag

from .cache import page_tags
from .panels import OutdatedTranslationsPanel


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    cache_tag(request, *page_tags(page))


@hooks.register("construct_homepage_panels")
def add_outdated_translations_panel(request, panels):
    panels.append(OutdatedTranslationsPanel())
