"""Reads of notifications: a user's in-app messages."""

from .models import Channel, Delivery


def inbox_for_user(user):
    """The user's in-app notifications, newest first, with their events."""
    return Delivery.objects.filter(user=user, channel=Channel.IN_APP).select_related("event").order_by("-pk")


def unread_count(user) -> int:
    return inbox_for_user(user).filter(read_at__isnull=True).count()
