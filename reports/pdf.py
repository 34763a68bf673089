"""
The executive summary and performance report PDFs (reportlab), built from figures computed by
``reports.selectors`` (or frozen on a summary page). Thai is set by ``reports.thaitext``; charts are
reportlab graphics, drawn with the same font. The English PDF names agencies, items and indicators
by their English versions (``reports.names``), the Thai original marked where there is none.
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
from core.thai import BE_OFFSET, fiscal_year_label, local_date

from . import tables
from .names import EnglishNames, english_names
from .tables import month_label
from .thaitext import (
    FONT,
    FONT_BOLD,
    LEADING,
    TextStyle,
    ThaiDrawing,
    ThaiText,
    break_opportunities,
    draw_line,
    register_fonts,
    text_width,
    widest_piece,
)

PAGE_WIDTH, PAGE_HEIGHT = A4
#: Margins of a Thai official document (ระเบียบงานสารบรรณ): 3 cm left, 2 cm right, 2.5 cm top, 2 cm bottom.
LEFT, RIGHT, TOP, BOTTOM = 30 * mm, 20 * mm, 25 * mm, 20 * mm
TEXT_WIDTH = PAGE_WIDTH - LEFT - RIGHT
NAVY = colors.HexColor("#1f3864")
GREY = colors.HexColor("#e7e9ee")
STATUS_COLOURS = {status: colors.HexColor(colour) for status, colour in tables.STATUS_COLOURS.items()}

BODY = TextStyle(size=15)
H1 = TextStyle(font=FONT_BOLD, size=22, color=NAVY, space_after=8, keep_with_next=True)
H2 = TextStyle(font=FONT_BOLD, size=18, color=NAVY, space_after=4, keep_with_next=True)
#: The office the site names as its publisher.
AUTHOR = gettext_lazy("Secretariat of the Prime Minister")
#: Table cells' sizes, largest first: a table too wide for its words at one size is set at the next.
CELL_SIZES = (12, 11, 10, 9)
CELL_PADDING = 3


def _date(value, language, style: str = "long") -> str:
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return local_date(value, style, language) if value else "–"


def _cell_date(value, language) -> str:
    """A date in a table: the short month name, so that a date column kept whole stays narrow."""
    return _date(value, language, "medium")


def _number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
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
        canvas.setFillColor(colors.HexColor("#555555"))
        generated = _("Generated %(date)s") % {"date": _date(self.generated, self.language)}
        draw_line(canvas, LEFT, BOTTOM / 2, generated, font=FONT, size=11)
        number = _("Page %(number)s") % {"number": doc.page}
        draw_line(canvas, PAGE_WIDTH - RIGHT, BOTTOM / 2, number, font=FONT, size=11, align="right")
        canvas.setStrokeColor(NAVY)
        canvas.line(LEFT, BOTTOM / 2 + 12, PAGE_WIDTH - RIGHT, BOTTOM / 2 + 12)
        canvas.restoreState()


def cover(*, title: str, subtitle: str, generated: date, language: str, public_only: bool = False) -> list:
    """
    The cover, in the sober style of a Thai government report: the office, title, period, date. An
    empty ``subtitle`` is left out (a title that already names its fiscal year).
    """
    centred = TextStyle(font=FONT_BOLD, size=18, color=NAVY, align="center")
    return [
        Spacer(1, 40 * mm),
        ThaiText(str(AUTHOR), centred),
        Spacer(1, 30 * mm),
        ThaiText(title, TextStyle(font=FONT_BOLD, size=30, color=NAVY, align="center")),
        *([ThaiText(subtitle, TextStyle(font=FONT_BOLD, size=20, align="center"))] if subtitle else []),
        Spacer(1, 60 * mm),
        ThaiText(
            _("Figures as of %(date)s") % {"date": _date(generated, language)}, TextStyle(size=16, align="center")
        ),
        ThaiText(
            _("Public items only") if public_only else _("For executives: internal items included"),
            TextStyle(size=14, align="center"),
        ),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _column_widths(header: list[str], rows: list[list[str]], whole: set[int], size: float, *, last: bool):
    """
    Columns sized to their content at ``size``: each at least as wide as its widest unbreakable
    part (a word, or the whole cell for ``whole`` columns), the rest of the line shared in
    proportion to what each needs to set its cells on one line; ``None`` when even the unbreakable
    parts do not fit across the page, unless this is the ``last`` size to try: then the table is
    wider than the page rather than cut a word.
    """
    padding = 2 * CELL_PADDING + 1
    least, most = [], []
    for column, heading in enumerate(header):
        cells = [row[column] for row in rows]
        narrowest = [widest_piece(heading, font=FONT_BOLD, size=size)]
        narrowest += [
            text_width(cell, FONT, size) if column in whole else widest_piece(cell, font=FONT, size=size)
            for cell in cells
        ]
        widest = [text_width(heading, FONT_BOLD, size), *(text_width(cell, FONT, size) for cell in cells)]
        least.append(max(narrowest) + padding)
        most.append(max(max(widest) + padding, least[-1]))
    if sum(least) > TEXT_WIDTH:
        return least if last else None
    if sum(most) <= TEXT_WIDTH:
        return [width * TEXT_WIDTH / sum(most) for width in most]
    spare, flexible = TEXT_WIDTH - sum(least), sum(most) - sum(least)
    return [low + spare * (high - low) / flexible for low, high in zip(least, most, strict=True)]


def table(header: list[str], rows: list[list], *, whole: tuple[int, ...] = (), chunk: int = 30) -> list:
    """
    A table of Thai text cells, cut into tables of ``chunk`` rows that repeat the header. Columns
    are sized to their content; cells wrap only where a line may break (ICU's Thai word breaks,
    spaces), and the cells of the ``whole`` columns (numbers, dates, references) never wrap.
    """
    header = [str(cell) for cell in header]
    rows = [[_number(cell) for cell in row] for row in rows]
    keep = set(whole)
    for size in CELL_SIZES:
        widths = _column_widths(header, rows, keep, size, last=size == CELL_SIZES[-1])
        if widths is not None:
            break
    cell, cell_whole = TextStyle(size=size, space_after=0), TextStyle(size=size, space_after=0, whole=True)
    heading = TextStyle(font=FONT_BOLD, size=size, space_after=0)
    cells_header = [ThaiText(text, heading) for text in header]
    style = TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), GREY),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa0a6")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            # The text's line boxes already hold its marks: thin padding keeps rules clear of them.
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    tables = []
    for start in range(0, max(len(rows), 1), chunk):
        body = [
            [ThaiText(text, cell_whole if column in keep else cell) for column, text in enumerate(row)]
            for row in rows[start : start + chunk]
        ]
        tables.append(Table([cells_header, *body], colWidths=widths, repeatRows=1, style=style))
    return tables


class Names:
    """
    How the PDF names agencies, items and indicators in its language: in English, their English
    versions (``reports.names``), else the Thai original marked as such; in Thai, as the figures hold them.
    """

    def __init__(self, figures: dict, language: str):
        self.english: EnglishNames | None = english_names(figures) if language.startswith("en") else None

    def _pick(self, english: dict, key, thai: str) -> str:
        thai = thai or ""
        if self.english is None or not thai:
            return thai
        if key in english:
            return english[key]
        return _("%(name)s (in Thai)") % {"name": thai}

    def agency(self, pk, thai: str) -> str:
        return self._pick(self.english.agencies if self.english else {}, pk, thai)

    def title(self, pk, thai: str) -> str:
        return self._pick(self.english.titles if self.english else {}, pk, thai)

    def summary(self, pk, thai: str) -> str:
        return self._pick(self.english.summaries if self.english else {}, pk, thai)

    def indicator(self, pk, name: str, unit: str) -> str:
        if self.english is not None and pk in self.english.indicators:
            name, unit = self.english.indicators[pk]
            return f"{name} ({unit})" if unit else name
        text = f"{name} ({unit})" if unit else name
        return self._pick({}, pk, text)


def _fit(text: str, width: float, *, font: str, size: float) -> str:
    """``text`` if it fits ``width``, else its first whole words that fit with an ellipsis."""
    if text_width(text, font, size) <= width:
        return text
    kept = ""
    for piece in break_opportunities(text):
        if text_width((kept + piece).rstrip() + "…", font, size) > width:
            break
        kept += piece
    return (kept.rstrip() or text[:1]) + "…"


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
    drawing = ThaiDrawing(TEXT_WIDTH, 40 + 22 * len(statuses))
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


def agency_chart(figures: dict, names: Names, *, limit: int = 15) -> Drawing:
    """On-time completion rate of the agencies with the most assignments."""
    agencies = sorted(figures["agencies"], key=lambda row: -row["assignments"])[:limit]
    # Room below the bars for the value axis' labels, above them for the title.
    # A bar for each agency as tall as a line of its label, so that labels never overlap.
    bar = LEADING * 10
    drawing = ThaiDrawing(TEXT_WIDTH, 55 + bar * max(len(agencies), 1))
    chart = HorizontalBarChart()
    chart.x, chart.y = 90, 25
    chart.width, chart.height = TEXT_WIDTH - 110, bar * max(len(agencies), 1)
    chart.data = [[row["on_time_rate"] or 0 for row in agencies] or [0]]
    chart.categoryAxis.categoryNames = [
        _fit(names.agency(row.get("agency"), row["name"]), 84, font=FONT, size=10) for row in agencies
    ] or ["–"]
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
    drawing = ThaiDrawing(TEXT_WIDTH, 200)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, TEXT_WIDTH - 60, 130
    chart.data = [[row["due"] for row in months], [row["completed"] for row in months]]
    # Month above year: twelve labels side by side would run together.
    chart.categoryAxis.categoryNames = [
        month_label(date.fromisoformat(row["month"]), language).replace(" ", "\n") for row in months
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 10
    chart.categoryAxis.labels.leading = LEADING * 10
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
    return table([_("Figure"), _("Value")], rows, whole=(1,))


def agencies_table(figures: dict, names: Names) -> list:
    rows = [
        [
            names.agency(row.get("agency"), row["name"]),
            _number(row["assignments"]),
            _number(row["completed"]),
            _number(row["on_time_rate"]),
            _number(row["overdue"]),
            _number(row["median_days_late"]),
        ]
        for row in figures["agencies"]
    ]
    header = [_("Agency"), _("Assignments"), _("Completed"), _("On time (%)"), _("Overdue"), _("Median days late")]
    return table(header, rows, whole=(1, 2, 3, 4, 5))


def overdue_table(figures: dict, language: str, names: Names) -> list:
    rows = [
        [
            row["reference"] or "–",
            names.title(row.get("item"), row["title"]),
            names.agency(row.get("agency"), row["agency_name"]),
            _cell_date(row["deadline"], language),
            _number(row["days_overdue"]),
            # No update yet: a dash, as for every missing value.
            _cell_date(row["last_update"], language),
        ]
        for row in figures["overdue"]
    ]
    header = [_("Reference"), _("Item"), _("Agency"), _("Deadline"), _("Days overdue"), _("Last update")]
    return table(header, rows, whole=(0, 3, 4, 5))


def summary_story(*, figures: dict, language: str, title: str, narrative: str = "", progress=None) -> list:
    """The flowables of an executive summary: cover, narrative, figures, charts, sections, annex."""
    generated = date.fromisoformat(figures["today"])
    year = figures["fiscal_year"]
    subtitle = fiscal_year_label(year, language) if year else _("All fiscal years")
    # A title that names its fiscal year (as summary pages' titles do) is not followed by it again.
    if year and (str(year) in title or str(year - BE_OFFSET) in title):
        subtitle = ""
    names = Names(figures, language)
    story = cover(
        title=title, subtitle=subtitle, generated=generated, language=language, public_only=figures["public_only"]
    )
    steps = [
        lambda: _narrative_section(narrative),
        lambda: [ThaiText(_("Key figures"), H1), *key_figures_table(figures), Spacer(1, 8)],
        lambda: [status_chart(figures), Spacer(1, 6), monthly_chart(figures, language)],
        lambda: _track_sections(figures),
        lambda: _policy_sections(figures, names),
        lambda: [
            CondPageBreak(80 * mm),
            ThaiText(_("Performance by agency"), H1),
            agency_chart(figures, names),
            *agencies_table(figures, names),
        ],
        lambda: _indicator_section(figures, names),
        lambda: _annex(figures, language, names),
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
            whole=(1, 2),
        )
        story.append(Spacer(1, 6))
    return story


def _policy_sections(figures: dict, names: Names) -> list:
    story = [CondPageBreak(80 * mm), ThaiText(_("By policy"), H1)]
    if not figures["policies"]:
        story.append(ThaiText(_("No policies."), BODY))
    for policy in figures["policies"]:
        title = names.title(policy["id"], policy["title"])
        story.append(ThaiText(f"{policy['number'] or ''} {title}".strip(), H2))
        if policy["summary"]:
            story.append(ThaiText(names.summary(policy["id"], policy["summary"]), BODY))
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


def _indicator_section(figures: dict, names: Names) -> list:
    if not figures["indicators"]:
        return []
    rows = [
        [
            names.title(row["policy"], row["policy_title"]),
            names.indicator(row["indicator"], row["name"], row["unit"]),
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
        *table(header, rows, whole=(2, 3, 4, 5)),
    ]


def _annex(figures: dict, language: str, names: Names) -> list:
    story = [NextPageTemplate("body"), PageBreak(), ThaiText(_("Annex: overdue items"), H1)]
    shown, total = len(figures["overdue"]), figures["overdue_total"]
    note = _("%(total)s overdue assignments, most overdue first.") % {"total": _number(total)}
    if shown < total:
        note += " " + _("The %(shown)s most overdue are listed.") % {"shown": _number(shown)}
    story.append(ThaiText(note, BODY))
    if figures["overdue"]:
        story += overdue_table(figures, language, names)
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
            _cell_date(row["deadline"], language),
            _cell_date(row["completed_on"], language),
        ]
        for row in rows
    ]
    header = [_("Reference"), _("Item"), _("Agency"), _("Status"), _("Deadline"), _("Completed on")]
    return table(header, body, whole=(0, 4, 5))


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
            [row["agency"], _cell_date(row["period_end"], language), _label(Status, row["status"])]
            + [f"{row['percent']}%", row["summary"]]
            for row in report["updates"]
        ]
        header = [_("Agency"), _("Period end"), _("Status"), _("Percent complete"), _("Summary")]
        story += (
            table(header, rows, whole=(1, 3)) if rows else [ThaiText(_("No progress updates in the period."), BODY)]
        )
        story += _indicator_section(report, Names(report, language))
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
