from django import template

from ..selectors import complaint_counts_for

register = template.Library()


@register.simple_tag
def complaint_counts(directive) -> dict:
    """``{% complaint_counts page as counts %}``: how many complaints concern a directive, how many resolved."""
    return complaint_counts_for(directive)
