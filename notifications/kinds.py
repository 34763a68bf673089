"""
What PM1 tells people about: one kind per event, with the words of its message.

A message is a subject line and a sentence, both in the recipient's language (rendered under
``translation.override``); ``%(title)s`` is the item's title and the other placeholders come from the
event's context.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    ASSIGNED = "assigned", _("An item is assigned to my agency")
    DEADLINE = "deadline", _("A deadline approaches")
    OVERDUE = "overdue", _("An item is overdue")
    ROUND_OPENED = "round_opened", _("A reporting round opens")
    ROUND_CLOSED = "round_closed", _("A reporting round closes")
    UPDATE_SUBMITTED = "update_submitted", _("A progress update awaits my review")
    UPDATE_SENT_BACK = "update_sent_back", _("A progress update is sent back")
    UPDATE_APPROVED = "update_approved", _("A progress update is approved")
    UPDATE_PUBLISHED = "update_published", _("A progress update is published")
    QUESTION_ANSWERED = "question_answered", _("A citizen's question is answered")
    ITEM_CHANGED = "item_changed", _("A followed item changes")


SUBJECTS = {
    EventKind.ASSIGNED: _("New assignment: %(title)s"),
    EventKind.DEADLINE: _("Deadline in %(days)s days: %(title)s"),
    EventKind.OVERDUE: _("Overdue since %(deadline)s: %(title)s"),
    EventKind.ROUND_OPENED: _("Reporting round open: %(title)s"),
    EventKind.ROUND_CLOSED: _("Reporting round closed: %(title)s"),
    EventKind.UPDATE_SUBMITTED: _("Progress update to review: %(title)s"),
    EventKind.UPDATE_SENT_BACK: _("Progress update sent back: %(title)s"),
    EventKind.UPDATE_APPROVED: _("Progress update approved: %(title)s"),
    EventKind.UPDATE_PUBLISHED: _("Progress update published: %(title)s"),
    EventKind.QUESTION_ANSWERED: _("Your question is answered: %(title)s"),
    EventKind.ITEM_CHANGED: _("News on an item you follow: %(title)s"),
}

BODIES = {
    EventKind.ASSIGNED: _("%(agency)s is assigned to %(title)s. Deadline: %(deadline)s."),
    EventKind.DEADLINE: _("The deadline of %(agency)s for %(title)s is %(deadline)s, in %(days)s days."),
    EventKind.OVERDUE: _("The deadline of %(agency)s for %(title)s was %(deadline)s and it is not completed."),
    EventKind.ROUND_OPENED: _("The reporting round %(title)s is open until %(deadline)s."),
    EventKind.ROUND_CLOSED: _("The reporting round %(title)s closed on %(deadline)s."),
    EventKind.UPDATE_SUBMITTED: _("%(agency)s submitted the progress update %(title)s for review."),
    EventKind.UPDATE_SENT_BACK: _("The progress update %(title)s of %(agency)s was sent back: %(comment)s"),
    EventKind.UPDATE_APPROVED: _("The progress update %(title)s of %(agency)s was approved."),
    EventKind.UPDATE_PUBLISHED: _("The progress update %(title)s of %(agency)s is published."),
    EventKind.QUESTION_ANSWERED: _("Your question on %(title)s has an answer: %(answer)s"),
    EventKind.ITEM_CHANGED: _("%(title)s has changed."),
}
