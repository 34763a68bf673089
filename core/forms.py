from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class TrackedItemForm(WagtailAdminPageForm):
    """
    The admin form of directives and policies: checks the assignments as a whole, which no single
    assignment row can do (each agency once; no deadline before the item starts).
    """

    def clean(self):
        cleaned_data = super().clean()
        start = cleaned_data.get(self._meta.model.start_date_field)
        formset = self.formsets.get("assignments")
        if formset is None or not formset.is_bound:
            return cleaned_data
        formset.is_valid()  # validates each row first, so their cleaned_data can be compared
        seen = set()
        for form in formset.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            agency = form.cleaned_data.get("agency")
            deadline = form.cleaned_data.get("deadline")
            if agency is not None:
                if agency.pk in seen:
                    form.add_error(
                        "agency",
                        _("%(agency)s is already assigned to this item. Assign each agency once.")
                        % {"agency": agency},
                    )
                seen.add(agency.pk)
            if start and deadline and deadline < start:
                form.add_error("deadline", _("The deadline cannot be before the item's start date."))
        return cleaned_data
