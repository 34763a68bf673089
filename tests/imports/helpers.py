"""Agencies, files and commands the import tests share."""

import csv
import io
from io import StringIO

from django.core.management import call_command
from openpyxl import Workbook

from tests import builders

# The column contract of issue 6, stated apart from the code that implements it.
HEADER = "ref title_th body_th title_en body_en issued_on occasion track agencies deadline status".split()


def agencies():
    """Two ministries and a department, with the names spreadsheets use for them."""
    return {
        "MOPH": builders.agency(
            "MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health", short_name_th="สธ.", short_name_en="MOPH"
        ),
        "MOI": builders.agency("MOI", "กระทรวงมหาดไทย", name_en="Ministry of Interior", short_name_th="มท."),
        "DDC": builders.agency("DDC", "กรมควบคุมโรค", name_en="Department of Disease Control", short_name_th="คร."),
    }


def csv_bytes(rows, *, header=HEADER, encoding="utf-8-sig") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, *, header=HEADER, before=(), merge=()) -> bytes:
    """A workbook: ``before`` rows above the header, then the header and ``rows``; ``merge``: ranges such as "A1:K1"."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [*before, header, *rows]:
        sheet.append(list(row))
    for cells in merge:
        sheet.merge_cells(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def row(ref="นร 0505/2565-001", **values):
    """A good row; ``values`` replace columns by name."""
    base = {
        "ref": ref,
        "title_th": "เร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้",
        "body_th": "ให้กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีน\n\nรายงานผลทุกสัปดาห์",
        "title_en": "",
        "body_en": "",
        "issued_on": "25/01/2565",
        "occasion": "การประชุมคณะรัฐมนตรี",
        "track": "policy",
        "agencies": "สธ.; มท.",
        "deadline": "31/03/2565",
        "status": "",
    }
    base.update(values)
    return [base[column] for column in HEADER]


def run(command, path, *args) -> str:
    out = StringIO()
    call_command(command, str(path), *args, "--no-progress", stdout=out, stderr=StringIO())
    return out.getvalue()


POLICY_HEADER = (
    "number parent title_th summary_th body_th title_en summary_en body_en category period_start period_end "
    "agencies deadline indicators status visibility"
).split()
UPDATE_HEADER = (
    "item agency period_start period_end status percent_complete status_reason narrative public_summary title"
).split()


def policy_row(number="1", **values):
    """A good policy row; ``values`` replace columns by name."""
    base = dict.fromkeys(POLICY_HEADER, "")
    base.update(
        number=number,
        title_th=f"นโยบายที่ {number}",
        body_th="ยกระดับระบบสาธารณสุข",
        category="main",
        period_start="01/10/2564",
        period_end="30/09/2565",
        agencies="สธ.",
        indicators="ผู้ได้รับวัคซีน|ล้านคน|10|50|30/09/2565",
    )
    base.update(values)
    return [base[column] for column in POLICY_HEADER]


def update_row(item="นร 0505/2565-001", **values):
    """A good progress update row; ``values`` replace columns by name."""
    base = dict.fromkeys(UPDATE_HEADER, "")
    base.update(
        item=item,
        agency="สธ.",
        period_start="01/01/2565",
        period_end="31/03/2565",
        status="on_track",
        percent_complete="40",
        status_reason="เริ่มดำเนินการ",
        narrative="ฉีดวัคซีนแล้ว 10 ล้านโดส\n\nรายละเอียดภายใน",
        public_summary="ฉีดวัคซีนแล้ว 10 ล้านโดส",
    )
    base.update(values)
    return [base[column] for column in UPDATE_HEADER]
