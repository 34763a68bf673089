"""
PM1's search backends: modelsearch's own, with the Thai text pipeline (``core.text``) on both
sides, so that the public site, the API and the Wagtail admin all find Thai words inside unspaced
text. Selected in ``WAGTAILSEARCH_BACKENDS`` (``cms/settings/base.py``).
"""

from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from core.text import query_words, segment_for_index

__all__ = ["ThaiQueryMixin", "segment_value", "thai_query"]


def thai_query(query):
    """The query as the backends must see it: Thai runs segmented, engine syntax removed."""
    if isinstance(query, str):
        return _clean(query)
    if isinstance(query, (PlainText, Phrase, Fuzzy)):
        return _with_text(query)
    if isinstance(query, (And, Or)):
        return type(query)([thai_query(subquery) for subquery in query.subqueries])
    if isinstance(query, Not):
        return Not(thai_query(query.subquery))
    if isinstance(query, Boost):
        return Boost(thai_query(query.subquery), query.boost)
    return query


def segment_value(value):
    """An indexed value with its Thai runs segmented (texts, and lists of texts as rich text gives)."""
    if isinstance(value, str):
        return segment_for_index(value)
    if isinstance(value, (list, tuple)):
        return [segment_value(item) for item in value]
    return value


def _clean(text: str) -> str:
    return " ".join(query_words(text))


def _with_text(query):
    clone = object.__new__(type(query))
    clone.__dict__.update(query.__dict__, query_string=_clean(query.query_string))
    return clone


class ThaiQueryMixin:
    """Segments every search and autocomplete query the way indexed text was segmented."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        return super()._search(query_compiler_class, thai_query(query), model_or_queryset, **kwargs)
