"""
A known set of pages for the public search tests: what the public may find, each with a distinct
value of every advanced condition, and what it must never find. Every text mentions ประชาชน, so
``q=ประชาชน`` matches all of them and the conditions alone decide.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from wagtail.models import Locale

from core.choices import Track, Visibility
from directives.models import Occasion
from home.models import StandardPage
from tests import builders

BANGKOK = ZoneInfo("Asia/Bangkok")
#: Deadlines before this day have passed: "overdue" is derived from it.
TODAY = datetime.datetime(2026, 3, 1, 9, 0, tzinfo=BANGKOK)

# Titles of what the public may find with q=ประชาชน.
VACCINE = "เร่งรัดการฉีดวัคซีนในภาคใต้"
VAT = "ลดภาษีมูลค่าเพิ่ม"
THAI = "ส่งเสริมภาษาไทยในโรงเรียน"
FARM = "สินค้าเกษตร"
POLICY = "นโยบายสาธารณสุขถ้วนหน้า"
SUB_POLICY = "คลินิกชุมชน"
VACCINE_UPDATE = "ความก้าวหน้าการฉีดวัคซีน"
VAT_UPDATE = "ผลการลดภาษี"
THAI_UPDATE = "ความก้าวหน้าหลักสูตรภาษาไทย"
ABOUT = "เกี่ยวกับเรา"
PUBLIC = {VACCINE, VAT, THAI, FARM, POLICY, SUB_POLICY, VACCINE_UPDATE, VAT_UPDATE, THAI_UPDATE, ABOUT}

# Titles of what the public must never find; each also mentions วัคซีน, ภาษี and ภาษา.
HIDDEN_TEXT = "ประชาชนได้รับวัคซีนและลดภาษีมูลค่าเพิ่มและภาษาไทย"
INTERNAL_DIRECTIVE = "ข้อสั่งการภายในเรื่องวัคซีน"
DRAFT_DIRECTIVE = "ร่างข้อสั่งการเรื่องวัคซีน"
INTERNAL_POLICY = "นโยบายภายในเรื่องวัคซีน"
DRAFT_POLICY = "ร่างนโยบายเรื่องวัคซีน"
INTERNAL_ITEM_UPDATE = "รายงานของข้อสั่งการภายใน"
DRAFT_ITEM_UPDATE = "รายงานของร่างข้อสั่งการ"
DRAFT_UPDATE = "รายงานที่ยังไม่เผยแพร่"
HIDDEN = {
    INTERNAL_DIRECTIVE,
    DRAFT_DIRECTIVE,
    INTERNAL_POLICY,
    DRAFT_POLICY,
    INTERNAL_ITEM_UPDATE,
    DRAFT_ITEM_UPDATE,
    DRAFT_UPDATE,
}


def thai():
    return Locale.objects.get(language_code="th")


def build():
    """The known set (call it with time frozen at ``TODAY``), indexed for search."""
    c = SimpleNamespace()
    c.moph = builders.agency(
        "MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health", short_name_th="สธ.", short_name_en="MOPH"
    )
    c.mof = builders.agency("MOF", "กระทรวงการคลัง", name_en="Ministry of Finance", short_name_th="กค.")
    c.moe = builders.agency("MOE", "กระทรวงศึกษาธิการ", name_en="Ministry of Education", short_name_th="ศธ.")
    c.cabinet = builders.occasion("ประชุมคณะรัฐมนตรี 13 มกราคม 2569", date=datetime.date(2026, 1, 13))
    c.trip = builders.occasion("ตรวจราชการจังหวัดสงขลา", date=datetime.date(2025, 9, 19), kind=Occasion.Kind.INSPECTION)

    c.policy = builders.policy(
        POLICY,
        c.moph,
        slug="universal-health",
        number="1.1",
        summary="ยกระดับระบบสาธารณสุขและการฉีดวัคซีนให้ประชาชนทั่วประเทศ",
        period_start=datetime.date(2025, 10, 1),
    )
    c.sub_policy = builders.policy(
        SUB_POLICY,
        c.moph,
        slug="community-clinics",
        number="1.1.1",
        summary="คลินิกใกล้บ้านสำหรับประชาชน",
        parent=c.policy,
        period_start=datetime.date(2025, 11, 1),
    )
    c.vaccine = builders.directive(
        "นร 0505/2569-001",
        c.moph,
        c.moe,
        title=VACCINE,
        body="<p>กระทรวงสาธารณสุขเร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้ให้ประชาชนทุกกลุ่มวัย</p>",
        track=Track.POLICY,
        issued_on=datetime.date(2026, 1, 15),
        occasion=c.cabinet,
        policies=[c.policy],
        deadline=datetime.date(2026, 2, 15),
    )
    c.vat = builders.directive(
        "นร 0505/2568-002",
        c.mof,
        title=VAT,
        body="<p>กระทรวงการคลังพิจารณาลดภาษีมูลค่าเพิ่มเพื่อบรรเทาภาระค่าครองชีพของประชาชน</p>",
        track=Track.PARLIAMENT,
        issued_on=datetime.date(2025, 9, 20),
        occasion=c.trip,
        deadline=datetime.date(2026, 2, 1),
    )
    c.thai = builders.directive(
        "นร 0505/2569-003",
        c.moe,
        c.moph,
        title=THAI,
        body="<p>กระทรวงศึกษาธิการส่งเสริมการพัฒนาภาษาไทยให้ประชาชนและนักเรียน</p>",
        track=Track.FOREIGN,
        issued_on=datetime.date(2026, 2, 10),
        deadline=datetime.date(2026, 9, 30),
    )
    c.farm = builders.directive(
        "นร 0505/2569-004",
        c.mof,
        title=FARM,
        body="<p>เพิ่มมูลค่าสินค้าเกษตรโดยไม่เก็บภาษีจากประชาชน</p>",
        track=Track.SECRETARY,
        issued_on=datetime.date(2025, 12, 1),
        deadline=datetime.date(2026, 12, 31),
    )
    # Statuses come from published progress updates: vaccine on track (and overdue), VAT completed
    # (past its deadline, so not overdue), Thai at risk. An update's date is the end of its period:
    # 31 March 2026, or 31 December 2025 (fiscal year 2569) for VAT's, issued in fiscal year 2568.
    c.vaccine_update = builders.update(
        c.vaccine, c.moph, title=VACCINE_UPDATE, public_summary="ฉีดวัคซีนให้ประชาชนแล้วร้อยละ 40", publish=True
    )
    c.vat_update = builders.update(
        c.vat,
        c.mof,
        title=VAT_UPDATE,
        status="completed",
        percent=100,
        public_summary="ลดภาษีแล้วประชาชนได้รับประโยชน์",
        period=(datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
        publish=True,
    )
    c.thai_update = builders.update(
        c.thai,
        c.moe,
        title=THAI_UPDATE,
        status="at_risk",
        public_summary="ครูและนักเรียนทดลองหลักสูตรใหม่ ประชาชนมีส่วนร่วม",
        publish=True,
    )
    c.about = builders.home_page().add_child(
        instance=StandardPage(title=ABOUT, slug="about", body="<p>ข้อมูลติดต่อสำหรับประชาชน</p>")
    )

    # Never public: internal and unpublished items, and updates under them or not yet published.
    hidden = {"body": f"<p>{HIDDEN_TEXT}</p>", "issued_on": datetime.date(2026, 1, 20), "occasion": c.cabinet}
    c.internal_directive = builders.directive(
        "นร 0505/2569-090",
        c.moph,
        c.moe,
        title=INTERNAL_DIRECTIVE,
        visibility=Visibility.INTERNAL,
        policies=[c.policy],
        deadline=datetime.date(2026, 2, 1),
        **hidden,
    )
    c.draft_directive = builders.directive(
        "นร 0505/2569-091",
        c.moph,
        c.moe,
        title=DRAFT_DIRECTIVE,
        live=False,
        deadline=datetime.date(2026, 2, 1),
        **hidden,
    )
    c.internal_policy = builders.policy(
        INTERNAL_POLICY, c.moph, slug="internal", summary=HIDDEN_TEXT, visibility=Visibility.INTERNAL
    )
    c.draft_policy = builders.policy(DRAFT_POLICY, c.moph, slug="draft", summary=HIDDEN_TEXT, live=False)
    c.internal_item_update = builders.update(
        c.internal_directive, c.moe, title=INTERNAL_ITEM_UPDATE, public_summary=HIDDEN_TEXT, publish=True
    )
    c.draft_item_update = builders.update(
        c.draft_directive, c.moe, title=DRAFT_ITEM_UPDATE, public_summary=HIDDEN_TEXT, publish=True
    )
    c.draft_update = builders.update(c.vaccine, c.moe, title=DRAFT_UPDATE, public_summary=HIDDEN_TEXT)
    builders.index_for_search()
    return c
