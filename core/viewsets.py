"""Admin screens that only some staff roles may use, whatever Django permissions a group holds."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .roles import Role, roles_of


class RolesOnly(BasePermissionPolicy):
    """Users with one of ``roles`` (and superusers) may take ``actions`` on the model; nobody else may take any."""

    def __init__(self, model, actions, roles):
        super().__init__(model)
        self.actions = frozenset(actions)
        self.roles = frozenset(roles)

    def user_has_permission(self, user, action):
        return action in self.actions and user.is_active and (user.is_superuser or bool(roles_of(user) & self.roles))

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.actions.intersection(actions):
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name__in=self.roles)).distinct()


class PMOAdminOnly(RolesOnly):
    """PMO administrators (and superusers) run the system: users, API keys, the notification log."""

    def __init__(self, model, actions):
        super().__init__(model, actions, {Role.PMO_ADMIN})


class RolesOnlyViewSet(ModelViewSet):
    """A model's admin screens under a ``RolesOnly`` policy, registered as Wagtail 8 wants it."""

    def get_permissions_to_register(self):
        # The policy ignores Django permissions: offering them on the group screen would mislead.
        return Permission.objects.none()

    def register_permissions(self):
        # Registered before the base class looks the model up, which would otherwise create a
        # fallback ModelPermissionPolicy (setting it on the viewset alone is deprecated in Wagtail 8).
        register_permission_policy(self.model, self.permission_policy, exact_class=True)
        super().register_permissions()
