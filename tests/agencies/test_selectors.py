"""
``agencies.selectors``: the one resolver every importer, the API and the admin use to find an agency
from the names officials write; who belongs to which agency; an agency's public work and its on-time rate.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation
from wagtail.models import Locale

from agencies.models import Agency
from agencies.selectors import (
    AgencyNames,
    agencies_in_hierarchy,
    agencies_named,
    agency_label,
    agency_public_assignments,
    agency_resolve,
    on_time_rate,
)
from core.choices import Status, Visibility
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("สธ.", "MOPH"),
        ("สธ", "MOPH"),
        ("ส.ธ.", "MOPH"),
        (" สธ .", "MOPH"),
        ("กระทรวงสาธารณสุข", "MOPH"),
        ("กระทรวง สาธารณสุข", "MOPH"),
        ("สาธารณสุข", "MOPH"),
        ("Ministry of Public Health", "MOPH"),
        ("ministry of public health", "MOPH"),
        ("Public Health", "MOPH"),
        ("moph", "MOPH"),
        ("MOPH", "MOPH"),
        ("ส\u200bธ.", "MOPH"),
        ("\ufeffกระทรวงสาธารณ\u200cสุข\u200d", "MOPH"),
        ("กระทรวงการคลัง", "MOF"),
        ("กค.", "MOF"),
        ("มท", "MOI"),
        ("มท.", "MOI"),
        ("Ministry of Education", "MOE"),
        ("Ministry of Interior", "MOI"),
        ("Ministry of the Interior", "MOI"),
        ("กรมควบคุมโรค", "DDC"),
        ("คร.", "DDC"),
        ("สพฐ.", "OBEC"),
        ("ก.พ.", "OCSC"),
        ("กพ.", "OCSC"),
        ("ก.พ.ร.", "OPDC"),
        ("กพร.", "DSD"),
        ("สภาพัฒน์", "NESDC"),
        ("สศช.", "NESDC"),
        ("ป.ป.ช.", "NACC"),
        ("ปปช", "NACC"),
        ("กระทรวงเทคโนโลยีสารสนเทศและการสื่อสาร", "MDES"),
        ("DOH", "DOH"),
        ("กรมทางหลวง", "DHWY"),
        ("การทำ", None),
    ],
)
def test_the_resolver_finds_an_agency_from_the_names_officials_write(typed, code):
    found = agency_resolve(typed)
    assert (found.code if found else None) == code


def test_thai_digits_and_a_decomposed_sara_am_are_the_same_name():
    Agency.objects.create(code="R9", name_th="ศูนย์ปฏิบัติการที่ 9 ประจำจังหวัด", short_name_th="ศปก.9")
    assert agency_resolve("ศูนย์ปฏิบัติการที่ ๙ ประจําจังหวัด").code == "R9"
    assert agency_resolve("ศปก.๙").code == "R9"


def test_a_name_that_fits_two_agencies_loosely_is_ambiguous_not_guessed():
    assert [agency.code for agency in AgencyNames().matches("กพร")] == ["DSD", "OPDC"]
    assert agency_resolve("กพร") is None


def test_an_unknown_name_names_the_closest_agencies():
    names = AgencyNames()
    assert names.matches("กระทรวงสาธารณะสุข") == []
    assert names.closest("กระทรวงสาธารณะสุข")[0].code == "MOPH"
    assert names.closest("กรมชลประธาน")[0].code == "RID"
    assert names.closest("กรมลึกลับ") == []


def test_an_agency_added_to_the_names_is_found_at_once():
    names = AgencyNames()
    assert names.resolve("ศูนย์ทดสอบใหม่") is None
    names.add(Agency.objects.create(code="NEW1", name_th="ศูนย์ทดสอบใหม่", short_name_th="ศทม."))
    assert names.resolve("ศทม").code == "NEW1"


def test_agencies_named_gives_every_agency_an_ambiguous_name_fits():
    assert [agency.code for agency in agencies_named("กพร")] == ["DSD", "OPDC"]
    assert [agency.code for agency in agencies_named("สธ.")] == ["MOPH"]
    assert agencies_named("   ") == []


def test_a_label_puts_the_short_name_after_the_thai_name():
    assert agency_label(Agency(name_th="กระทรวงสาธารณสุข", short_name_th="สธ.")) == "กระทรวงสาธารณสุข (สธ.)"
    assert agency_label(Agency(name_th="หน่วยงานใหม่", short_name_th="")) == "หน่วยงานใหม่"


def test_an_agencys_public_assignments_are_on_published_public_items_of_the_language_latest_first():
    moph = builders.agency("MOPH")
    older = builders.directive("นร 1/2569", moph)
    policy = builders.policy("นโยบายสุขภาพ", moph)
    builders.directive("นร 2/2569", moph, visibility=Visibility.INTERNAL)
    builders.directive("นร 3/2569", moph, live=False)
    builders.directive("นร 4/2569", builders.agency("MOI"))
    older.save_revision().publish()
    thai = Locale.objects.get(language_code="th")
    found = agency_public_assignments(agency=moph, locale=thai)
    assert [assignment.page.pk for assignment in found] == [older.pk, policy.pk]
    assert agency_public_assignments(agency=moph, locale=Locale.objects.get(language_code="en")) == []


def _assignment(status, deadline=None, completed_on=None):
    return SimpleNamespace(status=status, deadline=deadline, completed_on=completed_on)


def test_the_on_time_rate_counts_completed_work_by_its_deadline_among_the_work_due():
    today = datetime.date(2026, 6, 1)
    assignments = [
        _assignment(Status.COMPLETED, datetime.date(2026, 3, 1), datetime.date(2026, 2, 1)),
        _assignment(Status.COMPLETED, datetime.date(2026, 3, 1), datetime.date(2026, 4, 1)),
        _assignment(Status.COMPLETED),
        _assignment(Status.DELAYED, datetime.date(2026, 5, 1)),
        # Neither due yet nor no longer pursued: not counted.
        _assignment(Status.ON_TRACK, datetime.date(2026, 9, 1)),
        _assignment(Status.NOT_PURSUED, datetime.date(2026, 1, 1)),
    ]
    assert on_time_rate(assignments, today=today) == 2 / 4


def test_there_is_no_on_time_rate_before_anything_is_due():
    today = datetime.date(2026, 6, 1)
    assert on_time_rate([_assignment(Status.ON_TRACK, datetime.date(2026, 9, 1))], today=today) is None
    assert on_time_rate([], today=today) is None


def _agency(pk, name, parent=None):
    return SimpleNamespace(pk=pk, name=name, parent_id=parent)


def test_agencies_read_as_a_tree_in_thai_dictionary_order_at_every_level():
    agencies = [
        _agency(1, "สำนักนายกรัฐมนตรี"),
        _agency(2, "กระทรวงแรงงาน"),
        _agency(3, "กระทรวงยุติธรรม"),
        _agency(4, "กรมการจัดหางาน", parent=2),
        _agency(5, "กรมสวัสดิการและคุ้มครองแรงงาน", parent=2),
        _agency(6, "กองหนึ่ง", parent=5),
        _agency(7, "เอกเทศ", parent=99),
        _agency(8, "กรมคุมประพฤติ", parent=3),
    ]
    with translation.override("th"):
        ordered = [(agency.pk, depth) for agency, depth in agencies_in_hierarchy(reversed(agencies))]
    # A leading vowel is read after its consonant; a parent not among them makes a top-level body.
    assert ordered == [(3, 0), (8, 1), (2, 0), (4, 1), (5, 1), (6, 2), (1, 0), (7, 0)]


def test_agencies_that_are_each_others_ancestors_are_still_listed():
    agencies = [_agency(1, "ก", parent=2), _agency(2, "ข", parent=1), _agency(3, "ค")]
    assert [agency.pk for agency, _ in agencies_in_hierarchy(agencies)] == [3, 1, 2]
