from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Agency(index.Indexed, models.Model):
    """A government agency (ส่วนราชการ): a ministry, or a department or office under one."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        OFFICE = "office", _("Office")
        INDEPENDENT = "independent", _("Independent body")
        OTHER = "other", _("Other")

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    short_name_th = models.CharField(_("short name (Thai)"), max_length=40, blank=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    aliases = models.TextField(
        _("other names"),
        blank=True,
        help_text=_(
            "Former names and other accepted names or codes, one per line: files and searches that use them "
            "find this agency."
        ),
    )

    search_fields = [
        index.SearchField("name_th"),
        index.SearchField("name_en"),
        index.AutocompleteField("name_th"),
        index.AutocompleteField("name_en"),
        index.AutocompleteField("short_name_th"),
        index.AutocompleteField("short_name_en"),
        index.SearchField("aliases"),
        index.FilterField("is_active"),
    ]

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(Lower("name_th"), name="agency_unique_name_th"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Thai."""
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_th

    @property
    def short_name(self) -> str:
        if (get_language() or "").startswith("en") and self.short_name_en:
            return self.short_name_en
        return self.short_name_th or self.short_name_en

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An agency cannot be its own ancestor.")})
            ancestor = ancestor.parent

    @property
    def alias_list(self) -> list[str]:
        """The other names, one per line of ``aliases``."""
        return alias_list(self.aliases)

    @property
    def known_names(self) -> list[str]:
        """Every name the agency is known by (``agency_known_names``)."""
        return agency_known_names(self)


def alias_list(aliases: str) -> list[str]:
    """The non-empty lines of an ``aliases`` text, each with single spaces."""
    return [" ".join(line.split()) for line in aliases.splitlines() if line.strip()]


def agency_known_names(agency) -> list[str]:
    """
    Every name an agency is known by: code, Thai and English names and short names, other names.
    A function of the fields, so that a data migration's historical rows have them too.
    """
    names = [agency.code, agency.name_th, agency.name_en, agency.short_name_th, agency.short_name_en]
    return [name for name in (*names, *alias_list(agency.aliases or "")) if name and name.strip()]


class Membership(models.Model):
    """A staff user's role in an agency: what scopes agency reporters and approvers."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        APPROVER = "approver", _("Approver")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agency_memberships",
    )
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("agency membership")
        verbose_name_plural = _("agency memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.agency} ({self.get_role_display()})"
