from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, get_page_models
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from ..choices import DatePrecision, Gap, Status, Visibility
from ..kinds import kinds
from ..listing import listing_provider
from ..rights import PM1PagePermissionTester
from ..sanitise import rich_text_fields_clean
from ..status import is_overdue
from ..translation import synchronised_fields, translation_synchronise
from .settings import ModerationSettings

#: What starts a reference number an import derived from a row's text (``imports.items.derived_ref``):
#: the key of an archival record that had none.
DERIVED_REFERENCE_PREFIX = "ARC-"
#: Only web links: a ``javascript:`` or ``data:`` source would run in the public page.
source_url_validator = URLValidator(schemes=["http", "https"])


class SourceURLField(models.URLField):
    """A web link; typed without a scheme in a form, it is read as https (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class PM1Page(Page):
    """What every PM1 page shares: agency-scoped admin rights and the base search fields."""

    is_creatable = False
    #: Whether the page is an agency's report on the tracked item it is filed under (a progress
    #: update): such a page has an ``agency``, and the rights matrix scopes it by that agency.
    is_agency_report = False

    search_fields = Page.search_fields

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        rich_text_fields_clean(self)

    def save(self, *args, **kwargs):
        # A translation changes only its translatable text (``core.translation``), whoever saves it.
        update_fields = kwargs.get("update_fields")
        if update_fields is None or set(update_fields) & set(synchronised_fields(type(self))):
            translation_synchronise(self)
        return super().save(*args, **kwargs)

    def save_revision(self, *args, **kwargs):
        # The revision a translator saves and an approver publishes holds the source's synchronised fields.
        translation_synchronise(self)
        return super().save_revision(*args, **kwargs)

    def permissions_for_user(self, user):
        return PM1PagePermissionTester(user, self)

    def agency_scope(self) -> frozenset[int] | None:
        """
        The agencies whose reporters and approvers may work on this page; ``None`` for pages that
        are PMO business only. Tracked items and progress updates override this.
        """
        return None

    def readable_by_agencies(self) -> frozenset[int]:
        """Agencies whose staff may read this page when it is not public."""
        return frozenset()

    def is_published_publicly(self) -> bool:
        """Is this page on the public site for anyone to read?"""
        return self.live

    def publication_allowed(self) -> bool:
        """May PMO staff publish this page now? Progress updates first need their agency's approval."""
        return True

    def read_context(self, user) -> dict:
        """What the admin's read view (``core.views.PageReadView``) shows ``user`` besides the page's fields."""
        return {}

    def version_readable_by(self, user):
        """The version of this page the read view shows ``user`` (who may read it): by default this one."""
        return self


class ItemIndexPage(PM1Page):
    """The public list of one kind of tracked item: published, public ones, paginated."""

    #: The listed model, as "app_label.ModelName", and its order.
    item_model: str
    item_ordering: tuple[str, ...]
    #: The filters the public may narrow the listing with (``track``, ``agency``…: the names of public
    #: search's conditions). A listing with filters is answered by the listing provider
    #: (``core.listing``) when one is registered.
    listing_filters: tuple[str, ...] = ()
    #: What a filtered listing fetches with its items, for the template.
    listing_prefetch: tuple[str, ...] = ("assignments__agency",)

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = PM1Page.content_panels + [FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        provider = listing_provider()
        if self.listing_filters and provider is not None:
            context.update(provider(self, request))
            return context
        items = (
            apps.get_model(self.item_model)
            .objects.live()
            .public()
            .descendant_of(self)
            .filter(visibility=Visibility.PUBLIC)
            .order_by(*self.item_ordering)
        )
        context["items"] = Paginator(items, 20).get_page(request.GET.get("page"))
        return context


class WorkflowBySettingMixin:
    """Moderate this page type with the workflow named in ``ModerationSettings``."""

    moderation_setting: str

    def get_workflow(self):
        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return None
        workflow = getattr(ModerationSettings.load(), self.moderation_setting)
        return workflow if workflow is not None and workflow.active else None

    @property
    def has_workflow(self):
        return self.get_workflow() is not None


class TrackedItemPage(WorkflowBySettingMixin, PM1Page):
    """
    A directive or a policy: assigned to agencies, reported on by progress updates, with a status
    rolled up from them (``core.status``). Concrete classes provide an ``assignments`` relation, and
    mix in ``updates.models.ReportedItemMixin`` for the timeline of the updates filed under them.
    """

    moderation_setting = "item_workflow"
    #: The field the assignments' deadlines may not precede.
    start_date_field: str
    #: What the API, search and open data call this kind of item ("directive", "policy", …).
    item_type: str
    #: The field that names an item in files people exchange: its reference (a policy's number).
    reference_field = "reference"
    #: Whether an item of the kind needs a start date and an agency (the admin asks for them). An
    #: archival item imported without them keeps the gap (``gaps``) until an editor completes it.
    requires_start_date = True
    requires_agencies = True

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED, editable=False
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Internal items are never shown on the public site, in public search or the open-data API."),
    )

    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "For a record that gives only the month or the year: the date is kept as the first day of that "
            "month or year and shown only as far as it is known."
        ),
    )
    source_url = SourceURLField(
        _("source"),
        max_length=500,
        blank=True,
        validators=[source_url_validator],
        help_text=_("Where the record was published (http or https), shown on the public page."),
    )

    search_fields = PM1Page.search_fields + [
        index.SearchField("assigned_agency_names"),
        index.FilterField("status"),
        index.FilterField("visibility"),
    ]

    class Meta:
        abstract = True

    @classmethod
    def gap_filter(cls, gap: str) -> Q:
        """The items of the kind with ``gap`` (a ``core.choices.Gap``), as a condition on the kind's queryset."""
        if gap == Gap.DATE:
            return Q(**{f"{cls.start_date_field}__isnull": True}) if cls.requires_start_date else Q(pk__in=[])
        if gap == Gap.AGENCIES:
            if not cls.requires_agencies:
                return Q(pk__in=[])
            assignments = cls._meta.get_field("assignments").related_model
            return ~Exists(assignments.objects.filter(page=OuterRef("pk")))
        if gap == Gap.DATE_PRECISION:
            return Q(**{f"{cls.start_date_field}__isnull": False}) & ~Q(date_precision=DatePrecision.DAY)
        if gap == Gap.REFERENCE:
            return Q(**{f"{cls.reference_field}__startswith": DERIVED_REFERENCE_PREFIX})
        return Q(pk__in=[])

    @property
    def gaps(self) -> tuple[str, ...]:
        """What the item lacks (``core.choices.Gap`` values), from its data: empty for a complete item."""
        gaps = []
        if self.requires_start_date and self.start_date is None:
            gaps.append(Gap.DATE)
        if self.requires_agencies and not self.assignments.all():
            gaps.append(Gap.AGENCIES)
        if self.start_date is not None and self.date_precision != DatePrecision.DAY:
            gaps.append(Gap.DATE_PRECISION)
        if str(getattr(self, self.reference_field, "")).startswith(DERIVED_REFERENCE_PREFIX):
            gaps.append(Gap.REFERENCE)
        return tuple(gaps)

    @property
    def gap_labels(self) -> list[str]:
        """The item's gaps as the admin names them."""
        return [Gap(gap).label for gap in self.gaps]

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    def agency_scope(self) -> frozenset[int]:
        return frozenset(a.agency_id for a in self.assignments.all())

    def assigned_agency_names(self) -> str:
        """
        Indexed with the item: every name of its assigned agencies (short names with and without
        their dots, English names, other names: ``agencies.Agency.known_names``), so that searching
        "สธ." or "สธ" finds what กระทรวงสาธารณสุข was assigned.
        """
        names = []
        for assignment in self.assignments.select_related("agency"):
            for name in assignment.agency.known_names:
                names += [name, name.replace(".", "")] if "." in name else [name]
        return " ".join(dict.fromkeys(names))

    def readable_by_agencies(self) -> frozenset[int]:
        return self.agency_scope()

    def is_published_publicly(self) -> bool:
        return self.live and self.is_public

    def serve(self, request, *args, **kwargs):
        if not self.is_public and not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []

    def read_context(self, user) -> dict:
        return {"assignments": self.assignments.select_related("agency")}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["assignments"] = self.assignments.select_related("agency")
        return context

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        return any(is_overdue(deadline=a.deadline, status=a.status, today=today) for a in self.assignments.all())

    @property
    def start_date(self):
        return getattr(self, self.start_date_field)

    @property
    def lead_assignments(self):
        return [a for a in self.assignments.all() if a.role == a.Role.LEAD]


def tracked_item_models() -> list[type[TrackedItemPage]]:
    """The item models of the registered kinds (``core.kinds``: directives, policies, complaints…)."""
    return [kind.model for kind in kinds()]


def agency_report_models() -> list[type[PM1Page]]:
    """
    Every page type an agency files under a tracked item (``is_agency_report``: progress updates),
    found like the tracked items, so that the rights matrix scopes them without naming the app that
    defines them.
    """
    return [model for model in get_page_models() if getattr(model, "is_agency_report", False)]
