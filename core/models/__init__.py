from .assignment import AssignmentBase, AssignmentQuerySet
from .pages import PM1Page, TrackedItemPage
from .settings import ModerationSettings

__all__ = ["AssignmentBase", "AssignmentQuerySet", "ModerationSettings", "PM1Page", "TrackedItemPage"]
