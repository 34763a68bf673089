"""
Small builders for test data, through the same Wagtail APIs the admin uses, so tests exercise
real pages, revisions and workflows.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Locale, Page

from agencies.models import Agency
from agencies.services import membership_grant
from core.choices import Track, Visibility
from directives.models import DirectiveAssignment, DirectiveIndexPage, DirectivePage
from policies.models import PolicyIndexPage
from updates.models import ProgressUpdatePage, UpdateEvidence

PASSWORD = "pm1-test-password"


def home_page():
    return Page.objects.get(depth=2, locale=Locale.get_default()).specific


def agency(code, name=None):
    return Agency.objects.create(code=code, name_th=name or f"หน่วยงาน {code}", short_name_th=code)


def user(username, *, role=None, agency=None, membership=None):
    """A staff user in a role group (core.roles.Role) or an agency membership ("reporter"/"approver")."""
    account = get_user_model().objects.create_user(username, f"{username}@example.go.th", PASSWORD)
    if role is not None:
        account.groups.add(Group.objects.get(name=role))
    if membership is not None:
        membership_grant(user=account, agency=agency, role=membership)
    return account


def directive_index():
    index = DirectiveIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(instance=DirectiveIndexPage(title="ข้อสั่งการ", slug="directives"))
    return index


def policy_index():
    index = PolicyIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(instance=PolicyIndexPage(title="นโยบาย", slug="policies"))
    return index


def directive(reference, *agencies, visibility=Visibility.PUBLIC, live=True, deadline=None, track=Track.POLICY):
    page = DirectivePage(
        title=f"ข้อสั่งการ {reference}",
        slug=reference.lower().replace("/", "-").replace(" ", "-"),
        reference=reference,
        issued_on=datetime.date(2026, 1, 15),
        track=track,
        body="<p>เร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้</p>",
        visibility=visibility,
        live=live,
    )
    for position, assigned in enumerate(agencies):
        page.assignments.add(
            DirectiveAssignment(
                agency=assigned,
                role="lead" if position == 0 else "supporting",
                deadline=deadline or datetime.date(2026, 6, 30),
            )
        )
    directive_index().add_child(instance=page)
    page.save_revision().publish() if live else page.save_revision()
    return page


def evidence_document():
    return Document.objects.create(title="หลักฐาน", file=ContentFile(b"%PDF-1.4 evidence", name="evidence.pdf"))


def update(item, agency, *, status="on_track", percent=40, reason="เริ่มดำเนินการ", owner=None, evidence=False):
    page = ProgressUpdatePage(
        title=f"รายงาน {agency.code}",
        agency=agency,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 3, 31),
        status_claim=status,
        percent_complete=percent,
        status_reason=reason,
        narrative="<p>รายละเอียดภายใน</p>",
        public_summary="สรุปสำหรับประชาชน",
        live=False,
        owner=owner,
    )
    if evidence:
        page.evidence.add(UpdateEvidence(document=evidence_document()))
    item.add_child(instance=page)
    page.save_revision(user=owner)
    return page
