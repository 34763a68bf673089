from wagtail.admin.menu import MenuItem

from .roles import is_pmo_admin


class PMOAdminMenuItem(MenuItem):
    """An admin menu item shown to PMO administrators (and superusers) only."""

    def is_shown(self, request):
        return is_pmo_admin(request.user)
