"""
The narrative of an executive summary written from its figures, for a summary whose editor left it empty.

Every sentence says what a figure of the same summary says, so the narrative cannot contradict the table
beside it (a fixed sentence such as "most agencies reported on time" did, beside an on-time rate of 0).
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.kinds import kinds
from core.thai import fiscal_year_label


def summary_narrative(figures: dict) -> str:
    """The narrative of ``figures`` (``reports.services.summary_figures``): HTML paragraphs, in the active language."""
    key = figures.get("key")
    if not key:
        return ""
    sentences = [_scope(figures["fiscal_year"], key)]
    if key["items"]:
        rows = figures.get("agencies", [])
        sentences += [_progress(key), _on_time(rows, key["on_time_rate"])]
        sentences += _agencies(rows, figures.get("overdue_total", 0))
    gaps = key.get("left_out_date", 0) + key.get("left_out_year", 0) + key.get("left_out_agencies", 0)
    if gaps:
        sentences.append(
            ngettext(
                "%(count)d archival item with a gap in its record (no date or no agency) is left out of figures.",
                "%(count)d archival items with gaps in their records (no date or no agency) are left out of figures.",
                gaps,
            )
            % {"count": gaps}
        )
    return format_html_join("", "<p>{}</p>", ((sentence,) for sentence in sentences))


def _scope(fiscal_year: int | None, key: dict) -> str:
    year = fiscal_year_label(fiscal_year) if fiscal_year else _("all years")
    if not key["items"]:
        return _("%(year)s: no public item was issued in the year or running in it.") % {"year": year}
    counts = [
        f"{key[kind.summary_key]:,} {kind.name if key[kind.summary_key] == 1 else kind.name_plural}"
        for kind in kinds()
        if key.get(kind.summary_key)
    ]
    return format_html(
        "{} {}",
        ngettext(
            "%(year)s: this summary follows %(count)s public item (%(kinds)s).",
            "%(year)s: this summary follows %(count)s public items (%(kinds)s).",
            key["items"],
        )
        % {"year": year, "count": f"{key['items']:,}", "kinds": ", ".join(counts)},
        _("An item counts in the fiscal year in which it was issued; a policy in every year it runs."),
    )


def _progress(key: dict) -> str:
    return ngettext(
        "Of these, %(completed)s completed, %(in_progress)s in progress, %(not_started)s not started; "
        "%(overdue)s item is past a deadline.",
        "Of these, %(completed)s completed, %(in_progress)s in progress, %(not_started)s not started; "
        "%(overdue)s items are past a deadline.",
        key["overdue_items"],
    ) % {
        "completed": f"{key['completed']:,}",
        "in_progress": f"{key['in_progress']:,}",
        "not_started": f"{key['not_started']:,}",
        "overdue": f"{key['overdue_items']:,}",
    }


def _on_time(rows: list[dict], rate: float | None) -> str:
    completed = sum(row.get("completed", 0) for row in rows)
    if rate is None or not completed:
        return _("No assignment with a deadline has been completed yet, so there is no on-time completion rate.")
    on_time = sum(row.get("on_time", 0) for row in rows)
    return ngettext(
        "Of the %(completed)s assignment completed, %(on_time)s was completed by its deadline (%(rate)s%%).",
        "Of the %(completed)s assignments completed, %(on_time)s were completed by their deadline (%(rate)s%%).",
        completed,
    ) % {"completed": f"{completed:,}", "on_time": f"{on_time:,}", "rate": f"{rate:,.1f}"}


def _agencies(rows: list[dict], overdue_total: int) -> list[str]:
    if not rows:
        return []
    late = sum(1 for row in rows if row.get("overdue"))
    sentences = [
        ngettext(
            "%(late)s of the %(count)s agency with assignments has work overdue.",
            "%(late)s of the %(count)s agencies with assignments have work overdue.",
            len(rows),
        )
        % {"late": f"{late:,}", "count": f"{len(rows):,}"}
    ]
    if overdue_total:
        sentences.append(_("The annex of the PDF lists the overdue work."))
    return sentences
