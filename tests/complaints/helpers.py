"""Builders of complaints and foreign-affairs commitments, through the same services the admin uses."""

import datetime

from complaints.models import ComplaintIndexPage, ComplaintPage
from complaints.services import Referral, complaint_receive, complaint_refer
from core.choices import Track, Visibility
from core.roles import Role
from foreign.models import ForeignAssignment, ForeignCommitmentPage, ForeignIndexPage
from tests import builders

#: A complainant nobody could mistake for anything else: each value is searched for everywhere.
PERSONAL = {
    "name": "นางสาวลับเฉพาะ ทดสอบพีดีพีเอ",
    "id_card_number": "3100599887766",
    "address": "99/9 ซอยความลับ ตำบลเฉพาะกิจ",
    "phone": "081-555-0199",
    "email": "secret.complainant@example.org",
    "line_id": "line-secret-4242",
}


def coordinator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="complaint-coordinator").first() or builders.user(
        "complaint-coordinator", role=Role.PMO_COORDINATOR
    )


def complaint_index():
    return builders.index_page(ComplaintIndexPage)


def foreign_index():
    return builders.index_page(ForeignIndexPage)


def complaint(
    reference,
    *agencies,
    track=Track.SECRETARY,
    title=None,
    visibility=Visibility.INTERNAL,
    public_summary="",
    details="ถนนในหมู่บ้านชำรุดเป็นหลุมบ่อ ขอให้ซ่อมแซม",
    complainant=None,
    deadline=datetime.date(2026, 6, 30),
    received_on=datetime.date(2026, 1, 10),
    **fields,
):
    """A complaint as received by the PMO, referred to ``agencies`` (the first leads) if any."""
    page = complaint_receive(
        user=coordinator(),
        parent=complaint_index(),
        complainant=complainant,
        title=title or f"เรื่องร้องเรียน {reference}",
        slug=f"complaint-{ComplaintPage.objects.count() + 1}",
        reference=reference,
        track=track,
        received_on=received_on,
        details=details,
        visibility=visibility,
        public_summary=public_summary,
        **fields,
    )
    if agencies:
        referrals = [
            Referral(agency=agency, deadline=deadline, role="lead" if position == 0 else "supporting")
            for position, agency in enumerate(agencies)
        ]
        page = complaint_refer(complaint=page, user=coordinator(), referrals=referrals)
    return page


def foreign_commitment(reference, *agencies, visibility=Visibility.PUBLIC, deadline=datetime.date(2026, 9, 30)):
    """A published foreign-affairs commitment; the first agency leads, the others support."""
    page = ForeignCommitmentPage(
        title=f"ข้อตกลงความร่วมมือ {reference}",
        slug=f"foreign-{ForeignCommitmentPage.objects.count() + 1}",
        reference=reference,
        country="ญี่ปุ่น",
        organisation="กระทรวงเศรษฐกิจ การค้าและอุตสาหกรรม",
        event="การหารือทวิภาคี ณ กรุงโตเกียว",
        event_date=datetime.date(2026, 2, 5),
        commitment="<p>ส่งเสริมการลงทุนด้านยานยนต์ไฟฟ้า</p>",
        visibility=visibility,
        live=False,
    )
    for position, agency in enumerate(agencies):
        page.assignments.add(
            ForeignAssignment(agency=agency, role="lead" if position == 0 else "supporting", deadline=deadline)
        )
    foreign_index().add_child(instance=page)
    page.save_revision().publish()
    return ForeignCommitmentPage.objects.get(pk=page.pk)
