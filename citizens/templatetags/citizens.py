"""``{% citizens_panel page_or_agency %}``: following by e-mail, and on items the public questions and answers."""

from django import template

from agencies.models import Agency

from ..forms import FollowForm
from ..selectors import questions_public

register = template.Library()


@register.inclusion_tag("citizens/_panel.html")
def citizens_panel(target):
    """
    The follow form for an item or an agency; for an item also its published questions (with their
    answers) and the way to ask one. The same for every visitor, so that the page stays cacheable.
    """
    is_item = not isinstance(target, Agency)
    return {
        "target": target,
        "is_item": is_item,
        "form": FollowForm(auto_id="follow_%s"),
        "questions": questions_public(target) if is_item else (),
    }
