from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from core.models import PM1Page


class HomePage(PM1Page):
    """The root of each language's site (/th/, /en/)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = PM1Page.content_panels + [FieldPanel("intro")]
    translatable_fields = [TranslatableField("title"), TranslatableField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "directives.DirectiveIndexPage",
        "policies.PolicyIndexPage",
        "home.StandardPage",
        "reports.ExecutiveSummaryIndexPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from directives.models import DirectivePage
        from policies.models import PolicyPage

        context = super().get_context(request, *args, **kwargs)
        public = {"live": True, "visibility": "public", "locale": self.locale}
        context["latest_directives"] = (
            DirectivePage.objects.filter(**public).order_by("-issued_on").select_related("occasion")[:6]
        )
        context["policies"] = PolicyPage.objects.filter(**public, depth=self.depth + 2)[:12]
        return context


class StandardPage(PM1Page):
    """About, contact and other general pages edited in the CMS."""

    body = RichTextField(_("body"))

    content_panels = PM1Page.content_panels + [FieldPanel("body")]
    search_fields = PM1Page.search_fields + [index.SearchField("body")]
    translatable_fields = [TranslatableField("title"), TranslatableField("slug"), TranslatableField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
