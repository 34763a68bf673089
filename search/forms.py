from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from agencies.fields import AgencyChoiceField
from agencies.models import Agency
from agencies.selectors import agency_sort_key
from core.choices import Status, Track, Visibility
from core.forms import ThaiDateFormField
from core.kinds import kind_grouping, kinds
from core.thai import BE_OFFSET

from .models import SearchDocument

OVERDUE = "overdue"
MAX_QUERY = 500
#: The largest id the id columns hold.
MAX_ID = 2**31 - 1


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id: anything but an id the database can hold is an invalid choice, never a query."""

    def to_python(self, value):
        if value not in self.empty_values and not (
            str(value).isascii() and str(value).isdigit() and int(value) <= MAX_ID
        ):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def type_choices() -> list[tuple[str, str]]:
    """The types a search may be narrowed to: every registered kind of item, progress updates, other pages."""
    return [
        *((kind.item_type, kind.search_label) for kind in kinds()),
        (SearchDocument.UPDATE, _("Progress updates")),
        (SearchDocument.PAGE, _("Pages")),
    ]


class AgencyNameOrderIterator(forms.models.ModelChoiceIterator):
    """The agencies in the dictionary order of their names in the reader's language, not in Thai order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for agency in sorted(self.queryset, key=agency_sort_key):
            yield self.choice(agency)


def years_in_common_era(locale) -> bool:
    """Whether the public pages in ``locale`` take and show years in C.E.: every language but Thai."""
    return locale is not None and not locale.language_code.startswith("th")


class SearchForm(forms.Form):
    """
    The simple box and the advanced conditions, shared by the search page and the search API.
    Every value is validated; a bad one is reported, never silently dropped or guessed.
    """

    SORTS = [("relevance", _("Relevance")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))]
    AGENCY_ROLES = [("", _("Lead or supporting")), ("lead", _("Lead")), ("supporting", _("Supporting"))]

    q = forms.CharField(label=_("Search"), required=False)
    all_words = forms.CharField(label=_("All of these words"), required=False)
    phrase = forms.CharField(label=_("This exact phrase"), required=False)
    none = forms.CharField(label=_("None of these words"), required=False)
    type = forms.ChoiceField(label=_("Type"), choices=lambda: [("", _("All types")), *type_choices()], required=False)
    track = forms.ChoiceField(label=_("Track"), choices=[("", _("All tracks"))] + Track.choices, required=False)
    agency = AgencyChoiceField(
        label=_("Agency"), queryset=Agency.objects.order_by("name_th"), to_field_name="code", required=False
    )
    agency_role = forms.ChoiceField(label=_("Agency's role"), choices=AGENCY_ROLES, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status"))] + Status.choices + [(OVERDUE, _("Overdue"))], required=False
    )
    #: One of the grouping kind's items (``Kind.groups_items``: a policy), public and live.
    policy = IdChoiceField(label=_("Policy"), queryset=Page.objects.none(), required=False)
    #: The occasions directives are given on (no other kind has one), named through the documents.
    occasion = IdChoiceField(label=_("Occasion"), queryset=Page.objects.none(), required=False)
    issued_from = ThaiDateFormField(label=_("Issued from"), required=False)
    issued_to = ThaiDateFormField(label=_("Issued until"), required=False)
    deadline_from = ThaiDateFormField(label=_("Deadline from"), required=False)
    deadline_to = ThaiDateFormField(label=_("Deadline until"), required=False)
    fiscal_year = forms.IntegerField(
        label=_("Fiscal year (B.E.)"),
        required=False,
        min_value=2500,
        max_value=2700,
        help_text=_("E.g. 2569: 1 October 2568 to 30 September 2569."),
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    #: The fields of the advanced form, in the order it shows them.
    ADVANCED = [
        "all_words",
        "phrase",
        "none",
        "type",
        "track",
        "agency",
        "agency_role",
        "status",
        "policy",
        "occasion",
        "issued_from",
        "issued_to",
        "deadline_from",
        "deadline_to",
        "fiscal_year",
    ]

    def __init__(self, *args, locale=None, common_era=False, **kwargs):
        super().__init__(*args, **kwargs)
        #: Whether the reader gives fiscal years in C.E. (the English site's pages; the API keeps B.E.).
        self.common_era = common_era
        if common_era:
            # A B.E. year is taken too: the facets' links and older bookmarks carry one.
            self.fields["fiscal_year"] = forms.IntegerField(
                label=_("Fiscal year"),
                required=False,
                min_value=2500 - BE_OFFSET,
                max_value=2700,
                help_text=_("E.g. 2026: 1 October 2025 to 30 September 2026."),
            )
        agency = self.fields["agency"]
        agency.iterator = AgencyNameOrderIterator
        # The widget took its choices from the field's iterator when the field was copied: take them again.
        agency.widget.choices = agency.choices
        self.fields["occasion"].queryset = SearchDocument._meta.get_field("occasion").related_model.objects.all()
        grouping = kind_grouping()
        if grouping is not None:
            # Internal policies are never shown publicly, not even as a choice of condition.
            groups = grouping.model.objects.live().filter(visibility=Visibility.PUBLIC)
            if locale is not None:
                groups = groups.filter(locale=locale).order_by("path")
            self.fields["policy"].queryset = groups
            self.fields["policy"].label = capfirst(grouping.name)

    #: The texts to search for. Longer ones are cut (the engines use 32 words at most) and the reader told.
    TEXTS = ["q", "all_words", "phrase", "none"]

    def clean_fiscal_year(self):
        # The years the site stores and filters by are B.E.; below 2500 an English reader means C.E.
        year = self.cleaned_data.get("fiscal_year")
        if self.common_era and year is not None and year < 2500:
            return year + BE_OFFSET
        return year

    def clean(self):
        data = super().clean()
        self.shortened = False
        for name in self.TEXTS:
            if len(data.get(name) or "") > MAX_QUERY:
                data[name] = data[name][:MAX_QUERY]
                self.shortened = True
        for start, end in (("issued_from", "issued_to"), ("deadline_from", "deadline_to")):
            if data.get(start) and data.get(end) and data[start] > data[end]:
                self.add_error(end, _("The end of the range is before its start."))
        if data.get("agency_role") and not data.get("agency"):
            self.add_error("agency", _("Choose the agency whose role you mean."))
        return data

    @property
    def is_advanced(self) -> bool:
        return any(self.data.get(name) for name in self.ADVANCED)
