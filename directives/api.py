"""The agency API on directives: the ones assigned to an agency, and one directive with its updates."""

from core.api import AssignmentListAPI, ItemDetailAPI

from .models import DirectiveAssignment, DirectivePage


class DirectiveAssignmentListAPI(AssignmentListAPI):
    model = DirectiveAssignment
    item_type = "directive"


class DirectiveDetailAPI(ItemDetailAPI):
    model = DirectivePage
    item_type = "directive"
