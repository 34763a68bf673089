"""
The site skeleton every PM1 database needs before anything can be served, imported or pushed: the Thai
home page and its English translation and, under each, the index page of every kind of content. Made by
migration (``home/migrations/0003_site_skeleton.py``) and made good again by ``load_demo``.

``skeleton_create`` runs on the historical models of that migration as well as on the real ones, so it
uses only ``apps.get_model`` and the fields these pages had then, and computes the page tree's paths
itself: treebeard's methods are not on historical models.
"""

import uuid
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

# Wagtail's page tree is a treebeard materialised path: four characters a level, from this alphabet.
STEP_LENGTH = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class SkeletonPage:
    """One page of the skeleton, in Thai and in English; every one of these page types has an ``intro``."""

    model: str
    slug_th: str
    slug_en: str
    title_th: str
    title_en: str
    intro_th: str = ""
    intro_en: str = ""

    def for_language(self, code: str) -> dict:
        """The page's slug, title and introduction in ``code`` (``th`` or ``en``)."""
        if code == "th":
            return {"slug": self.slug_th, "title": self.title_th, "intro": self.intro_th}
        return {"slug": self.slug_en, "title": self.title_en, "intro": self.intro_en}


HOME = SkeletonPage(
    "home.HomePage", "home", "home-en", "ระบบติดตามนโยบายและข้อสั่งการนายกรัฐมนตรี", "Policy and PM Directive Tracking"
)

#: The index pages, in the order they sit under each home. Their slugs give /th/directives/, /en/directives/ ….
INDEX_PAGES = (
    SkeletonPage(
        "policies.PolicyIndexPage",
        "policies",
        "policies",
        "นโยบายรัฐบาล",
        "Government policies",
        "<p>นโยบายของรัฐบาลที่แถลงต่อรัฐสภา ทั้งนโยบายเร่งด่วนและนโยบายหลัก พร้อมความก้าวหน้าของการดำเนินงาน</p>",
        "<p>The policies the government set out to Parliament, urgent and main, and how far each has got.</p>",
    ),
    SkeletonPage(
        "directives.DirectiveIndexPage",
        "directives",
        "directives",
        "ข้อสั่งการนายกรัฐมนตรี",
        "Prime Minister's directives",
        "<p>ข้อสั่งการของนายกรัฐมนตรีจากการประชุมคณะรัฐมนตรี การลงพื้นที่ตรวจราชการ และการประชุมต่าง ๆ "
        "พร้อมผลการดำเนินงานของส่วนราชการ</p>",
        "<p>The Prime Minister's directives from cabinet meetings, inspection trips and other meetings, "
        "and what the agencies have done about them.</p>",
    ),
    SkeletonPage("complaints.ComplaintIndexPage", "complaints", "complaints", "ข้อร้องเรียน", "Complaints"),
    SkeletonPage(
        "foreign.ForeignIndexPage", "foreign-affairs", "foreign-affairs", "งานด้านต่างประเทศ", "Foreign affairs"
    ),
    SkeletonPage(
        "reports.ExecutiveSummaryIndexPage",
        "executive-summaries",
        "executive-summaries",
        "รายงานสรุปสำหรับผู้บริหาร",
        "Executive summaries",
    ),
)

LANGUAGES = ("th", "en")


def _step(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, len(ALPHABET))
        digits = ALPHABET[digit] + digits
    return digits.rjust(STEP_LENGTH, "0")


class _Tree:
    """Adds pages at the end of a parent's children, the way treebeard's ``add_child`` would."""

    def __init__(self, apps):
        self.apps = apps
        self.page_model = apps.get_model("wagtailcore.Page")
        self.content_types = apps.get_model("contenttypes.ContentType").objects
        self.now = timezone.now()

    def add(self, model, parent, *, locale, translation_key, slug: str, title: str, intro: str):
        siblings = self.page_model.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        # In Python, not SQL: the database's collation may not order paths as treebeard's alphabet does.
        paths = list(siblings.values_list("path", flat=True))
        step = int(max(paths)[-STEP_LENGTH:], len(ALPHABET)) + 1 if paths else 1
        slug = self._free_slug(slug, set(siblings.values_list("slug", flat=True)))
        content_type, _ = self.content_types.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        page = model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=content_type,
            path=parent.path + _step(step),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            locale=locale,
            translation_key=translation_key,
            live=True,
            has_unpublished_changes=False,
            first_published_at=self.now,
            last_published_at=self.now,
            intro=intro,
        )
        self.page_model.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
        return page

    @staticmethod
    def _free_slug(slug: str, taken: set[str]) -> str:
        """``slug``, or ``slug-2``, ``slug-3`` … when an editor gave a sibling page that slug."""
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug}-{number}"
        return candidate


def skeleton_create(*, apps) -> int:
    """
    Create whatever part of the skeleton is missing, and nothing else: a page is made only when no page
    of its type exists in its locale, wherever an editor may have moved it or whatever they renamed it.
    A Thai page and its English one share a translation key. Returns the number of pages made.
    """
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    locales = {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}
    tree = _Tree(apps)
    root = Page.objects.filter(depth=1).order_by("path").first()
    made = 0
    homes = {}
    for spec in (HOME, *INDEX_PAGES):
        model = apps.get_model(spec.model)
        pages = {code: model.objects.filter(locale=locale).order_by("path").first() for code, locale in locales.items()}
        existing = [page for page in pages.values() if page is not None]
        translation_key = existing[0].translation_key if existing else uuid.uuid4()
        for code, locale in locales.items():
            if pages[code] is None:
                parent = root if spec is HOME else homes[code]
                key = translation_key
                if Page.objects.filter(translation_key=key, locale=locale).exists():
                    key = uuid.uuid4()
                pages[code] = tree.add(model, parent, locale=locale, translation_key=key, **spec.for_language(code))
                made += 1
        if spec is HOME:
            homes = pages
    if not Site.objects.exists():
        Site.objects.create(
            hostname="localhost", port=80, root_page_id=homes["th"].pk, is_default_site=True, site_name="PM1"
        )
    return made
