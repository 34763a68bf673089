from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page
from wagtail_localize.views import submit_translations, update_translations

from .forms import TrackedItemFilterForm
from .models import PM1Page
from .rights import can_read, can_translate
from .selectors import tracked_items


@never_cache
@require_GET
def health(request):
    """Liveness and database reachability, for the container health check and the proxy."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


class PM1AdminView(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class TrackedItemIndexView(PM1AdminView):
    """Every tracked item the user may read, of all four tracks, with filters; the way in for executives."""

    template_name = "core/admin/tracked_items.html"
    page_title = _("Tracked items")
    header_icon = "list-ul"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = TrackedItemFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        items = tracked_items(user=self.request.user, **filters).specific()
        context["form"] = form
        context["items"] = Paginator(items, 50).get_page(self.request.GET.get("p"))
        context["query_string"] = self.request.GET.copy()
        context["query_string"].pop("p", None)
        return context


class PageReadView(PM1AdminView):
    """
    A read-only view of a directive, policy or progress update with its internal content, for every
    staff user the rights matrix lets read it: executives, and agency staff sharing an item.
    """

    template_name = "core/admin/page_read.html"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(Page, pk=kwargs["page_id"]).specific
        if not can_read(request.user, self.page):
            raise PermissionDenied
        self.page = self.page.version_readable_by(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("pm1_items"), "label": TrackedItemIndexView.page_title},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        context["permissions"] = self.page.permissions_for_user(self.request.user)
        if isinstance(self.page, PM1Page):
            # What a kind of page adds (its assignments, the updates filed under it…) it says itself.
            context.update(self.page.read_context(self.request.user))
        return context


class SubmitPageTranslationView(submit_translations.SubmitPageTranslationView):
    """
    wagtail-localize's "Translate this page", for the pages the user may translate (``core.rights``):
    wagtail-localize asks only for its ``submit_translation`` permission, whatever the page.
    """

    def get_object(self):
        page = super().get_object()
        if not can_translate(self.request.user, page):
            raise PermissionDenied
        return page

    def form_valid(self, form):
        if form.cleaned_data["include_subtree"] and not all(
            can_translate(self.request.user, page) for page in self.object.get_descendants().specific()
        ):
            raise PermissionDenied
        return super().form_valid(form)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", for the pages the user may translate (``core.rights``)."""

    def get_object(self):
        source = super().get_object()
        instance = source.get_source_instance()
        if isinstance(instance, Page) and not can_translate(self.request.user, instance):
            raise PermissionDenied
        return source
