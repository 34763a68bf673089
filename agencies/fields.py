"""Form and API fields that take an agency by any of its names, through ``agencies.selectors.AgencyNames``."""

from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .selectors import AgencyNames, agencies_in_hierarchy, agency_label

#: How far each level is indented in a choice list (no-break spaces, which browsers keep), as Wagtail
#: indents collections.
INDENT = "\u00a0" * 4


class AgencyChoiceField(forms.ModelChoiceField):
    """A choice of agency by code, as before, that also takes any name or short name (``?agency=สธ``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return super().to_python(value)
        except forms.ValidationError:
            found = AgencyNames().resolve(value)
            if found is None or not self.queryset.filter(pk=found.pk).exists():
                raise
            return self.queryset.get(pk=found.pk)


class AgencyTreeChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for agency, depth in agencies_in_hierarchy(self.queryset):
            value, label = self.choice(agency)
            yield value, f"{INDENT * (depth - 1)}↳ {label}" if depth else label


class AgencyTreeChoiceField(forms.ModelChoiceField):
    """
    A choice among agencies listed as the government's list reads (``agencies_in_hierarchy``):
    ministries and other top-level bodies in dictionary order, each followed by its departments,
    indented.
    """

    iterator = AgencyTreeChoiceIterator


@extend_schema_field(OpenApiTypes.STR)
class AgencyNameSerializerField(serializers.Field):
    """An agency named by its code or any other name; the answer shows its code."""

    default_error_messages = {
        "unknown": _("No agency is called “%(value)s”."),
        "several": _("“%(value)s” fits several agencies (%(names)s): use the agency's code."),
    }

    def to_internal_value(self, data):
        found = AgencyNames().matches(str(data))
        if not found:
            self.fail("unknown", value=data)
        if len(found) > 1:
            self.fail("several", value=data, names=", ".join(agency_label(agency) for agency in found))
        return found[0]

    def to_representation(self, value):
        return value.code
