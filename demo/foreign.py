"""
Demo foreign-affairs commitments, added by the demo loader (``demo.loader``) as the admin adds a page.
Idempotent: a commitment whose reference number exists already is left alone.
"""

from datetime import date

from foreign.models import ForeignAssignment, ForeignCommitmentPage, ForeignIndexPage

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
        "english": {
            "title": "Promoting Japanese investment in electric vehicles",
            "country": "Japan",
            "organisation": "Ministry of Economy, Trade and Industry of Japan",
            "event": "Bilateral talks between the Prime Ministers of Thailand and Japan in Tokyo",
            "commitment": (
                "<p>Draw up a plan within six months to attract investment in electric vehicles and batteries</p>"
            ),
        },
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
        "english": {
            "title": "ASEAN cooperation on transboundary haze",
            "country": "ASEAN",
            "organisation": "ASEAN Secretariat",
            "event": "ASEAN Summit",
            "commitment": (
                "<p>Propose an action plan with neighbouring countries to reduce hotspots in border areas</p>"
            ),
        },
    },
]


def load_foreign_commitments(loader) -> None:
    """
    Add the demo's foreign-affairs commitments that are missing, published by the loader's coordinator,
    and their English translations, so that English readers find them under English URLs like directives.
    """
    foreign = loader.index_pages[ForeignIndexPage]
    for number, spec in enumerate(FOREIGN, start=1):
        spec = dict(spec)
        english = spec.pop("english")
        page = ForeignCommitmentPage.objects.filter(locale=loader.thai, reference=spec["reference"]).first()
        if page is None:
            page = _add_commitment(loader, foreign, number, spec)
        if page.live:
            loader._translate(page, **english)


def _add_commitment(loader, foreign, number, spec):
    assignments = spec.pop("assignments")
    page = ForeignCommitmentPage(slug=f"foreign-{number}", **spec)
    for position, (code, deadline) in enumerate(assignments):
        page.assignments.add(
            ForeignAssignment(
                agency=loader.agencies[code], deadline=deadline, role="lead" if position == 0 else "supporting"
            )
        )
    loader._add_page(foreign, page, user=loader.coordinator, publish=True)
    loader.created["pages"] += 1
    return page
