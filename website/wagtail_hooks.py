from wagtail import hooks

from .cache import cache_tag, page_tags


@hooks.register("before_serve_page")
def tag_served_page(page, request, serve_args, serve_kwargs):
    cache_tag(request, *page_tags(page))
