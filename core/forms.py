from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .choices import DatePrecision, Gap, Status, Track
from .thai import parse_thai_date, precision_start


class TrackedItemForm(WagtailAdminPageForm):
    """
    The admin form of tracked items: checks each assignment's deadline against the item's start
    date, which no assignment row can see (each agency once is the formset's unique check), and asks
    for the start date and an agency where the kind needs them. An archival item saved without them
    (imported from a record that gives none) may stay without until an editor completes it; once
    completed it needs them like any other item.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model, instance = self._meta.model, self.instance
        if "date_precision" in self.fields:
            # A form sent without the field (older clients, scripts) means a whole date, as before.
            self.fields["date_precision"].required = False
        saved = instance.pk is not None
        self.date_gap = saved and model.requires_start_date and instance.start_date is None
        self.agencies_gap = saved and model.requires_agencies and not instance.assignments.all()

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        field = model.start_date_field
        start = cleaned_data.get(field)
        if start is None and model.requires_start_date and not self.date_gap and field not in self.errors:
            self.add_error(field, _("Enter the date."))
        precision = cleaned_data.get("date_precision") or DatePrecision.DAY
        if "date_precision" in self.fields:
            cleaned_data["date_precision"] = precision
        if start is not None and precision != DatePrecision.DAY:
            # A date known to the month or the year is kept as its first day, never as a day chosen at random.
            start = cleaned_data[field] = precision_start(start, precision)
        formset = self.formsets.get("assignments")
        if formset is None or not formset.is_bound:
            return cleaned_data
        formset.is_valid()  # validates each row first, so their cleaned_data can be compared
        kept = 0
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            kept += bool(form.cleaned_data.get("agency"))
            deadline = form.cleaned_data.get("deadline")
            if start and deadline and deadline < start:
                form.add_error("deadline", _("The deadline cannot be before the item's start date."))
        if model.requires_agencies and not kept and not self.agencies_gap:
            self.add_error(None, _("Assign at least one agency."))
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
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    gap = forms.ChoiceField(label=_("Gap"), choices=[("", _("All"))] + Gap.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The agency model is named by its label, as the assignments' foreign key names it: core is
        # below the app that defines it and imports none of it.
        self.fields["agency"].queryset = apps.get_model("agencies.Agency").objects.filter(is_active=True)


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
