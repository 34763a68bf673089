"""The demo's executive summary: the current fiscal year's, in Thai and English, under the skeleton's index page."""

from django.utils import timezone
from wagtail.models import Locale

from core.thai import fiscal_year
from reports.models import ExecutiveSummaryPage

NARRATIVE_TH = (
    "<p>ในปีงบประมาณนี้ รัฐบาลเร่งรัดการขับเคลื่อนนโยบายเร่งด่วนและข้อสั่งการของนายกรัฐมนตรี "
    "ส่วนราชการส่วนใหญ่รายงานความก้าวหน้าตามกำหนด งานที่เกินกำหนดแสดงไว้ในภาคผนวกของรายงานฉบับ PDF</p>"
)
NARRATIVE_EN = (
    "<p>This fiscal year the government pressed ahead with its urgent policies and the Prime Minister's "
    "directives. Most agencies reported on time; overdue work is listed in the PDF's annex.</p>"
)


def load_executive_summaries(*, index, user, translator) -> int:
    """Add this fiscal year's summary under ``index``, the Thai summary index, unless it has one; the pages made."""
    if ExecutiveSummaryPage.objects.child_of(index).exists():
        return 0
    english = Locale.objects.get(language_code="en")
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
    translation = summary.copy_for_translation(english, copy_parents=True)
    translation.title = f"Executive summary, FY {year - 543}"
    translation.narrative = NARRATIVE_EN
    translation.save_revision(user=translator).publish(user=user)
    return 2
