"""The agency API on policies: the ones assigned to an agency, and one policy with its updates."""

from core.api import AssignmentListAPI, ItemDetailAPI
from core.choices import Track

from .models import PolicyAssignment, PolicyPage


class PolicyAssignmentListAPI(AssignmentListAPI):
    model = PolicyAssignment
    item_type = "policy"

    def by_track(self, assignments, track):
        # Policies are all on the policy track.
        return assignments if track == Track.POLICY else assignments.none()


class PolicyDetailAPI(ItemDetailAPI):
    model = PolicyPage
    item_type = "policy"
