from wagtail import hooks

from .views import ApiKeyViewSet


@hooks.register("register_admin_viewset")
def register_api_key_viewset():
    return ApiKeyViewSet()
