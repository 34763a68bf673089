"""
Demo complaints (both complaint tracks) and foreign-affairs commitments, added by the demo loader
(``directives.demo.loader``) through the same services as the admin. The complainants are fictitious.
Idempotent: what exists already (by case or reference number) is left alone.
"""

from datetime import date

from core.choices import Track, Visibility
from foreign.models import ForeignAssignment, ForeignCommitmentPage, ForeignIndexPage

from .models import ComplaintIndexPage, ComplaintPage
from .services import Referral, complaint_close, complaint_receive, complaint_refer

COMPLAINTS = [
    {
        "reference": "ร 2569/0001",
        "title": "ขอให้ซ่อมถนนเข้าหมู่บ้านที่ชำรุด",
        "track": Track.SECRETARY,
        "channel": ComplaintPage.Channel.HOTLINE,
        "category": ComplaintPage.Category.INFRASTRUCTURE,
        "province": "ขอนแก่น",
        "district": "บ้านไผ่",
        "received_on": date(2026, 1, 12),
        "details": "ถนนลูกรังเข้าหมู่บ้านเป็นหลุมบ่อ รถพยาบาลเข้าไม่ได้ในฤดูฝน",
        "public_summary": "ประชาชนขอให้ซ่อมถนนเข้าหมู่บ้านในอำเภอบ้านไผ่",
        "visibility": Visibility.PUBLIC,
        "referrals": [("MOI", date(2026, 3, 31)), ("MOT", date(2026, 4, 30))],
        "complainant": {"name": "นายสมมติ ตัวอย่าง", "phone": "080-000-0001"},
    },
    {
        "reference": "ส 2569/0002",
        "title": "ปัญหาน้ำประปาไม่ไหลในเขตเทศบาล",
        "track": Track.PARLIAMENT,
        "channel": ComplaintPage.Channel.MOTION,
        "mp_or_committee": "คณะกรรมาธิการการปกครอง สภาผู้แทนราษฎร",
        "category": ComplaintPage.Category.INFRASTRUCTURE,
        "province": "นครราชสีมา",
        "received_on": date(2026, 1, 20),
        "details": "ประชาชนในเขตเทศบาลไม่มีน้ำประปาใช้ติดต่อกันหลายสัปดาห์",
        "referrals": [("MOI", date(2026, 2, 28))],
        "complainant": {"name": "นางตัวอย่าง ทดลองระบบ", "address": "หมู่ 1 ตำบลตัวอย่าง"},
        "outcome": "การประปาส่วนภูมิภาควางท่อใหม่แล้วเสร็จ",
    },
    {
        "reference": "ร 2569/0003",
        "title": "ขอความช่วยเหลือเรื่องหนี้นอกระบบ",
        "track": Track.SECRETARY,
        "channel": ComplaintPage.Channel.LETTER,
        "category": ComplaintPage.Category.ECONOMY,
        "province": "เชียงใหม่",
        "received_on": date(2026, 2, 3),
        "details": "ผู้ร้องถูกทวงหนี้นอกระบบด้วยวิธีข่มขู่ ขอให้ภาครัฐช่วยไกล่เกลี่ย",
        "referrals": [],
        "complainant": {"name": "นายทดสอบ ระบบสาธิต", "email": "demo-complainant@demo.pm1.example"},
    },
]

FOREIGN = [
    {
        "reference": "ตท 2569/001",
        "title": "ส่งเสริมการลงทุนยานยนต์ไฟฟ้าจากญี่ปุ่น",
        "country": "ญี่ปุ่น",
        "organisation": "กระทรวงเศรษฐกิจ การค้าและอุตสาหกรรมญี่ปุ่น",
        "event_kind": ForeignCommitmentPage.EventKind.BILATERAL,
        "event": "การหารือทวิภาคีระหว่างนายกรัฐมนตรีไทยและญี่ปุ่น ณ กรุงโตเกียว",
        "event_date": date(2026, 2, 5),
        "commitment": "<p>จัดทำแผนดึงดูดการลงทุนด้านยานยนต์ไฟฟ้าและแบตเตอรี่ภายในหกเดือน</p>",
        "assignments": [("MOI", date(2026, 8, 5)), ("MFA", date(2026, 8, 5))],
    },
    {
        "reference": "ตท 2569/002",
        "title": "ความร่วมมืออาเซียนด้านการจัดการหมอกควันข้ามแดน",
        "country": "อาเซียน",
        "organisation": "สำนักเลขาธิการอาเซียน",
        "event_kind": ForeignCommitmentPage.EventKind.MULTILATERAL,
        "event": "การประชุมสุดยอดอาเซียน",
        "event_date": date(2026, 1, 26),
        "commitment": "<p>เสนอแผนปฏิบัติการลดจุดความร้อนในพื้นที่ชายแดนร่วมกับประเทศเพื่อนบ้าน</p>",
        "assignments": [("MFA", date(2026, 6, 30))],
    },
]


def _agency(loader, code):
    return loader.agencies[code]


def load_other_tracks(loader) -> None:
    """Add the demo's complaints and foreign-affairs commitments that are missing."""
    complaints = loader.index_pages[ComplaintIndexPage]
    for number, spec in enumerate(COMPLAINTS, start=1):
        spec = dict(spec)
        if ComplaintPage.objects.filter(reference=spec["reference"]).exists():
            continue
        referrals, complainant, outcome = spec.pop("referrals"), spec.pop("complainant"), spec.pop("outcome", "")
        complaint = complaint_receive(
            user=loader.coordinator, parent=complaints, complainant=complainant, slug=f"complaint-{number}", **spec
        )
        if referrals:
            complaint = complaint_refer(
                complaint=complaint,
                user=loader.coordinator,
                referrals=[Referral(agency=_agency(loader, code), deadline=deadline) for code, deadline in referrals],
            )
        if outcome:
            complaint_close(complaint=complaint, user=loader.coordinator, outcome=outcome, closed_on=date(2026, 3, 1))
        loader.created["pages"] += 1

    foreign = loader.index_pages[ForeignIndexPage]
    for number, spec in enumerate(FOREIGN, start=1):
        spec = dict(spec)
        if ForeignCommitmentPage.objects.filter(reference=spec["reference"]).exists():
            continue
        assignments = spec.pop("assignments")
        page = ForeignCommitmentPage(slug=f"foreign-{number}", **spec)
        for position, (code, deadline) in enumerate(assignments):
            page.assignments.add(
                ForeignAssignment(
                    agency=_agency(loader, code), deadline=deadline, role="lead" if position == 0 else "supporting"
                )
            )
        loader._add_page(foreign, page, user=loader.coordinator, publish=True)
        loader.created["pages"] += 1
