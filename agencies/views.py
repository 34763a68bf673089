from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from .models import Agency, Membership
from .services import membership_sync_groups


class AgencyFilterSet(WagtailFilterSet):
    class Meta:
        model = Agency
        fields = ["kind", "parent", "is_active"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = _("Agencies")
    list_display = ["code", "name_th", "short_name_th", "name_en", "parent", "is_active"]
    list_filter = None
    filterset_class = AgencyFilterSet
    search_fields = ["name_th", "name_en", "short_name_th", "short_name_en", "code"]
    ordering = ["code"]


class MembershipFilterSet(WagtailFilterSet):
    class Meta:
        model = Membership
        fields = ["agency", "role"]


class MembershipGroupsMixin:
    """Keep the user's agency groups in step with their memberships after every change."""

    def save_instance(self):
        instance = super().save_instance()
        membership_sync_groups(user=instance.user)
        return instance


class MembershipCreateView(MembershipGroupsMixin, CreateView):
    pass


class MembershipEditView(MembershipGroupsMixin, EditView):
    pass


class MembershipDeleteView(DeleteView):
    def delete_action(self):
        user = self.object.user
        super().delete_action()
        membership_sync_groups(user=user)


class MembershipViewSet(SnippetViewSet):
    model = Membership
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    icon = "user"
    menu_label = _("Agency memberships")
    list_display = ["user", "agency", "role"]
    filterset_class = MembershipFilterSet


class AgencyViewSetGroup(SnippetViewSetGroup):
    items = (AgencyViewSet, MembershipViewSet)
    menu_icon = "group"
    menu_label = _("Agencies")
    menu_name = "agencies"
