"""Template filters for Thai dates, fiscal years and digits: ``{% load thai %}``. Empty input gives ``""``."""

from django import template
from django.utils.translation import gettext

from core import thai

register = template.Library()


def _is_empty(value) -> bool:
    return value is None or value == ""


@register.filter
def thai_date(value, form="long"):
    """``{{ d|thai_date }}`` or ``{{ d|thai_date:"short" }}``: a Thai date with a BE year."""
    return "" if _is_empty(value) else thai.thai_date(value, form)


@register.filter
def local_date(value, form="long"):
    """``{{ d|local_date:"medium" }}``: the date formatted for the active language."""
    return "" if _is_empty(value) else thai.local_date(value, form)


@register.filter
def item_date(item, form="long"):
    """
    ``{{ page|item_date }}`` or ``{{ page|item_date:"medium" }}``: a tracked item's start date (issued,
    received, the event, a policy's start) for the active language, only as far as it is known
    ("มีนาคม 2565", "พ.ศ. 2564"); "date not recorded" for an item whose record gives none.
    """
    if getattr(item, "start_date_field", None) is None:
        return ""
    if item.start_date is None:
        return gettext("Date not recorded") if item.requires_start_date else ""
    return thai.partial_date(item.start_date, item.date_precision, form)


@register.filter
def fiscal_year(value):
    """``{{ d|fiscal_year }}``: the BE fiscal year containing the date."""
    return "" if _is_empty(value) else thai.fiscal_year(value)


@register.filter
def fiscal_year_label(value):
    """``{{ d|fiscal_year_label }}``: the name of the date's fiscal year in the active language."""
    return "" if _is_empty(value) else thai.fiscal_year_label(thai.fiscal_year(value))


@register.filter
def thai_digits(value):
    """``{{ value|thai_digits }}``: the value as text with Thai digits."""
    return "" if _is_empty(value) else thai.to_thai_digits(value)
