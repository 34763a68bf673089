"""
The demo's executive summary: of the current fiscal year, in Thai and English, under the skeleton's index
page. Its narrative is left to be written from its figures (``reports.narrative``), as an editor may.
"""

from django.utils import timezone
from wagtail.models import Locale

from core.thai import fiscal_year
from reports.models import ExecutiveSummaryPage


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
        owner=user,
    )
    index.add_child(instance=summary)
    summary.save_revision(user=user).publish(user=user)
    translation = summary.copy_for_translation(english, copy_parents=True)
    translation.title = f"Executive summary, FY {year - 543}"
    translation.save_revision(user=translator).publish(user=user)
    return 2
