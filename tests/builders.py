"""
Small builders for test data, through the same Wagtail APIs the admin uses, so tests exercise
real pages, revisions and workflows.
"""

import datetime
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents.models import Document
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from agencies.models import Agency
from agencies.services import membership_grant
from core.choices import Track, Visibility
from directives.models import DirectiveAssignment, DirectiveIndexPage, DirectivePage, Occasion
from policies.models import PolicyAssignment, PolicyIndexPage, PolicyPage
from reports.models import ExecutiveSummaryIndexPage
from updates.models import ProgressUpdatePage, UpdateEvidence

PASSWORD = "pm1-test-password"


def home_page():
    return Page.objects.get(depth=2, locale=Locale.get_default()).specific


_UNSET = object()


def agency(code, name=None, *, name_en=_UNSET, short_name_th=None, short_name_en=_UNSET):
    """
    The agency with ``code``: the reference list's one (every database has it, by migration) with the
    names given here, or a new one. Names not given keep the list's values.
    """
    given = {"name_th": name, "name_en": name_en, "short_name_th": short_name_th, "short_name_en": short_name_en}
    given = {field: value for field, value in given.items() if value is not None and value is not _UNSET}
    existing = Agency.objects.filter(code=code).first()
    if existing is not None:
        for field, value in given.items():
            setattr(existing, field, value)
        existing.save()
        return existing
    return Agency.objects.create(
        code=code,
        name_th=given.get("name_th", f"หน่วยงาน {code}"),
        name_en=given.get("name_en", ""),
        short_name_th=given.get("short_name_th", code),
        short_name_en=given.get("short_name_en", ""),
    )


def user(username, *, role=None, agency=None, membership=None):
    """A staff user in a role group (core.roles.Role) or an agency membership ("reporter"/"approver")."""
    account = get_user_model().objects.create_user(username, f"{username}@example.go.th", PASSWORD)
    if role is not None:
        account.groups.add(Group.objects.get(name=role))
    if membership is not None:
        membership_grant(user=account, agency=agency, role=membership)
    return account


def staff_login(client, account):
    """Log the test client in as ``account`` has after the admin's login, two-step verification included."""
    client.force_login(account)
    device, _ = TOTPDevice.objects.get_or_create(user=account, confirmed=True, defaults={"name": "authenticator"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def index_page(model, language="th"):
    """The index page of ``model`` in ``language`` that migrate made (``home.skeleton``)."""
    return model.objects.get(locale__language_code=language)


def directive_index(language="th"):
    return index_page(DirectiveIndexPage, language)


def policy_index(language="th"):
    return index_page(PolicyIndexPage, language)


def summary_index(language="th"):
    return index_page(ExecutiveSummaryIndexPage, language)


def occasion(title, *, date=datetime.date(2026, 1, 13), kind=Occasion.Kind.CABINET):
    return Occasion.objects.create(title_th=title, date=date, kind=kind)


def directive(
    reference,
    *agencies,
    visibility=Visibility.PUBLIC,
    live=True,
    deadline=None,
    track=Track.POLICY,
    title=None,
    body="<p>เร่งรัดการฉีดวัคซีนในพื้นที่ภาคใต้</p>",
    issued_on=datetime.date(2026, 1, 15),
    occasion=None,
    policies=(),
):
    """A directive; the first agency leads, the others support."""
    page = DirectivePage(
        title=title or f"ข้อสั่งการ {reference}",
        slug=reference.lower().replace("/", "-").replace(" ", "-").replace(".", ""),
        reference=reference,
        issued_on=issued_on,
        occasion=occasion,
        track=track,
        body=body,
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
    if policies:
        page.related_policies = list(policies)
    directive_index().add_child(instance=page)
    page.save_revision().publish() if live else page.save_revision()
    return page


def policy(
    title,
    *agencies,
    slug=None,
    summary="",
    body="",
    number="",
    parent=None,
    visibility=Visibility.PUBLIC,
    live=True,
    period_start=datetime.date(2025, 10, 1),
    deadline=datetime.date(2027, 9, 30),
):
    """A policy (under the policy index, or under ``parent``); the first agency leads, the others support."""
    page = PolicyPage(
        title=title,
        slug=slug or f"policy-{PolicyPage.objects.count() + 1}",
        number=number,
        summary=summary,
        body=body,
        period_start=period_start,
        visibility=visibility,
        live=live,
    )
    for position, assigned in enumerate(agencies):
        page.assignments.add(
            PolicyAssignment(agency=assigned, role="lead" if position == 0 else "supporting", deadline=deadline)
        )
    (parent or policy_index()).add_child(instance=page)
    page.save_revision().publish() if live else page.save_revision()
    return page


def translate(page, language="en", **fields):
    """The published translation of ``page`` (parents copied as needed), with ``fields`` set on it."""
    translation = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    return type(translation).objects.get(pk=translation.pk)


def index_for_search():
    """
    Rebuild every search backend's index from the database and make it searchable now. Call it
    after building a test's pages: Elasticsearch is near-real-time and keeps documents between tests.
    """
    call_command("update_index", stdout=StringIO(), stderr=StringIO())
    refresh_search()


def refresh_search():
    """Make what was indexed as pages were saved searchable now, without rebuilding anything."""
    for backend in get_search_backends():
        backend.refresh_indexes()


def evidence_document():
    return Document.objects.create(title="หลักฐาน", file=ContentFile(b"%PDF-1.4 evidence", name="evidence.pdf"))


def update(
    item,
    agency,
    *,
    status="on_track",
    percent=40,
    reason="เริ่มดำเนินการ",
    owner=None,
    evidence=False,
    title=None,
    public_summary="สรุปสำหรับประชาชน",
    period=(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
    publish=False,
):
    """A progress update saved as a draft, or published at once (bypassing moderation) with ``publish``."""
    page = ProgressUpdatePage(
        title=title or f"รายงาน {agency.code}",
        agency=agency,
        period_start=period[0],
        period_end=period[1],
        status_claim=status,
        percent_complete=percent,
        status_reason=reason,
        narrative="<p>รายละเอียดภายใน</p>",
        public_summary=public_summary,
        live=False,
        owner=owner,
    )
    if evidence:
        page.evidence.add(UpdateEvidence(document=evidence_document()))
    item.add_child(instance=page)
    revision = page.save_revision(user=owner)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page
