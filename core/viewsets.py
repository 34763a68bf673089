"""Admin screens that only PMO administrators may use, whatever Django permissions a group holds."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .roles import Role, is_pmo_admin


class PMOAdminOnly(BasePermissionPolicy):
    """PMO administrators (and superusers) may take ``actions`` on the model; nobody else may take any."""

    def __init__(self, model, actions):
        super().__init__(model)
        self.actions = frozenset(actions)

    def user_has_permission(self, user, action):
        return action in self.actions and is_pmo_admin(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=Role.PMO_ADMIN)).distinct()


class PMOAdminViewSet(ModelViewSet):
    """A model's admin screens under a ``PMOAdminOnly`` policy, registered as Wagtail 8 wants it."""

    def get_permissions_to_register(self):
        # The policy ignores Django permissions: offering them on the group screen would mislead.
        return Permission.objects.none()

    def register_permissions(self):
        # Registered before the base class looks the model up, which would otherwise create a
        # fallback ModelPermissionPolicy (setting it on the viewset alone is deprecated in Wagtail 8).
        register_permission_policy(self.model, self.permission_policy, exact_class=True)
        super().register_permissions()
