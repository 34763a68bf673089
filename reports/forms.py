from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from agencies.models import Agency
from core.choices import Track
from core.forms import ThaiDateFormField
from core.kinds import kind_grouping
from core.selectors import pages_readable_by
from core.thai import fiscal_year

from .models import ItemFact, ReportingRound

#: The occasions directives are given on, named through the facts (no other kind has one).
Occasion = ItemFact._meta.get_field("occasion").related_model


def readable_policies(user):
    """
    The published policies (the grouping kind's items: ``Kind.groups_items``) the user may read: the
    only ones a report may be asked about.
    """
    grouping = kind_grouping()
    if grouping is None:
        return Page.objects.none()
    policies = grouping.model.objects.filter(locale=Locale.get_default(), live=True)
    return policies.filter(pk__in=pages_readable_by(user, Page.objects.all()).values("pk")).order_by("path")


def _fiscal_year_choices(today):
    current = fiscal_year(today)
    return [("", _("All fiscal years"))] + [(year, str(year)) for year in range(current + 1, current - 8, -1)]


class DashboardFilterForm(forms.Form):
    """The dashboard's filters: fiscal year (BE), track, agency (with its departments), policy, occasion."""

    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year (BE)"), coerce=int, required=False, empty_value=None)
    track = forms.ChoiceField(label=_("Track"), choices=[("", _("All tracks")), *Track.choices], required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False)
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=Page.objects.none(), required=False)
    occasion = forms.ModelChoiceField(label=_("Occasion"), queryset=Occasion.objects.all(), required=False)

    def __init__(self, *args, user, today, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = _fiscal_year_choices(today)
        if agencies is not None:
            self.fields["agency"].queryset = Agency.objects.filter(pk__in=agencies)
        self.fields["policy"].queryset = readable_policies(user)

    def filter_values(self) -> dict:
        data = self.cleaned_data
        return {
            "fiscal_year": data.get("fiscal_year"),
            "track": data.get("track") or "",
            "agency": data["agency"].pk if data.get("agency") else None,
            "policy": data["policy"].pk if data.get("policy") else None,
            "occasion": data["occasion"].pk if data.get("occasion") else None,
        }


class SummaryJobForm(forms.Form):
    fiscal_year = forms.TypedChoiceField(label=_("Fiscal year (BE)"), coerce=int)
    language = forms.ChoiceField(label=_("Language"), choices=[("th", _("Thai")), ("en", _("English"))])

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = _fiscal_year_choices(today)[1:]
        self.fields["fiscal_year"].initial = fiscal_year(today)


class RoundOpenForm(forms.ModelForm):
    """Open a round for every published item with open work, optionally of one track only."""

    track = forms.ChoiceField(label=_("Track"), choices=[("", _("All tracks")), *Track.choices], required=False)
    period_start = ThaiDateFormField(label=_("period start"))
    period_end = ThaiDateFormField(label=_("period end"))
    due_on = ThaiDateFormField(label=_("reports due on"))

    class Meta:
        model = ReportingRound
        fields = ["title", "kind", "period_start", "period_end", "due_on"]


class PerformanceReportForm(forms.Form):
    """A policy report (one policy with its sub-items) or a directive report, for a period."""

    kind = forms.ChoiceField(
        label=_("Report"), choices=[("directive", _("Directive report")), ("policy", _("Policy report"))]
    )
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=Page.objects.none(), required=False)
    start = ThaiDateFormField(label=_("From"))
    end = ThaiDateFormField(label=_("To"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["policy"].queryset = readable_policies(user)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "policy" and not cleaned.get("policy"):
            self.add_error("policy", _("Choose the policy to report on."))
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return cleaned
