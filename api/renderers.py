"""
Times in API answers are UTC, written with ``Z`` (``2026-03-31T09:30:00Z``), whatever the site's time
zone (Asia/Bangkok) and wherever the value came from: agency systems compare them with one another.
"""

import datetime

from django.utils import timezone
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

__all__ = ["UTCDateTimeField", "UTCJSONRenderer", "in_utc", "utc_text"]


def in_utc(value):
    """An aware datetime moved to UTC; anything else as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return value.astimezone(datetime.UTC)
    return value


def utc_text(value: datetime.datetime) -> str:
    """An aware datetime as ISO 8601 text in UTC, ending in ``Z``."""
    return in_utc(value).isoformat().removesuffix("+00:00") + "Z"


class UTCJSONEncoder(JSONEncoder):
    def default(self, obj):
        if isinstance(obj, datetime.datetime) and timezone.is_aware(obj):
            return utc_text(obj)
        return super().default(obj)


class UTCJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, its datetimes in UTC."""

    encoder_class = UTCJSONEncoder


class UTCDateTimeField(serializers.DateTimeField):
    """A datetime answered in UTC; one received without an offset is still read in the site's time zone."""

    def to_representation(self, value):
        if not value or isinstance(value, str):
            return value or None
        return utc_text(self.enforce_timezone(value))
