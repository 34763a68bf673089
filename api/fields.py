"""Serializer fields the API's views share."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.thai import parse_thai_date

__all__ = ["ThaiDateField"]


class ThaiDateField(serializers.DateField):
    """An ISO date, or a date typed the Thai way (25/01/2569, 25 ม.ค. 2569; Buddhist or Common Era)."""

    default_error_messages = {
        "invalid": _("Enter a date such as 2026-01-25, 25/01/2569 or 25 มกราคม 2569 (day first)."),
    }

    def to_internal_value(self, value):
        try:
            return parse_thai_date(value)
        except (TypeError, ValueError):
            self.fail("invalid")
