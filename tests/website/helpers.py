"""
One new published item of each kind, for the cache tests that iterate ``core.kinds.kinds()``: a
kind registered without a maker here fails them, so that a new kind's listing is tested too.
"""

from agencies.models import Agency
from core.choices import Visibility
from core.kinds import kinds
from directives.models import DirectivePage
from tests import builders
from tests.complaints import helpers as complaints


def _agency():
    # The reference list's, as migrate made it: builders.agency would save it, which renders every page again.
    return Agency.objects.get(code="MOPH")


def _directive(title):
    reference = f"นร {DirectivePage.objects.count() + 100}/2569"
    return builders.directive(reference, _agency(), title=title)


def _policy(title):
    return builders.policy(title, _agency())


def _complaint(title):
    return complaints.complaint(title, _agency(), title=title, visibility=Visibility.PUBLIC, public_summary=title)


def _foreign(title):
    page = complaints.foreign_commitment(title, _agency())
    page.title = title
    page.save_revision().publish()
    return page


MAKERS = {"directive": _directive, "policy": _policy, "complaint": _complaint, "foreign": _foreign}


def item_publish(kind, title):
    """A new public item of ``kind`` called ``title``, published as the admin does."""
    return MAKERS[kind.item_type](title)


def listing_url(kind) -> str:
    """The address of the page listing the kind's items (the Thai one, made by ``migrate``)."""
    return builders.index_page(kind.index_model).url


def every_kind_publish(title) -> dict[str, str]:
    """A new public item of every kind called ``title``: ``{item type: its address}``."""
    return {kind.item_type: item_publish(kind, title).url for kind in kinds()}
