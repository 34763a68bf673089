"""The demo's executive summaries: an index page and the current fiscal year's summary, in Thai and English."""

from django.utils import timezone
from wagtail.models import Locale

from core.thai import fiscal_year

from .models import ExecutiveSummaryIndexPage, ExecutiveSummaryPage

NARRATIVE_TH = (
    "<p>ในปีงบประมาณนี้ รัฐบาลเร่งรัดการขับเคลื่อนนโยบายเร่งด่วนและข้อสั่งการของนายกรัฐมนตรี "
    "ส่วนราชการส่วนใหญ่รายงานความก้าวหน้าตามกำหนด งานที่เกินกำหนดแสดงไว้ในภาคผนวกของรายงานฉบับ PDF</p>"
)
NARRATIVE_EN = (
    "<p>This fiscal year the government pressed ahead with its urgent policies and the Prime Minister's "
    "directives. Most agencies reported on time; overdue work is listed in the PDF's annex.</p>"
)


def load_executive_summaries(*, home, user, translator) -> int:
    """Add the summary index page and this fiscal year's summary under ``home`` (once); the pages made."""
    if ExecutiveSummaryIndexPage.objects.child_of(home).exists():
        return 0
    english = Locale.objects.get(language_code="en")
    index = ExecutiveSummaryIndexPage(title="รายงานสรุปสำหรับผู้บริหาร", slug="executive-summaries", owner=user)
    home.add_child(instance=index)
    index.save_revision(user=user).publish(user=user)
    year = fiscal_year(timezone.localdate())
    summary = ExecutiveSummaryPage(
        title=f"รายงานสรุปสำหรับผู้บริหาร ปีงบประมาณ พ.ศ. {year}",
        slug=f"fy{year}",
        fiscal_year=year,
        published_on=timezone.localdate(),
        narrative=NARRATIVE_TH,
        owner=user,
    )
    index.add_child(instance=summary)
    summary.save_revision(user=user).publish(user=user)
    for page, title, extra in (
        (index, "Executive summaries", {}),
        (summary, f"Executive summary, FY {year - 543}", {"narrative": NARRATIVE_EN}),
    ):
        translation = page.copy_for_translation(english, copy_parents=True)
        translation.title = title
        for name, value in extra.items():
            setattr(translation, name, value)
        translation.save_revision(user=translator).publish(user=user)
    return 4
