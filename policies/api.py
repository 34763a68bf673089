"""``GET /api/v1/assignments/policies/``: the policies assigned to the agency a request acts for."""

from core.api import AssignmentListAPI
from core.choices import Track

from .models import PolicyAssignment


class PolicyAssignmentListAPI(AssignmentListAPI):
    model = PolicyAssignment
    item_type = "policy"

    def by_track(self, assignments, track):
        # Policies are all on the policy track.
        return assignments if track == Track.POLICY else assignments.none()
