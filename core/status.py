"""
The status roll-up rule, in one place. README ("Status roll-up") states the same rule in prose.

An assignment's status is the status claim of its agency's latest *published* progress update on the
item (none yet: not started). An item's status rolls up from its assignments:

1. no assignments, or every assignment not started            -> not started
2. every assignment closed (completed or not pursued):
   at least one completed -> completed; otherwise              -> not pursued
3. otherwise the item is in progress, with the worst sub-state among its assignments
   (delayed > at risk > on track); an assignment that is closed or not started while others
   work counts as on track, because the item as a whole is moving.

Overdue is derived, never stored: an assignment is overdue when its deadline has passed and it is
not closed; an item is overdue when any of its assignments is.
"""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

from .choices import CLOSED, IN_PROGRESS, Status

#: What a progress update is told when its status changes without a reason (``old`` and ``new`` are
#: labels): ``updates.services.update_check`` says it, and the API's schema shows it as an example.
REASON_NEEDED = _("The status changes from “%(old)s” to “%(new)s”: state the reason.")

_SEVERITY = [Status.ON_TRACK, Status.AT_RISK, Status.DELAYED]


def status_rollup(statuses: Iterable[str]) -> Status:
    """The item's status from its assignments' statuses, by the rule in this module's docstring."""
    statuses = [Status(s) for s in statuses]
    if not statuses or all(s == Status.NOT_STARTED for s in statuses):
        return Status.NOT_STARTED
    if all(s in CLOSED for s in statuses):
        return Status.COMPLETED if Status.COMPLETED in statuses else Status.NOT_PURSUED
    working = [s for s in statuses if s in IN_PROGRESS] or [Status.ON_TRACK]
    return max(working, key=_SEVERITY.index)


def is_overdue(*, deadline: date | None, status: str, today: date) -> bool:
    """True when the deadline has passed and the work is not closed."""
    return deadline is not None and deadline < today and Status(status) not in CLOSED


def status_change_needs_reason(old: str, new: str) -> str:
    """What a status change without a reason is told."""
    return REASON_NEEDED % {"old": Status(old).label, "new": Status(new).label}
