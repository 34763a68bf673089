"""
Demo complaints, of both complaint tracks, added by the demo loader (``demo.loader``) through the same
services as the admin. The complainants are fictitious. Idempotent: a complaint whose case number
exists already is left alone.
"""

from datetime import date

from complaints.models import ComplaintIndexPage, ComplaintPage
from complaints.services import Referral, complaint_close, complaint_receive, complaint_refer
from core.choices import Track, Visibility

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
        "english": {
            "title": "Repair of the damaged road into a village",
            "public_summary": "Residents ask for the road into their village in Ban Phai district to be repaired",
        },
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


def load_complaints(loader) -> None:
    """
    Add the demo's complaints that are missing, received and referred by the loader's coordinator, and
    the English translations of the public ones, which English readers find under English URLs.
    """
    complaints = loader.index_pages[ComplaintIndexPage]
    for number, spec in enumerate(COMPLAINTS, start=1):
        spec = dict(spec)
        english = spec.pop("english", None)
        if not ComplaintPage.objects.filter(reference=spec["reference"]).exists():
            _add_complaint(loader, complaints, number, spec)
        page = ComplaintPage.objects.filter(locale=loader.thai, reference=spec["reference"]).first()
        if english and page.live and page.visibility == Visibility.PUBLIC:
            loader._translate(page, **english)


def _add_complaint(loader, complaints, number, spec) -> None:
    referrals, complainant, outcome = spec.pop("referrals"), spec.pop("complainant"), spec.pop("outcome", "")
    complaint = complaint_receive(
        user=loader.coordinator, parent=complaints, complainant=complainant, slug=f"complaint-{number}", **spec
    )
    if referrals:
        complaint = complaint_refer(
            complaint=complaint,
            user=loader.coordinator,
            referrals=[Referral(agency=loader.agencies[code], deadline=deadline) for code, deadline in referrals],
        )
    if outcome:
        complaint_close(complaint=complaint, user=loader.coordinator, outcome=outcome, closed_on=date(2026, 3, 1))
    loader.created["pages"] += 1
