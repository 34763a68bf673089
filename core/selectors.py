"""
Reads that apply the rights matrix (``core.rights``) to whole querysets, for listings, and the page
permission policy that narrows the admin's listings with them.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import IntegerField, Q
from django.db.models.functions import Cast, Length, Substr
from wagtail.models import Locale, Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy

from .choices import Track, Visibility
from .models import agency_report_models, tracked_item_models
from .roles import agency_ids_for_user, is_translator_only, reads_everything


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def _submitted_page_ids():
    """Pages that have ever entered moderation (workflow states point at base pages by text id)."""
    return (
        WorkflowState.objects.filter(base_content_type=ContentType.objects.get_for_model(Page))
        .annotate(page_id=Cast("object_id", IntegerField()))
        .values("page_id")
    )


def pages_readable_by(user, pages):
    """
    Narrow a page queryset to what ``core.rights.can_read`` allows the user, in a few queries. The
    agency reports (``core.models.agency_report_models``: progress updates) are read by their
    ``agency`` and by the item above them.
    """
    if reads_everything(user):
        return pages
    if is_translator_only(user):
        public_sources = pages_readable_by(AnonymousUser(), Page.objects.filter(locale=Locale.get_default()))
        return pages.filter(translation_key__in=public_sources.values("translation_key"))

    agencies = agency_ids_for_user(user)
    item_models, report_models = tracked_item_models(), agency_report_models()
    tracked_types = ContentType.objects.get_for_models(*item_models, *report_models).values()
    readable = Q(live=True) & ~Q(content_type__in=tracked_types)
    readable_reports = Q(agency__in=agencies)
    for model in item_models:
        public = model.objects.filter(live=True, visibility=Visibility.PUBLIC)
        shared = model.objects.filter(assignments__agency__in=agencies)
        readable |= Q(pk__in=public.values("pk")) | Q(pk__in=shared.values("pk"))
        readable_reports |= Q(live=True, parent_path__in=public.values("path"))
        readable_reports |= Q(parent_path__in=shared.values("path")) & (
            Q(first_published_at__isnull=False) | Q(pk__in=_submitted_page_ids())
        )
    for model in report_models:
        reports = model.objects.annotate(parent_path=Substr("path", 1, Length("path") - model.steplen))
        readable |= Q(pk__in=reports.filter(readable_reports).values("pk"))
    return pages.filter(readable)


def tracked_items(*, user, kind="", q="", track="", status="", overdue=False, agency=None, gap=""):
    """
    Tracked items (every kind) the user may read, in the default locale, filtered; newest first.
    ``gap`` (a ``core.choices.Gap``) keeps the archival items lacking it, for staff to complete them.
    """
    selected = []
    for model in tracked_item_models():
        if kind and kind != model.item_type:
            continue
        assignments = model.assignments.rel.related_model
        items = model.objects.filter(locale=Locale.get_default())
        if q:
            text = Q(title__icontains=q)
            if _has_field(model, "reference"):
                text |= Q(reference__icontains=q)
            items = items.filter(text)
        if track:
            # Policies have no track field: they are all on the policy track.
            if not _has_field(model, "track"):
                if track != Track.POLICY:
                    continue
            else:
                items = items.filter(track=track)
        if status:
            items = items.filter(status=status)
        if overdue:
            items = items.filter(pk__in=assignments.objects.overdue().values("page_id"))
        if agency is not None:
            items = items.filter(pk__in=assignments.objects.filter(agency=agency).values("page_id"))
        if gap:
            items = items.filter(model.gap_filter(gap))
        selected.append(items.values("pk"))
    pages = Page.objects.none()
    for pks in selected:
        pages = pages | Page.objects.filter(pk__in=pks)
    return pages_readable_by(user, pages).order_by("-latest_revision_created_at", "-pk")


class PM1PagePermissionPolicy(PagePermissionPolicy):
    """
    Wagtail's page permission policy, with what a user may explore in the admin (listings, admin
    search, the admin API) narrowed to what the rights matrix lets them read.
    """

    def explorable_instances(self, user):
        return pages_readable_by(user, super().explorable_instances(user))


def page_permission_policy_register() -> None:
    """Make Wagtail ask ``PM1PagePermissionPolicy`` about pages (``CoreConfig.ready``)."""
    register_permission_policy(Page, PM1PagePermissionPolicy(Page))
