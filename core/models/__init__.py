from .assignment import AssignmentBase, AssignmentQuerySet
from .grants import GrantsGeneration
from .pages import ItemIndexPage, PM1Page, TrackedItemPage, agency_report_models, tracked_item_models
from .settings import ModerationSettings

__all__ = [
    "AssignmentBase",
    "ItemIndexPage",
    "AssignmentQuerySet",
    "GrantsGeneration",
    "ModerationSettings",
    "PM1Page",
    "TrackedItemPage",
    "agency_report_models",
    "tracked_item_models",
]
