from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from agencies.models import Agency

from .choices import Status, Track
from .thai import parse_thai_date


class TrackedItemForm(WagtailAdminPageForm):
    """
    The admin form of directives and policies: checks each assignment's deadline against the item's
    start date, which no assignment row can see. (Each agency once is the formset's unique check.)
    """

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get(self._meta.model.start_date_field)
        formset = self.formsets.get("assignments")
        if formset is None or not formset.is_bound:
            return cleaned_data
        formset.is_valid()  # validates each row first, so their cleaned_data can be compared
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            deadline = form.cleaned_data.get("deadline")
            if start and deadline and deadline < start:
                form.add_error("deadline", _("The deadline cannot be before the item's start date."))
        return cleaned_data


class TrackedItemFilterForm(forms.Form):
    """Filters of the admin's list of tracked items; every value is validated, never trusted."""

    KINDS = [
        ("directive", _("Directives")),
        ("policy", _("Policies")),
        ("complaint", _("Complaints")),
        ("foreign", _("Foreign-affairs follow-up")),
    ]

    q = forms.CharField(label=_("Title or reference"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All"))] + KINDS, required=False)
    track = forms.ChoiceField(label=_("Track"), choices=[("", _("All"))] + Track.choices, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All"))] + Status.choices, required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.filter(is_active=True), required=False)


class ThaiDateFormField(forms.DateField):
    """A date field that also accepts Buddhist Era years, Thai month names and Thai digits."""

    default_error_messages = {
        "invalid": _("Enter a date such as 25/01/2569 or 25 มกราคม 2569 (Buddhist or Common Era year, day first)."),
    }

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                return parse_thai_date(value)
            except ValueError:
                pass
        return super().to_python(value)
