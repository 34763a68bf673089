"""
The English names of what a summary's figures name in Thai: figures are computed (and frozen on a
summary page) once for both languages, from the Thai originals, so the English PDF looks each name
up again by id: agencies' English short names, the English translations' titles and summaries of
items, and the English translations' indicators (the same place in the indicator list).
"""

from dataclasses import dataclass, field

from wagtail.models import Page

from agencies.models import Agency
from core.kinds import kinds

from .facts import declares_field


@dataclass
class EnglishNames:
    """English names by id; an id that is missing has no English version."""

    agencies: dict[int, str] = field(default_factory=dict)
    titles: dict[int, str] = field(default_factory=dict)
    summaries: dict[int, str] = field(default_factory=dict)
    indicators: dict[int, tuple[str, str]] = field(default_factory=dict)


def _ids(rows, key) -> set[int]:
    return {row[key] for row in rows if row.get(key) is not None}


def english_names(figures: dict) -> EnglishNames:
    """The English names of the agencies, items and indicators ``figures`` (a summary's) name."""
    names = EnglishNames()
    agency_ids = _ids(figures.get("agencies", []), "agency") | _ids(figures.get("overdue", []), "agency")
    for pk, short_name, name in Agency.objects.filter(pk__in=agency_ids).values_list("pk", "short_name_en", "name_en"):
        if short_name or name:
            names.agencies[pk] = short_name or name
    page_ids = (
        _ids(figures.get("overdue", []), "item")
        | _ids(figures.get("policies", []), "id")
        | _ids(figures.get("indicators", []), "policy")
    )
    sources = {
        key: (pk, title)
        for key, pk, title in Page.objects.filter(pk__in=page_ids).values_list("translation_key", "pk", "title")
    }
    english = Page.objects.filter(translation_key__in=sources, locale__language_code="en", live=True).specific()
    by_source = {sources[page.translation_key][0]: page for page in english}
    for page in english:
        pk, title = sources[page.translation_key]
        # An untranslated copy keeps its source's Thai title: it has no English version.
        if page.title != title:
            names.titles[pk] = page.title
            if getattr(page, "summary", ""):
                names.summaries[pk] = page.summary
    indicator_ids = _ids(figures.get("indicators", []), "indicator")
    for kind in kinds():
        if kind.indicator_model is None or not indicator_ids:
            continue
        model = kind.indicator_model
        pages = set(model.objects.filter(pk__in=indicator_ids).values_list("page_id", flat=True))
        translated = {
            page_id: list(model.objects.filter(page_id=by_source[page_id].pk).order_by("sort_order", "pk"))
            for page_id in pages & by_source.keys()
        }
        for page_id, rows in translated.items():
            originals = model.objects.filter(page_id=page_id).order_by("sort_order", "pk")
            # A translation copies its source's indicators: one whose name is unchanged is still in Thai.
            for original, row in zip(originals, rows, strict=False):
                if row.name != original.name:
                    names.indicators[original.pk] = (row.name, row.unit)
        if declares_field(model, "name_en"):
            # English names kept on the indicator itself (its rows are synchronised, not translated) win.
            for row in model.objects.filter(pk__in=indicator_ids).exclude(name_en=""):
                names.indicators[row.pk] = (row.name_en, row.unit_en or row.unit)
    return names
