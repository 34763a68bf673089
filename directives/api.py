"""``GET /api/v1/assignments/directives/``: the directives assigned to the agency a request acts for."""

from core.api import AssignmentListAPI

from .models import DirectiveAssignment


class DirectiveAssignmentListAPI(AssignmentListAPI):
    model = DirectiveAssignment
    item_type = "directive"
