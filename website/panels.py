from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

from .translations import outdated_translations


class OutdatedTranslationsPanel(Component):
    """The admin dashboard's list of translations whose Thai source changed since they were made."""

    name = "outdated_translations"
    order = 250
    template_name = "website/admin/outdated_translations.html"
    title = _("Translations that may be out of date")

    def get_context_data(self, parent_context=None):
        context = super().get_context_data(parent_context)
        context["title"] = self.title
        context["pages"] = outdated_translations().select_related("locale").order_by("-source_published_at")[:20]
        return context
