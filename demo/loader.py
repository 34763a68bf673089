"""
Loads the default demo data set (``demo.plan.demo_plan``) through Wagtail's own APIs, the
way the admin would: pages are added as drafts, revisions saved, updates submitted to their workflow
and approved or sent back task by task, so the audit log, the moderation queues and the derived
statuses are exactly what real use would leave behind. Whatever already exists is left alone.
"""

from collections import Counter
from contextlib import contextmanager
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from tqdm import tqdm
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail.search.index import get_indexed_models
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

from agencies.models import Agency, Membership
from agencies.reference import agencies_load, reference_agencies
from agencies.services import membership_grant
from complaints.models import ComplaintIndexPage
from core.choices import Status
from core.models import ModerationSettings
from core.roles import Role
from directives.models import DirectiveAssignment, DirectiveIndexPage, DirectivePage, Occasion
from foreign.models import ForeignIndexPage
from home.models import HomePage
from home.skeleton import skeleton_create
from notifications import signals as notifications
from policies.models import PolicyAssignment, PolicyIndexPage, PolicyIndicator, PolicyPage
from reports.models import ExecutiveSummaryIndexPage
from updates.models import IndicatorValue, ProgressUpdatePage, UpdateEvidence
from updates.services import update_check

from . import data
from .complaints import load_complaints
from .foreign import load_foreign_commitments
from .plan import (
    AT_AGENCY,
    AT_PMO,
    DRAFT,
    REJECTED_BY_AGENCY,
    REJECTED_BY_PMO,
    DemoPlan,
    DirectiveSpec,
    PolicySpec,
    UpdateSpec,
)
from .summaries import load_executive_summaries

INDEX_MODELS = (PolicyIndexPage, DirectiveIndexPage, ComplaintIndexPage, ForeignIndexPage, ExecutiveSummaryIndexPage)


@contextmanager
def deferred_indexing():
    """
    Update the search index and Wagtail's reference index once per object at the end, instead of
    after each of the several saves a page goes through on its way to publication. Must run inside
    the transaction, so that a failure leaves neither the data nor the index entries behind.
    """
    saved = {}

    def collect(sender, instance, raw=False, **kwargs):
        if not raw:
            saved.setdefault(sender, set()).add(instance.pk)

    models = [m for m in get_indexed_models() if getattr(m, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_save.connect(collect, sender=model, weak=False)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in models:
            post_save.disconnect(collect, sender=model)
            post_save.connect(post_save_signal_handler, sender=model)

    backends = list(get_search_backends(with_auto_update=True))
    for model, pks in saved.items():
        objects = list(model.get_indexed_objects().filter(pk__in=pks))
        for backend in backends:
            backend.add_bulk(model, objects)
        if ReferenceIndex.is_indexed(model):
            for obj in objects:
                ReferenceIndex.create_or_update_for_object(obj)


class DemoDataError(Exception):
    """The database is not ready for the demo data (e.g. not migrated)."""


def _string_pairs(thai, english) -> list[tuple[str, str]]:
    """
    The strings wagtail-localize takes from a Thai field value, each with its English counterpart from the
    English value (a rich text paragraph by paragraph, a plain text whole), as translation-memory data.
    """
    if isinstance(thai, str) and thai.lstrip().startswith("<"):
        thai_strings = [string.data for string, _attrs in extract_strings(thai)[1]]
        english_strings = [string.data for string, _attrs in extract_strings(english)[1]]
        return list(zip(thai_strings, english_strings, strict=False))
    return [(StringValue.from_plaintext(str(thai)).data, StringValue.from_plaintext(str(english)).data)]


def _username(role: str, agency_code: str) -> str:
    return f"{role}_{agency_code.lower().replace('-', '_')}"


class DemoLoader:
    """Creates whatever part of the demo plan is missing; ``created`` counts what it added."""

    def __init__(self, plan: DemoPlan, *, progress_file=None, show_progress: bool = True):
        self.plan = plan
        self.progress_file = progress_file
        self.show_progress = show_progress
        self.created = Counter()
        self.password_hash = None

    def _progress(self, iterable, description: str, total: int | None = None):
        return tqdm(
            iterable,
            desc=description,
            total=total,
            unit="item",
            file=self.progress_file,
            # None: no bar when the output is not a terminal, where \r updates would make one endless line.
            disable=None if self.show_progress else True,
            leave=False,
        )

    # --- preconditions and reference data ---

    def _check_ready(self):
        self.thai = Locale.objects.filter(language_code="th").first()
        self.english = Locale.objects.filter(language_code="en").first()
        home = HomePage.objects.filter(locale=self.thai).first() if self.thai else None
        settings = ModerationSettings.load()
        if home is None or self.english is None:
            raise DemoDataError(
                "The Thai and English locales and the Thai home page are missing: run `manage.py migrate`."
            )
        if settings.update_workflow is None:
            raise DemoDataError(
                "No progress update workflow is set in the moderation settings: run `manage.py migrate`."
            )
        missing = set(Role.values) - set(Group.objects.filter(name__in=Role.values).values_list("name", flat=True))
        if missing:
            raise DemoDataError(f"The role groups {', '.join(sorted(missing))} are missing: run `manage.py migrate`.")

    def load_agencies(self):
        """The demo's agencies, from the government's agency list (loaded here too if migrations did not)."""
        report = agencies_load(rows=reference_agencies())
        self.created["agencies"] += len(report.created)
        self.agencies = {agency.code: agency for agency in Agency.objects.filter(code__in=data.DEMO_AGENCIES)}

    def load_occasions(self):
        self.occasions = {}
        for key, kind, title_th, title_en, day, location in data.OCCASIONS:
            self.occasions[key], created = Occasion.objects.get_or_create(
                title_th=title_th, date=day, defaults={"kind": kind, "title_en": title_en, "location": location}
            )
            self.created["occasions"] += created

    def _user(self, username: str, first_name: str, last_name: str, *, staff: bool = False, superuser: bool = False):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        if self.password_hash is None:
            # Hashing is deliberately slow: hash the shared demo password once.
            self.password_hash = make_password(data.DEMO_PASSWORD)
        user = User.objects.create(
            username=username,
            password=self.password_hash,
            first_name=first_name,
            last_name=last_name,
            email=f"{username}@{data.DEMO_EMAIL_DOMAIN}",
            is_staff=staff,
            is_superuser=superuser,
        )
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "th"
        profile.save()
        self.created["users"] += 1
        return user

    def load_users(self):
        self.users = {}
        for username, role, agency_code, first_name, last_name, staff in data.USERS:
            user = self._user(username, first_name, last_name, staff=staff, superuser=role is None)
            if agency_code:
                membership = Membership.Role.REPORTER if role == Role.AGENCY_REPORTER else Membership.Role.APPROVER
                membership_grant(user=user, agency=self.agencies[agency_code], role=membership)
            elif role:
                user.groups.add(Group.objects.get(name=role))
            self.users[username] = user
        self.coordinator = self.users["coordinator"]
        self.translator = self.users["translator"]

    def agency_users(self, code: str):
        """The reporter and approver of an agency, created for any agency that reports in the demo."""
        names = sorted(data.FIRST_NAMES), sorted(data.LAST_NAMES)
        index = sorted(self.agencies).index(code)
        pair = []
        for n, (role, membership) in enumerate(
            [("reporter", Membership.Role.REPORTER), ("approver", Membership.Role.APPROVER)]
        ):
            username = _username(role, code)
            user = self.users.get(username)
            if user is None:
                user = self._user(
                    username, names[0][(2 * index + n) % len(names[0])], names[1][(3 * index + n) % len(names[1])]
                )
                membership_grant(user=user, agency=self.agencies[code], role=membership)
                self.users[username] = user
            pair.append(user)
        return pair

    # --- pages ---

    def _add_page(self, parent, page, *, user, publish: bool):
        """Add ``page`` under ``parent`` as the admin does: a draft, its first revision, then publication."""
        page.live = False
        page.owner = user
        parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish:
            revision.publish(user=user)
            page.refresh_from_db()
        return page

    def _translate(self, page, *, title: str, **fields):
        """
        The English translation of a Thai page, made as an editor makes one: submitted to wagtail-localize
        (a ``TranslationSource`` and a ``Translation``), its strings translated, then published. It opens in
        wagtail-localize's translation editor, and its synchronised fields are the Thai page's.
        """
        translation = page.get_translation_or_none(self.english)
        if translation is not None:
            return translation
        source, _created = TranslationSource.get_or_create_from_instance(page)
        english = {"title": title, **fields}
        pairs = {
            (name, thai): translated
            for name, value in english.items()
            for thai, translated in _string_pairs(getattr(page, name), value)
        }
        for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
            translated = pairs.get((segment.context.path.split(".")[0], segment.string.data))
            if translated is not None:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=self.english,
                    context=segment.context,
                    defaults={"data": translated, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
                )
        Translation.objects.get_or_create(source=source, target_locale=self.english)[0].save_target(
            user=self.translator, publish=False
        )
        translation = page.get_translation(self.english)
        translation.get_latest_revision().publish(user=self.coordinator)
        translation.refresh_from_db()
        self.created["translations"] += 1
        return translation

    def load_index_pages(self):
        """The skeleton's Thai index pages (``home.skeleton``), made again first where an editor deleted one."""
        self.created["pages"] += skeleton_create(apps=apps)
        self.index_pages = {
            model: model.objects.filter(locale=self.thai).order_by("path").first() for model in INDEX_MODELS
        }

    def _policy(self, spec: PolicySpec, parent) -> tuple[PolicyPage, bool]:
        existing = PolicyPage.objects.filter(locale=self.thai, number=spec.number).first()
        if existing is not None:
            return existing, False
        page = PolicyPage(
            title=spec.title_th,
            slug=spec.slug,
            number=spec.number,
            category=spec.category,
            summary=spec.summary_th,
            body=spec.body_th,
            period_start=spec.period_start,
            period_end=spec.period_end,
        )
        page.assignments = [
            PolicyAssignment(agency=self.agencies[a.agency], role=a.role, deadline=a.deadline, sort_order=i)
            for i, a in enumerate(spec.assignments)
        ]
        page.indicators = [
            PolicyIndicator(
                name=name,
                name_en=data.INDICATORS_EN.get(name, ""),
                unit=unit,
                unit_en=data.UNITS_EN.get(unit, ""),
                baseline=Decimal(str(baseline)),
                target=Decimal(str(target)),
                target_date=spec.period_end,
                sort_order=i,
            )
            for i, (name, unit, baseline, target) in enumerate(spec.indicators)
        ]
        self._add_page(parent, page, user=self.coordinator, publish=spec.publish)
        self.created["pages"] += 1
        return page, True

    def _directive(self, spec: DirectiveSpec) -> tuple[DirectivePage, bool]:
        existing = DirectivePage.objects.filter(locale=self.thai, reference=spec.reference).first()
        if existing is not None:
            return existing, False
        page = DirectivePage(
            title=spec.title_th,
            slug=spec.slug,
            reference=spec.reference,
            issued_on=spec.issued_on,
            occasion=self.occasions[spec.occasion] if spec.occasion else None,
            track=spec.track,
            priority=spec.priority,
            visibility=spec.visibility,
            body=spec.body_th,
        )
        page.assignments = [
            DirectiveAssignment(agency=self.agencies[a.agency], role=a.role, deadline=a.deadline, sort_order=i)
            for i, a in enumerate(spec.assignments)
        ]
        page.related_policies = [self.policies[number] for number in spec.policies]
        self._add_page(self.index_pages[DirectiveIndexPage], page, user=self.coordinator, publish=spec.publish)
        self.created["pages"] += 1
        return page, True

    def _evidence(self, update: UpdateSpec, user):
        Document = get_document_model()
        text = (
            f"{update.title}\n\n{update.summary}\n\n"
            "เอกสารนี้สร้างขึ้นโดยอัตโนมัติสำหรับข้อมูลสาธิตของระบบ PM1\n"
            "Generated evidence for the PM1 demo data.\n"
        )
        document = Document(
            title=f"หลักฐานประกอบ: {update.title}",
            collection=Collection.get_first_root_node(),
            uploaded_by_user=user,
        )
        document.file.save(
            f"evidence-{update.agency.lower()}-{update.period_end:%Y%m%d}.txt",
            ContentFile(text.encode("utf-8")),
            save=False,
        )
        document._set_document_file_metadata()
        document.save()
        self.created["documents"] += 1
        return document

    def _update(self, item, spec: UpdateSpec):
        """One progress update, taken through the two-level workflow as far as its state says."""
        reporter, approver = self.agency_users(spec.agency)
        agency = self.agencies[spec.agency]
        indicators = list(item.indicators.all()) if isinstance(item, PolicyPage) else []
        update_check(
            item=item,
            agency=agency,
            period_start=spec.period_start,
            period_end=spec.period_end,
            status_claim=spec.status,
            status_reason=spec.reason,
            evidence_count=int(spec.status == Status.COMPLETED),
            indicator_ids=[i.pk for i in indicators],
        )
        page = ProgressUpdatePage(
            title=spec.title,
            slug=f"{spec.agency.lower()}-{spec.period_end:%Y%m%d}",
            agency=agency,
            period_start=spec.period_start,
            period_end=spec.period_end,
            status_claim=spec.status,
            percent_complete=spec.percent,
            status_reason=spec.reason,
            narrative=spec.narrative,
            public_summary=spec.summary,
        )
        if spec.status == Status.COMPLETED:
            page.evidence = [
                UpdateEvidence(document=self._evidence(spec, reporter), caption="หลักฐานการดำเนินงาน", sort_order=0)
            ]
        page.indicator_values = [
            IndicatorValue(
                indicator=indicator,
                value=(indicator.baseline + (indicator.target - indicator.baseline) * spec.percent / 100).quantize(
                    Decimal("0.01")
                ),
                sort_order=i,
            )
            for i, indicator in enumerate(indicators)
            if indicator.baseline is not None and indicator.target is not None
        ]
        self._add_page(item, page, user=reporter, publish=False)
        self.created["updates"] += 1
        if spec.state == DRAFT:
            return page
        page.get_workflow().start(page, reporter)
        if spec.state == AT_AGENCY:
            return page
        task_state = page.current_workflow_state.current_task_state.specific
        if spec.state == REJECTED_BY_AGENCY:
            task_state.reject(user=approver, comment=spec.comment)
            return page
        task_state.approve(user=approver, comment="ตรวจสอบแล้ว เห็นชอบให้เสนอสำนักนายกรัฐมนตรี")
        if spec.state == AT_PMO:
            return page
        task_state = page.current_workflow_state.current_task_state.specific
        if spec.state == REJECTED_BY_PMO:
            task_state.reject(user=self.coordinator, comment=spec.comment)
            return page
        # The last approval finishes the workflow, which publishes the update; publishing rolls the
        # item's status up (updates.signals).
        task_state.approve(user=self.coordinator)
        return page

    def load_items(self):
        """The policy tree and the directives; ``new_items`` keeps those created now, for their updates."""
        policy_index = self.index_pages[PolicyIndexPage]
        self.policies = {}
        self.new_items = new_items = []
        for spec in self._progress(self.plan.policies, "policies"):
            parent = self.policies[spec.parent] if spec.parent else policy_index
            page, created = self._policy(spec, parent)
            self.policies[spec.number] = page
            if created:
                new_items.append((page, spec))
        for spec in self._progress(self.plan.directives, "directives"):
            page, created = self._directive(spec)
            if created:
                new_items.append((page, spec))

    def load_updates(self):
        total = sum(len(spec.updates) for _, spec in self.new_items)
        with self._progress(None, "progress updates", total=total) as bar:
            for page, spec in self.new_items:
                for update in spec.updates:
                    self._update(page, update)
                    bar.update()

    def load_translations(self):
        for spec in self.plan.policies:
            page = self.policies[spec.number].specific
            if page.live and page.is_public:
                self._translate(page, title=spec.title_en, summary=spec.summary_en, body=spec.body_en)
        directives = {
            d.reference: d for d in DirectivePage.objects.filter(locale=self.thai, live=True, visibility="public")
        }
        for spec in self._progress(self.plan.directives, "translations"):
            page = directives.get(spec.reference)
            if page is None or page.has_translation(self.english):
                continue
            # Its related policies are their English translations (``core.translation``).
            self._translate(page, title=spec.title_en, body=spec.body_en)

    def run(self) -> Counter:
        self._check_ready()
        with notifications.muted(), transaction.atomic(), deferred_indexing():
            self.load_agencies()
            self.load_occasions()
            self.load_users()
            self.load_index_pages()
            self.load_items()
            # Translations before updates: publishing an English translation re-derives the item's
            # statuses from the updates under the *English* page (updates.services.item_refresh_status
            # takes the parent's locale for the source), which would reset them to "not started".
            self.load_translations()
            self.load_updates()
            load_complaints(self)
            load_foreign_commitments(self)
            self.created["pages"] += load_executive_summaries(
                index=self.index_pages[ExecutiveSummaryIndexPage], user=self.coordinator, translator=self.translator
            )
        return self.created
