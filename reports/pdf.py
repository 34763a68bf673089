"""
The executive summary and performance report PDFs (reportlab), built from figures computed by
``reports.selectors`` (or frozen on a summary page). Thai is set by ``reports.thaitext``; charts are
reportlab graphics, drawn with the same font.
"""

import io
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.choices import Status, Track
from core.kinds import kinds
from core.richtext import text_from_richtext
from core.thai import fiscal_year_label, local_date

from . import tables
from .tables import month_label
from .thaitext import FONT, FONT_BOLD, TextStyle, ThaiText, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
#: Margins of a Thai official document (ระเบียบงานสารบรรณ): 3 cm left, 2 cm right, 2.5 cm top, 2 cm bottom.
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 20 * mm, 25 * mm, 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
NAVY = colors.HexColor("#1f3864")
GREY = colors.HexColor("#e7e9ee")
STATUS_COLOURS = {status: colors.HexColor(colour) for status, colour in tables.STATUS_COLOURS.items()}

BODY = TextStyle(size=15, leading=20)
SMALL = TextStyle(size=12, leading=15, space_after=0)
SMALL_BOLD = TextStyle(font=FONT_BOLD, size=12, leading=15, space_after=0)
H1 = TextStyle(font=FONT_BOLD, size=22, leading=28, color=NAVY, space_after=8)
H2 = TextStyle(font=FONT_BOLD, size=18, leading=23, color=NAVY, space_after=4)
AUTHOR = gettext_lazy("Office of the Permanent Secretary, the Prime Minister's Office (PM1)")


def _date(value, language) -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return local_date(value, "long", language) if value else "–"


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}"


class ReportDocument(BaseDocTemplate):
    """A4, official margins, a cover page without footer, then pages numbered with the date generated."""

    def __init__(self, buffer, *, title: str, language: str, generated: date, subject: str = ""):
        register_fonts()
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=LEFT,
            rightMargin=RIGHT,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=title,
            author=str(AUTHOR),
            subject=subject,
            creator="PM1",
            lang=language,
            initialFontName=FONT,
        )
        self.generated = generated
        self.language = language
        frame = Frame(LEFT, BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - TOP - BOTTOM, id="body", leftPadding=0, rightPadding=0)
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame]),
                PageTemplate(id="body", frames=[frame], onPage=self._footer),
            ]
        )

    def _footer(self, canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 11)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(LEFT, BOTTOM / 2, _("Generated %(date)s") % {"date": _date(self.generated, self.language)})
        canvas.drawRightString(PAGE_WIDTH - RIGHT, BOTTOM / 2, _("Page %(number)s") % {"number": doc.page})
        canvas.setStrokeColor(NAVY)
        canvas.line(LEFT, BOTTOM / 2 + 12, PAGE_WIDTH - RIGHT, BOTTOM / 2 + 12)
        canvas.restoreState()


def cover(*, title: str, subtitle: str, generated: date, language: str, public_only: bool = False) -> list:
    """The cover, in the sober style of a Thai government report: the office, title, year, date."""
    centred = TextStyle(font=FONT_BOLD, size=18, leading=24, color=NAVY, align="center")
    return [
        Spacer(1, 40 * mm),
        ThaiText(_("Secretariat of the Prime Minister"), centred),
        ThaiText(_("Office of the Permanent Secretary, the Prime Minister's Office"), TextStyle(align="center")),
        Spacer(1, 30 * mm),
        ThaiText(title, TextStyle(font=FONT_BOLD, size=30, leading=38, color=NAVY, align="center")),
        ThaiText(subtitle, TextStyle(font=FONT_BOLD, size=20, leading=26, align="center")),
        Spacer(1, 60 * mm),
        ThaiText(
            _("Figures as of %(date)s") % {"date": _date(generated, language)},
            TextStyle(size=16, leading=22, align="center"),
        ),
        ThaiText(
            _("Public items only") if public_only else _("For executives: internal items included"),
            TextStyle(size=14, leading=20, align="center"),
        ),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def table(header: list[str], rows: list[list], widths: list[float], *, chunk: int = 30) -> list:
    """A table of Thai text cells, cut into tables of ``chunk`` rows that repeat the header."""
    cells_header = [ThaiText(str(cell), SMALL_BOLD) for cell in header]
    style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), GREY),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa0a6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            # Thai upper vowels and tone marks rise above the line: room under the cell's top border.
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    scaled = [width * TEXT_WIDTH / sum(widths) for width in widths]
    tables = []
    for start in range(0, max(len(rows), 1), chunk):
        body = [[ThaiText(str(cell), SMALL) for cell in row] for row in rows[start : start + chunk]]
        tables.append(Table([cells_header, *body], colWidths=scaled, repeatRows=1, style=style))
    return tables


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def status_chart(figures: dict) -> Drawing:
    """Items by status, one bar per status, coloured as on the dashboard."""
    totals = {status: 0 for status in Status.values}
    for row in figures["status_by_track"]:
        totals[row["status"]] += row["count"]
    # Bars run across, so that long Thai status names have room beside them; first status on top.
    statuses = list(reversed(totals))
    drawing = Drawing(TEXT_WIDTH, 40 + 22 * len(statuses))
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 110, 10, TEXT_WIDTH - 130, 22 * len(statuses)
    chart.data = [[totals[status] for status in statuses]]
    chart.categoryAxis.categoryNames = [_short_status(status) for status in statuses]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 12
    chart.valueAxis.labels.fontName = FONT
    _count_axis(chart.valueAxis, max(totals.values()))
    for index, status in enumerate(statuses):
        chart.bars[(0, index)].fillColor = STATUS_COLOURS[status]
    drawing.add(chart)
    drawing.add(String(0, drawing.height - 14, _("Items by status"), fontName=FONT_BOLD, fontSize=13, fillColor=NAVY))
    return drawing


def _count_axis(axis, highest: int) -> None:
    """Whole numbers on an axis of counts."""
    axis.valueMin = 0
    axis.valueMax = max(highest, 1)
    axis.valueStep = max(1, -(-axis.valueMax // 5))


def _short_status(status: str) -> str:
    return {
        Status.NOT_STARTED: _("Not started"),
        Status.ON_TRACK: _("On track"),
        Status.AT_RISK: _("At risk"),
        Status.DELAYED: _("Delayed"),
        Status.COMPLETED: _("Completed"),
        Status.NOT_PURSUED: _("Not pursued"),
    }[status]


def agency_chart(figures: dict, *, limit: int = 15) -> Drawing:
    """On-time completion rate of the agencies with the most assignments."""
    agencies = sorted(figures["agencies"], key=lambda row: -row["assignments"])[:limit]
    # Room below the bars for the value axis' labels, above them for the title.
    drawing = Drawing(TEXT_WIDTH, 55 + 16 * max(len(agencies), 1))
    chart = HorizontalBarChart()
    chart.x, chart.y = 90, 25
    chart.width, chart.height = TEXT_WIDTH - 110, 16 * max(len(agencies), 1)
    chart.data = [[row["on_time_rate"] or 0 for row in agencies] or [0]]
    chart.categoryAxis.categoryNames = [row["name"][:18] for row in agencies] or ["–"]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 10
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.bars[0].fillColor = NAVY
    drawing.add(chart)
    drawing.add(
        String(0, drawing.height - 14, _("On-time completion rate (%) by agency"), fontName=FONT_BOLD, fontSize=13)
    )
    return drawing


def monthly_chart(figures: dict, language: str) -> Drawing:
    """Assignments due and completed, month by month, over the fiscal year."""
    months = figures["monthly"]
    drawing = Drawing(TEXT_WIDTH, 200)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, TEXT_WIDTH - 60, 130
    chart.data = [[row["due"] for row in months], [row["completed"] for row in months]]
    chart.categoryAxis.categoryNames = [month_label(date.fromisoformat(row["month"]), language) for row in months]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 9
    chart.valueAxis.labels.fontName = FONT
    _count_axis(chart.valueAxis, max(max(series) for series in chart.data))
    chart.lines[0].strokeColor = STATUS_COLOURS[Status.DELAYED]
    chart.lines[1].strokeColor = STATUS_COLOURS[Status.COMPLETED]
    chart.lines[0].strokeWidth = chart.lines[1].strokeWidth = 2
    legend = Legend()
    legend.x, legend.y = 50, 195
    legend.fontName = FONT
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [
        (STATUS_COLOURS[Status.DELAYED], _("Due")),
        (STATUS_COLOURS[Status.COMPLETED], _("Completed")),
    ]
    drawing.add(chart)
    drawing.add(legend)
    return drawing


def key_figures_table(figures: dict) -> list:
    key = figures["key"]
    rows = [
        [_("Items"), _number(key["items"])],
        # A kind registered after the figures were frozen has no count in them.
        *([str(kind.summary_label), _number(key[kind.summary_key])] for kind in kinds() if kind.summary_key in key),
        [_("Completed"), _number(key["completed"])],
        [_("In progress"), _number(key["in_progress"])],
        [_("Not started"), _number(key["not_started"])],
        [_("Overdue items"), _number(key["overdue_items"])],
        [_("On-time completion rate (%)"), _number(key["on_time_rate"])],
    ]
    # Figures frozen before archival gaps were counted have none of these.
    if "left_out_date" in key:
        rows += [
            [_("Left out: date not recorded"), _number(key["left_out_date"])],
            [_("Left out: date known only to the year"), _number(key["left_out_year"])],
            [_("Left out: agency not recorded"), _number(key["left_out_agencies"])],
        ]
    return table([_("Figure"), _("Value")], rows, [3, 1])


def agencies_table(figures: dict) -> list:
    rows = [
        [
            row["name"],
            _number(row["assignments"]),
            _number(row["completed"]),
            _number(row["on_time_rate"]),
            _number(row["overdue"]),
            _number(row["median_days_late"]),
        ]
        for row in figures["agencies"]
    ]
    header = [_("Agency"), _("Assignments"), _("Completed"), _("On time (%)"), _("Overdue"), _("Median days late")]
    return table(header, rows, [2.4, 1.4, 1.4, 1.3, 1.2, 1.5])


def overdue_table(figures: dict, language: str) -> list:
    rows = [
        [
            row["reference"] or "–",
            row["title"],
            row["agency_name"],
            _date(row["deadline"], language),
            _number(row["days_overdue"]),
            _date(row["last_update"], language) if row["last_update"] else _("None"),
        ]
        for row in figures["overdue"]
    ]
    header = [_("Reference"), _("Item"), _("Agency"), _("Deadline"), _("Days overdue"), _("Last update")]
    return table(header, rows, [1.6, 4, 1.4, 1.6, 1, 1.6])


def summary_story(*, figures: dict, language: str, title: str, narrative: str = "", progress=None) -> list:
    """The flowables of an executive summary: cover, narrative, figures, charts, sections, annex."""
    generated = date.fromisoformat(figures["today"])
    year = figures["fiscal_year"]
    subtitle = fiscal_year_label(year, language) if year else _("All fiscal years")
    story = cover(
        title=title, subtitle=subtitle, generated=generated, language=language, public_only=figures["public_only"]
    )
    steps = [
        lambda: _narrative_section(narrative),
        lambda: [ThaiText(_("Key figures"), H1), *key_figures_table(figures), Spacer(1, 8)],
        lambda: [status_chart(figures), Spacer(1, 6), monthly_chart(figures, language)],
        lambda: _track_sections(figures),
        lambda: _policy_sections(figures),
        lambda: [
            CondPageBreak(80 * mm),
            ThaiText(_("Performance by agency"), H1),
            agency_chart(figures),
            *agencies_table(figures),
        ],
        lambda: _indicator_section(figures),
        lambda: _annex(figures, language),
    ]
    for number, step in enumerate(steps, start=1):
        story.extend(step())
        if progress is not None:
            progress(number, len(steps) + 1)
    return story


def _narrative_section(narrative: str) -> list:
    text = text_from_richtext(narrative)
    if not text:
        return []
    return [ThaiText(_("Summary"), H1), *[ThaiText(block, BODY) for block in text.split("\n\n")], Spacer(1, 8)]


def _track_sections(figures: dict) -> list:
    story = [CondPageBreak(80 * mm), ThaiText(_("By track"), H1)]
    for track in Track:
        rows = [row for row in figures["status_by_track"] if row["track"] == track.value]
        story.append(ThaiText(str(track.label), H2))
        if not rows:
            story.append(ThaiText(_("No items."), BODY))
            continue
        total = sum(row["count"] for row in rows)
        story += table(
            [_("Status"), _("Items"), _("Share (%)")],
            [
                [_label(Status, row["status"]), _number(row["count"]), _number(100 * row["count"] / total)]
                for row in rows
            ],
            [3, 1, 1],
        )
        story.append(Spacer(1, 6))
    return story


def _policy_sections(figures: dict) -> list:
    story = [CondPageBreak(80 * mm), ThaiText(_("By policy"), H1)]
    if not figures["policies"]:
        story.append(ThaiText(_("No policies."), BODY))
    for policy in figures["policies"]:
        heading = f"{policy['number']} {policy['title']}".strip()
        story.append(ThaiText(heading, H2))
        if policy["summary"]:
            story.append(ThaiText(policy["summary"], BODY))
        story.append(
            ThaiText(
                _("Status: %(status)s · assignments %(total)s, completed %(completed)s, overdue %(overdue)s")
                % {
                    "status": _label(Status, policy["status"]),
                    "total": _number(policy["total"]),
                    "completed": _number(policy["completed"]),
                    "overdue": _number(policy["overdue"]),
                },
                BODY,
            )
        )
    return story


def _indicator_section(figures: dict) -> list:
    if not figures["indicators"]:
        return []
    rows = [
        [
            row["policy_title"],
            f"{row['name']} ({row['unit']})" if row["unit"] else row["name"],
            _number(row["baseline"]),
            _number(row["target"]),
            _number(row["latest"]),
            _number(row["achieved"]),
        ]
        for row in figures["indicators"]
    ]
    header = [_("Policy"), _("Indicator"), _("Baseline"), _("Target"), _("Latest"), _("Achieved (%)")]
    return [
        CondPageBreak(60 * mm),
        ThaiText(_("Indicators against targets"), H1),
        *table(header, rows, [3, 3, 1, 1, 1, 1]),
    ]


def _annex(figures: dict, language: str) -> list:
    story = [NextPageTemplate("body"), PageBreak(), ThaiText(_("Annex: overdue items"), H1)]
    shown, total = len(figures["overdue"]), figures["overdue_total"]
    note = _("%(total)s overdue assignments, most overdue first.") % {"total": _number(total)}
    if shown < total:
        note += " " + _("The %(shown)s most overdue are listed.") % {"shown": _number(shown)}
    story.append(ThaiText(note, BODY))
    if figures["overdue"]:
        story += overdue_table(figures, language)
    return story


def build(story: list, *, title: str, language: str, generated: date, subject: str = "") -> bytes:
    """Lay ``story`` out into a PDF and return its bytes."""
    buffer = io.BytesIO()
    ReportDocument(buffer, title=title, language=language, generated=generated, subject=subject).build(story)
    return buffer.getvalue()


def summary_pdf(*, figures: dict, language: str, title: str = "", narrative: str = "", progress=None) -> bytes:
    """The executive summary PDF of ``figures`` (``reports.services.summary_figures``) in ``language``."""
    title = title or _("Executive summary")
    story = summary_story(figures=figures, language=language, title=title, narrative=narrative, progress=progress)
    generated = date.fromisoformat(figures["today"]) if figures.get("today") else timezone.localdate()
    return build(
        story, title=title, language=language, generated=generated, subject=_("Government follow-up: all tracks")
    )


def _assignments_table(rows: list[dict], language: str) -> list:
    body = [
        [
            row["reference"] or "–",
            row["title"],
            row["agency"],
            _label(Status, row["status"]) + (" · " + _("Overdue") if row["overdue"] else ""),
            _date(row["deadline"], language),
            _date(row["completed_on"], language) if row["completed_on"] else "–",
        ]
        for row in rows
    ]
    header = [_("Reference"), _("Item"), _("Agency"), _("Status"), _("Deadline"), _("Completed on")]
    return table(header, body, [1.5, 3.5, 1.4, 2, 1.6, 1.6])


def performance_pdf(*, kind: str, report: dict, title: str, period: tuple[date, date], language: str) -> bytes:
    """The policy report or the directive report (``reports.selectors``) of a period, as a PDF."""
    today = timezone.localdate()
    subtitle = _("%(start)s to %(end)s") % {"start": _date(period[0], language), "end": _date(period[1], language)}
    story = cover(title=title, subtitle=subtitle, generated=today, language=language)
    if kind == "policy":
        for item in report["items"]:
            story.append(ThaiText(f"{item['number']} {item['title']}".strip(), H2))
            story.append(ThaiText(_("Status: %(status)s") % {"status": _label(Status, item["status"])}, BODY))
        story += [ThaiText(_("Assignments"), H1), *_assignments_table(report["assignments"], language)]
        story.append(ThaiText(_("Progress updates in the period"), H1))
        rows = [
            [row["agency"], _date(row["period_end"], language), _label(Status, row["status"]), f"{row['percent']}%"]
            + [row["summary"]]
            for row in report["updates"]
        ]
        header = [_("Agency"), _("Period end"), _("Status"), _("Percent complete"), _("Summary")]
        story += table(header, rows, [1.4, 1.6, 1.8, 1.2, 4]) if rows else [ThaiText(_("None"), BODY)]
        story += _indicator_section(report)
    else:
        note = _("%(items)s directives issued; on-time completion rate %(rate)s%%.") % {
            "items": _number(report["items"]),
            "rate": _number(report["on_time_rate"]),
        }
        story += [ThaiText(_("Directives issued in the period"), H1), ThaiText(note, BODY)]
        if report.get("left_out_date"):
            left_out = _("Left out: date not recorded")
            story.append(ThaiText(f"{left_out}: {_number(report['left_out_date'])}", BODY))
        story += _track_sections({"status_by_track": report["by_track"]})
        story += [ThaiText(_("Assignments"), H1), *_assignments_table(report["assignments"], language)]
    return build(story, title=title, language=language, generated=today, subject=subtitle)
