from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms.choosers import BaseFilterForm, SearchFilterMixin
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import (
    CreateView,
    DeleteView,
    EditView,
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .models import Agency, Membership
from .selectors import agencies_named
from .services import membership_sync_groups

_SEARCHED = ("code", "name_th", "name_en", "short_name_th", "short_name_en", "aliases")


def agencies_searched(queryset, text: str):
    """
    The agencies a staff search means: those the text names (สธ, ส.ธ., ministry of public health,
    a former name) and those whose names contain it. Straight from the database, so agencies loaded
    by migration are found before any search index is built.
    """
    named = [agency.pk for agency in agencies_named(text)]
    query = Q(pk__in=named)
    for field in _SEARCHED:
        query |= Q(**{f"{field}__icontains": text})
    first = Case(When(pk__in=named, then=Value(0)), default=Value(1))
    return queryset.filter(query).order_by(first, "code")


class AgencyIndexView(IndexView):
    def search_queryset(self, queryset):
        return agencies_searched(queryset, self.search_query) if self.is_searching else queryset


class AgencyChooserFilterForm(SearchFilterMixin, BaseFilterForm):
    def filter(self, objects):
        search_query = self.cleaned_data.get("q")
        if search_query:
            self.is_searching = True
            self.search_query = search_query
            return agencies_searched(objects, search_query)
        return objects


class AgencyChooseView(ChooseView):
    filter_form_class = AgencyChooserFilterForm


class AgencyChooseResultsView(ChooseResultsView):
    filter_form_class = AgencyChooserFilterForm


class AgencyChooserViewSet(SnippetChooserViewSet):
    choose_view_class = AgencyChooseView
    choose_results_view_class = AgencyChooseResultsView


class AgencyFilterSet(WagtailFilterSet):
    class Meta:
        model = Agency
        fields = ["kind", "parent", "is_active"]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    index_view_class = AgencyIndexView
    chooser_viewset_class = AgencyChooserViewSet
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
