"""
Fixture data for the reporting tests: items of every kind (directives, a policy, complaints on the
parliament and secretary tracks, a foreign-affairs commitment) on both sides of fiscal-year
boundaries, items assigned to several agencies, a ministry with a department, completions on time
and late, overdue work, and a complainant whose personal data no figure may hold.
"""

import datetime
from dataclasses import dataclass

import time_machine

from core.choices import Track, Visibility
from policies.models import PolicyIndicator
from tests import builders
from tests.complaints.helpers import PERSONAL, complaint, foreign_commitment
from updates.models import IndicatorValue

TODAY = datetime.date(2026, 3, 1)


@dataclass
class World:
    ministry: object
    department: object
    other: object
    directives: dict
    policy: object
    indicator: object
    complaints: dict
    commitment: object


def publish_update(item, agency, *, status, on, percent=50, period=None):
    with time_machine.travel(datetime.datetime(on.year, on.month, on.day, 10, tzinfo=datetime.UTC), tick=False):
        return builders.update(
            item,
            agency,
            status=status,
            percent=percent,
            period=period or (on - datetime.timedelta(days=30), on),
            title=f"รายงาน {agency.code} {on}",
            publish=True,
        )


def build_world() -> World:
    # The figures name agencies by short name: the codes, so that the tests read them in either language.
    ministry = builders.agency("MOPH", "กระทรวงสาธารณสุข", name_en="Ministry of Public Health", short_name_th="MOPH")
    department = builders.agency("DDC", "กรมควบคุมโรค", name_en="Department of Disease Control", short_name_th="DDC")
    department.parent = ministry
    department.save()
    other = builders.agency("MOI", "กระทรวงมหาดไทย", name_en="Ministry of Interior", short_name_th="MOI")

    last_day_2568 = builders.directive(
        "นร 2568/001", ministry, issued_on=datetime.date(2025, 9, 30), deadline=datetime.date(2025, 12, 31)
    )
    publish_update(last_day_2568, ministry, status="completed", on=datetime.date(2025, 12, 15), percent=100)

    shared = builders.directive(
        "นร 2569/001",
        department,
        other,
        issued_on=datetime.date(2025, 10, 1),
        deadline=datetime.date(2026, 1, 31),
    )
    publish_update(shared, department, status="completed", on=datetime.date(2026, 2, 10), percent=100)
    publish_update(shared, other, status="delayed", on=datetime.date(2026, 1, 20), percent=30)

    foreign = builders.directive(
        "นร 2569/002",
        other,
        issued_on=datetime.date(2026, 9, 30),
        deadline=datetime.date(2026, 12, 31),
        track=Track.FOREIGN,
    )
    next_year = builders.directive(
        "นร 2570/001", ministry, issued_on=datetime.date(2026, 10, 1), deadline=datetime.date(2027, 3, 31)
    )
    internal = builders.directive(
        "นร 2569/003",
        ministry,
        issued_on=datetime.date(2025, 11, 5),
        deadline=datetime.date(2026, 2, 1),
        visibility=Visibility.INTERNAL,
    )
    publish_update(internal, ministry, status="at_risk", on=datetime.date(2026, 1, 5), percent=20)

    policy = builders.policy(
        "นโยบายเร่งด่วนด้านสาธารณสุข",
        ministry,
        other,
        number="1",
        summary="ยกระดับระบบสาธารณสุขให้ประชาชนเข้าถึงบริการอย่างทั่วถึง",
        period_start=datetime.date(2025, 10, 1),
        deadline=datetime.date(2026, 2, 15),
    )
    indicator = PolicyIndicator.objects.create(
        page=policy, name="ประชาชนที่ได้รับวัคซีน", unit="ร้อยละ", baseline=20, target=80
    )
    report = publish_update(policy, ministry, status="on_track", on=datetime.date(2026, 1, 31), percent=40)
    IndicatorValue.objects.create(page=report, indicator=indicator, value=50)

    parliament = complaint(
        "สผ 2569/001",
        other,
        track=Track.PARLIAMENT,
        title="ร้องเรียนถนนชำรุดผ่านสมาชิกสภาผู้แทนราษฎร",
        visibility=Visibility.PUBLIC,
        public_summary="ถนนสายหลักของตำบลชำรุด",
        received_on=datetime.date(2025, 12, 1),
        deadline=datetime.date(2026, 2, 20),
    )
    secretary = complaint(
        "ลน 2569/001",
        department,
        title="ร้องเรียนการให้บริการของโรงพยาบาล",
        received_on=datetime.date(2026, 1, 10),
        deadline=datetime.date(2026, 2, 28),
    )
    publish_update(secretary, department, status="completed", on=datetime.date(2026, 2, 15), percent=100)
    secretary_2568 = complaint(
        "ลน 2568/001",
        ministry,
        title="ร้องเรียนค่ารักษาพยาบาล",
        complainant=PERSONAL,
        received_on=datetime.date(2025, 9, 30),
        deadline=datetime.date(2025, 10, 31),
    )
    commitment = foreign_commitment("กต 2569/001", ministry, other, deadline=datetime.date(2026, 2, 25))
    publish_update(commitment, ministry, status="on_track", on=datetime.date(2026, 2, 20), percent=30)
    return World(
        ministry=ministry,
        department=department,
        other=other,
        directives={
            "last_day_2568": last_day_2568,
            "shared": shared,
            "foreign": foreign,
            "next_year": next_year,
            "internal": internal,
        },
        policy=policy,
        indicator=indicator,
        complaints={"parliament": parliament, "secretary": secretary, "secretary_2568": secretary_2568},
        commitment=commitment,
    )
