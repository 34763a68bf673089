from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import get_page_models
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from core.choices import Status, Track, Visibility
from core.kinds import kind_grouping, kind_headline, kinds
from core.models import PM1Page
from search.selectors import public_figures, recent_updates


class HomePage(PM1Page):
    """The root of each language's site (/th/, /en/)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = PM1Page.content_panels + [FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directives.DirectiveIndexPage",
        "policies.PolicyIndexPage",
        "complaints.ComplaintIndexPage",
        "foreign.ForeignIndexPage",
        "home.StandardPage",
        "reports.ExecutiveSummaryIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        counts = []
        by_track = {value: [] for value in Track.values}
        for kind in kinds():
            figures = public_figures(locale=self.locale, kind=kind.item_type)
            counts.append((figures["total"], kind.name if figures["total"] == 1 else kind.name_plural))
            index = kind.index_model.objects.live().filter(locale=self.locale).first()
            for track, count in figures["track"].items():
                if count and track in by_track:
                    by_track[track].append(_track_share(kind, index, track, count, figures["total"]))
            if kind is kind_headline():
                # The figures by status, each a link to the kind's listing filtered by it.
                context["figures"] = figures
                context["status_figures"] = [(v, label, figures["status"].get(v, 0)) for v, label in Status.choices]
                context["directive_index"] = index
        # Every kind's items in each track, so that a track's figure is what its listings show.
        context["track_breakdown"] = [
            (value, label, sum(share["count"] for share in by_track[value]), by_track[value])
            for value, label in Track.choices
        ]
        context["track_figures"] = [(value, label, count) for value, label, count, _ in context["track_breakdown"]]
        context["kind_counts"] = counts
        context["recent_updates"] = recent_updates(locale=self.locale, limit=6, distinct_items=True)
        grouping = kind_grouping()
        if grouping is not None:
            public = {"live": True, "visibility": Visibility.PUBLIC, "locale": self.locale}
            context["policies"] = grouping.model.objects.filter(**public, depth=self.depth + 2)[:12]
        context["executive_summary"] = latest_home_summary(self.locale)
        return context


def _track_share(kind, index, track: str, count: int, total: int) -> dict:
    """
    A kind's public items in one track: how many, named, and a listing that shows just them: the kind's
    own, filtered by the track or holding nothing else, or else the search page narrowed to both.
    """
    if index is not None and "track" in getattr(index, "listing_filters", ()):
        url = f"{index.url}?{urlencode({'track': track})}"
    elif index is not None and count == total:
        url = index.url
    else:
        url = f"{reverse('search')}?{urlencode({'type': kind.item_type, 'track': track})}"
    return {"count": count, "name": kind.name if count == 1 else kind.name_plural, "url": url}


def latest_home_summary(locale):
    """
    The newest live page, in ``locale``, of a page type that asks to be shown on the home page by
    setting ``home_summary = True`` (the executive summaries do), or ``None``.
    """
    models = [model for model in get_page_models() if getattr(model, "home_summary", False)]
    candidates = [
        model.objects.live().public().filter(locale=locale).order_by("-first_published_at").first() for model in models
    ]
    candidates = [page for page in candidates if page is not None]
    return max(candidates, key=lambda page: page.first_published_at, default=None)


class StandardPage(PM1Page):
    """About, contact and other general pages edited in the CMS."""

    body = RichTextField(_("body"))

    content_panels = PM1Page.content_panels + [FieldPanel("body")]
    search_fields = PM1Page.search_fields + [index.SearchField("body")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
