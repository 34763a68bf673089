from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Occasion


class OccasionFilterSet(WagtailFilterSet):
    class Meta:
        model = Occasion
        fields = ["kind"]


class OccasionViewSet(SnippetViewSet):
    model = Occasion
    icon = "date"
    menu_label = _("Occasions")
    add_to_admin_menu = True
    menu_order = 210
    list_display = ["title_th", "kind", "date", "location"]
    filterset_class = OccasionFilterSet
    search_fields = ["title_th", "title_en", "location"]
