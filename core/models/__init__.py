from .assignment import AssignmentBase, AssignmentQuerySet
from .pages import ItemIndexPage, PM1Page, TrackedItemPage, tracked_item_models
from .settings import ModerationSettings

__all__ = [
    "AssignmentBase",
    "ItemIndexPage",
    "AssignmentQuerySet",
    "ModerationSettings",
    "PM1Page",
    "TrackedItemPage",
    "tracked_item_models",
]
