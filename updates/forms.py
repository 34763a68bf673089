from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from agencies.models import Agency
from core.roles import agency_ids_for_user, is_pmo


class ProgressUpdateForm(WagtailAdminPageForm):
    """
    The admin form of a progress update: agencies limited to the item's assignments (and, for agency
    staff, to their own agency), a title suggested from agency and period, and the checks of
    ``updates.services.update_check``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to name the update after its agency and period.")
        if "slug" in self.fields:
            self.fields["slug"].required = False
        item = self._item()
        if item is None:
            return
        agencies = Agency.objects.filter(pk__in=item.agency_scope())
        if self.for_user is not None and not is_pmo(self.for_user):
            agencies = agencies.filter(pk__in=agency_ids_for_user(self.for_user))
        self.fields["agency"].queryset = agencies
        if not self.instance.agency_id and agencies.count() == 1:
            self.fields["agency"].initial = agencies.first().pk

    def _item(self):
        parent = self.parent_page if self.parent_page is not None else self.instance.get_parent()
        return parent.specific if parent is not None else None

    def _live_rows(self, name):
        formset = self.formsets.get(name)
        if formset is None or not formset.is_bound:
            return []
        formset.is_valid()
        return [
            form.cleaned_data
            for form in formset.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        # Imported at use: the services use the page model, which Wagtail needs to name this form
        # as its ``base_form_class`` (a class, not a path) when the models are loaded.
        from .services import update_check, update_default_title, update_free_slug

        cleaned_data = super().clean()
        agency = cleaned_data.get("agency")
        period_end = cleaned_data.get("period_end")
        if not cleaned_data.get("title") and agency is not None and period_end:
            item = self._item()
            cleaned_data["title"] = update_default_title(
                agency=agency, period_end=period_end, language=item.locale.language_code if item else None
            )
        elif not cleaned_data.get("title"):
            self.add_error("title", _("This field is required."))
        if "slug" in self.fields and not cleaned_data.get("slug") and agency is not None and period_end:
            cleaned_data["slug"] = update_free_slug(
                item=self._item(), agency=agency, period_end=period_end, instance=self.instance
            )
        evidence_count = sum(1 for row in self._live_rows("evidence") if row.get("document") or row.get("image"))
        # Imported history marked with what it lacked loses the mark once the editor supplies it.
        self.instance.gaps_close(
            status_reason=cleaned_data.get("status_reason", ""),
            status_claim=cleaned_data.get("status_claim"),
            evidence_count=evidence_count,
        )
        try:
            update_check(
                item=self._item(),
                agency=agency,
                period_start=cleaned_data.get("period_start"),
                period_end=cleaned_data.get("period_end"),
                status_claim=cleaned_data.get("status_claim"),
                status_reason=cleaned_data.get("status_reason", ""),
                evidence_count=evidence_count,
                indicator_ids=[
                    row["indicator"].pk for row in self._live_rows("indicator_values") if row.get("indicator")
                ],
                exclude_update=self.instance,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned_data
