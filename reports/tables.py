"""
The dashboard's charts as tables: each chart is drawn in the browser from the same rows that its
table view shows and that its CSV and XLSX exports hold, so the three never disagree.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from core.choices import Status, Track
from core.thai import BE_OFFSET, THAI_MONTHS_ABBR, local_date

from . import selectors

#: One colour per status, on the dashboard and in the PDFs alike.
STATUS_COLOURS = {
    Status.NOT_STARTED: "#9aa0a6",
    Status.ON_TRACK: "#2e7d32",
    Status.AT_RISK: "#f9a825",
    Status.DELAYED: "#c62828",
    Status.COMPLETED: "#1565c0",
    Status.NOT_PURSUED: "#5d4037",
}


@dataclass
class ChartTable:
    """A chart's data: column headings, rows, and which columns the chart plots against the first."""

    name: str
    title: str
    chart: str  # "bar", "line" or "" (a table only)
    columns: list
    rows: list = field(default_factory=list)
    plotted: list[int] = field(default_factory=list)
    note: str = ""
    #: The plotted series' colours, when they mean something (statuses); else the dashboard's own.
    colours: list[str] = field(default_factory=list)

    def chart_data(self) -> dict:
        """What dashboard.js draws: labels from the first column, one series per plotted column."""
        return {
            "type": self.chart,
            "colours": self.colours,
            "labels": [str(row[0]) for row in self.rows],
            "series": [
                {"label": str(self.columns[i]), "data": [row[i] if row[i] is not None else 0 for row in self.rows]}
                for i in self.plotted
            ],
        }

    def as_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([str(c) for c in self.columns])
        writer.writerows([["" if value is None else value for value in row] for row in self.rows])
        # A byte-order mark, so that Excel reads Thai.
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def as_xlsx(self) -> bytes:
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = self.name[:31]
        sheet.append([str(c) for c in self.columns])
        for row in self.rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()


def month_label(month: date, language: str | None = None) -> str:
    """A month as charts name it: "ต.ค. 68" in Thai (BE), "Oct 2025" in English."""
    if (language or get_language() or "th").startswith("th"):
        return f"{THAI_MONTHS_ABBR[month.month - 1]} {(month.year + BE_OFFSET) % 100:02d}"
    return f"{month:%b %Y}"


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def left_out_note(key: dict) -> str:
    """
    What the rates and overdue counts leave out for archival gaps (``selectors.left_out``), as a
    sentence for the dashboard, the PDF and summary pages; ``""`` when nothing is left out (or for
    figures frozen before the counts existed).
    """
    counts = {name: key.get(f"left_out_{name}") or 0 for name in ("date", "year", "agencies")}
    if not any(counts.values()):
        return ""
    return str(
        _(
            "Left out of on-time rates and overdue counts: %(date)s items whose date was not recorded, "
            "%(year)s whose date is known only to the year (in no fiscal year), %(agencies)s whose agency was "
            "not recorded."
        )
        % counts
    )


def dashboard_tables(filters: selectors.DashboardFilters) -> dict[str, ChartTable]:
    """Every chart of the dashboard for ``filters``, by name, in the order they are shown."""
    tables = {}
    gaps = left_out_note(selectors.key_figures(filters))
    counts = selectors.status_by_track(filters)
    statuses = [s for s in Status.values if any(row["status"] == s for row in counts)]
    by_track = {}
    for row in counts:
        by_track.setdefault(row["track"], {})[row["status"]] = row["count"]
    tables["status"] = ChartTable(
        "status",
        _("Items by status and track"),
        "bar",
        [_("Track"), *[_label(Status, s) for s in statuses]],
        [[_label(Track, track), *[by_track[track].get(s, 0) for s in statuses]] for track in by_track],
        plotted=list(range(1, len(statuses) + 1)),
        colours=[STATUS_COLOURS[s] for s in statuses],
    )
    agencies = selectors.agency_performance(filters)
    tables["agencies"] = ChartTable(
        "agencies",
        _("On-time completion and days late by agency"),
        "bar",
        [_("Agency"), _("On time (%)"), _("Median days late"), _("Assignments"), _("Completed"), _("Overdue")],
        [
            [row["name"], row["on_time_rate"], row["median_days_late"], row["assignments"], row["completed"]]
            + [row["overdue"]]
            for row in agencies
        ],
        plotted=[1, 2],
        note=gaps,
    )
    total, overdue = selectors.overdue_assignments(filters)
    tables["overdue"] = ChartTable(
        "overdue",
        _("Overdue items"),
        "",
        [_("Reference"), _("Item"), _("Agency"), _("Deadline"), _("Days overdue"), _("Last update")],
        [
            [row["reference"], row["title"], row["agency_name"], local_date(row["deadline"], "medium")]
            + [row["days_overdue"], local_date(row["last_update"], "medium")]
            for row in overdue
        ],
        note=" ".join(
            text
            for text in (
                _("%(shown)s of %(total)s overdue assignments, most overdue first.")
                % {"shown": len(overdue), "total": total},
                gaps,
            )
            if text
        ),
    )
    tables["not_reported"] = ChartTable(
        "not_reported",
        _("Agencies that have not reported in the current round"),
        "bar",
        [_("Agency"), _("Updates missing"), _("Updates owed")],
        [[row["name"], row["missing"], row["owed"]] for row in selectors.agencies_not_reported(filters)],
        plotted=[1],
    )
    tables["monthly"] = ChartTable(
        "monthly",
        _("Progress over time"),
        "line",
        [_("Month"), _("Due"), _("Completed"), _("Completed on time"), _("Completed so far")],
        [
            [month_label(row["month"]), row["due"], row["completed"], row["on_time"], row["cumulative"]]
            for row in selectors.monthly_progress(filters)
        ],
        plotted=[1, 2, 4],
    )
    tables["indicators"] = ChartTable(
        "indicators",
        _("Policy indicators against targets"),
        "bar",
        [_("Indicator"), _("Achieved (%)"), _("Policy"), _("Baseline"), _("Target"), _("Latest")],
        [
            [row["name"], row["achieved"], row["policy_title"], row["baseline"], row["target"], row["latest"]]
            for row in selectors.indicator_progress(filters)
        ],
        plotted=[1],
    )
    return tables
