"""
The bulk path of ``load_demo --scale N``: tens of thousands of published directives with their progress
updates, written in batches without going through ``add_child`` and ``save_revision`` page by page
(3-9 pages/s, see PEER.md).

Each batch writes genuine Wagtail pages: treebeard materialised paths, depths and child counts; url
paths; the ``wagtailcore_page`` rows and the child-table rows of the multi-table inheritance; one
published revision per page holding the page's serialisable data (so the admin edits and republishes
them like any other page); assignments with their statuses derived from the latest published update
and rolled up by ``core.status.status_rollup``; "create" and "publish" audit-log entries; the reference
index; and the search index entries, through the configured search backend's bulk add.
"""

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.db import connection, reset_queries, transaction
from django.db.models import F, Max
from django.utils import timezone
from tqdm import tqdm
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from agencies.models import Agency
from core.choices import Status
from core.status import status_rollup
from directives.models import DirectiveAssignment, DirectiveIndexPage, DirectivePage, Occasion
from policies.models import PolicyPage
from updates.models import ProgressUpdatePage, UpdateEvidence

from . import data
from .plan import GENERATED_PREFIX, generated_directive

EVIDENCE_TITLE = "หลักฐานประกอบรายงานความก้าวหน้า (ข้อมูลทดสอบประสิทธิภาพ)"
_KEY_NAMESPACE = uuid.UUID("5b0d9c3e-8f61-4c8e-9a55-2f0e6f1d2569")
_MAX_NUMBER = 999_999


class BulkGenerationError(Exception):
    """The database is not ready for generated directives."""


@dataclass
class BulkResult:
    """What a ``--scale`` run wrote, and how long it took (search indexing included)."""

    directives: int = 0
    updates: int = 0
    seconds: float = 0.0
    index_seconds: float = 0.0
    first_reference: str = ""
    last_reference: str = ""

    @property
    def pages(self) -> int:
        return self.directives + self.updates


def _segment(number: int) -> str:
    """One treebeard path step: ``number`` in base 36, zero-padded to the step length."""
    alphabet, steplen = Page.alphabet, Page.steplen
    digits = ""
    while number:
        number, rest = divmod(number, len(alphabet))
        digits = alphabet[rest] + digits
    if len(digits) > steplen:
        raise BulkGenerationError("The directive index page has no room for more children.")
    return digits.rjust(steplen, alphabet[0])


def _next_id(model) -> int:
    return (model._base_manager.aggregate(top=Max("pk"))["top"] or 0) + 1


def _insert(model, objects, fields):
    """INSERT rows for ``objects`` into ``model``'s own table only (its parents are written separately)."""
    if not objects:
        return
    batch = max(1, connection.ops.bulk_batch_size(fields, objects))
    for start in range(0, len(objects), batch):
        model._base_manager._insert(objects[start : start + batch], fields=fields, using=connection.alias)


class BulkDirectiveGenerator:
    """Appends generated, published directives to the Thai directive index page, in batches."""

    def __init__(
        self, *, seed: int, batch_size: int = 2000, progress_file=None, show_progress: bool = True, owner=None
    ):
        self.seed = seed
        self.batch_size = batch_size
        self.progress_file = progress_file
        self.show_progress = show_progress
        self.owner_id = owner.pk if owner is not None else None
        self.result = BulkResult()
        self._ids = None

    # --- what every batch needs ---

    def _prepare(self):
        self.thai = Locale.objects.get(language_code="th")
        self.index = DirectiveIndexPage.objects.filter(locale=self.thai).first()
        if self.index is None:
            raise BulkGenerationError("There is no Thai directive index page: load the demo data first.")
        self.page_type = ContentType.objects.get_for_model(Page)
        self.directive_type = ContentType.objects.get_for_model(DirectivePage)
        self.update_type = ContentType.objects.get_for_model(ProgressUpdatePage)
        self.agencies = dict(Agency.objects.values_list("code", "pk"))
        self.occasions = {}
        for key, _, title_th, _, day, _ in data.OCCASIONS:
            self.occasions[key] = (
                Occasion.objects.filter(title_th=title_th, date=day).values_list("pk", flat=True).first()
            )
        self.policies = {p.number: p for p in PolicyPage.objects.filter(locale=self.thai)}
        self.evidence = self._evidence_document()
        self.page_fields = Page._meta.local_concrete_fields
        self.directive_fields = DirectivePage._meta.local_concrete_fields
        self.update_fields = ProgressUpdatePage._meta.local_concrete_fields
        self.policy_through = DirectivePage.related_policies.through
        self.now = timezone.now()

    def _evidence_document(self):
        Document = get_document_model()
        document = Document.objects.filter(title=EVIDENCE_TITLE).first()
        if document is None:
            document = Document(title=EVIDENCE_TITLE, collection=Collection.get_first_root_node())
            document.file.save(
                "generated-evidence.txt",
                ContentFile("หลักฐานประกอบสำหรับข้อมูลทดสอบประสิทธิภาพของระบบ PM1\n".encode()),
                save=False,
            )
            document._set_document_file_metadata()
            document.save()
        return document

    def _next_number(self) -> int:
        last = (
            DirectivePage.objects.filter(reference__startswith=GENERATED_PREFIX)
            .order_by("-reference")
            .values_list("reference", flat=True)
            .first()
        )
        return int(last.removeprefix(GENERATED_PREFIX)) + 1 if last else 1

    def _published_at(self, day, hour: int) -> datetime:
        moment = timezone.make_aware(datetime.combine(day, clock_time(hour)))
        return min(moment, self.now)

    # --- one batch ---

    def _directive(self, spec) -> DirectivePage:
        """An unsaved, published directive page with its assignments, statuses and related policies."""
        published_at = self._published_at(spec.issued_on, 10)
        ids = self._ids
        page_id = ids.page()
        page = DirectivePage(
            id=page_id,
            page_ptr_id=page_id,
            path=self.index.path + _segment(ids.child()),
            depth=self.index.depth + 1,
            numchild=len(spec.updates),
            url_path=f"{self.index.url_path}{spec.slug}/",
            slug=spec.slug,
            title=spec.title_th,
            draft_title=spec.title_th,
            content_type_id=self.directive_type.pk,
            locale_id=self.thai.pk,
            translation_key=uuid.uuid5(_KEY_NAMESPACE, spec.reference),
            owner_id=self.owner_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            latest_revision_created_at=published_at,
            reference=spec.reference,
            issued_on=spec.issued_on,
            occasion_id=self.occasions.get(spec.occasion) if spec.occasion else None,
            track=spec.track,
            priority=spec.priority,
            visibility=spec.visibility,
            body=spec.body_th,
        )
        # The statuses the page_published handler would derive: each assignment from its agency's
        # latest published update, the item rolled up from its assignments.
        latest = {}
        for update in sorted(spec.updates, key=lambda u: u.period_end):
            latest[update.agency] = update
        assignments = []
        for i, a in enumerate(spec.assignments):
            update = latest.get(a.agency)
            status = update.status if update else Status.NOT_STARTED
            completed_on = None
            if status == Status.COMPLETED:
                completed_on = self._update_published_at(update).date()
            assignments.append(
                DirectiveAssignment(
                    id=ids.assignment(),
                    page_id=page_id,
                    agency_id=self.agencies[a.agency],
                    role=a.role,
                    deadline=a.deadline,
                    status=status,
                    completed_on=completed_on,
                    sort_order=i,
                )
            )
        page.status = status_rollup(a.status for a in assignments)
        # Child relations set in memory, so that serializable_data() needs no query.
        page.assignments = assignments
        page.related_policies = [self.policies[n] for n in spec.policies if n in self.policies]
        page.wagtail_admin_comments = []
        page._published_at = published_at
        return page

    def _update(self, directive: DirectivePage, number: int, spec) -> ProgressUpdatePage:
        """An unsaved, published progress update, child ``number`` of ``directive``."""
        page_id = self._ids.page()
        published_at = self._update_published_at(spec)
        slug = f"{spec.agency.lower()}-{spec.period_end:%Y%m%d}"
        page = ProgressUpdatePage(
            id=page_id,
            page_ptr_id=page_id,
            path=directive.path + _segment(number),
            depth=directive.depth + 1,
            numchild=0,
            url_path=f"{directive.url_path}{slug}/",
            slug=slug,
            title=spec.title,
            draft_title=spec.title,
            content_type_id=self.update_type.pk,
            locale_id=self.thai.pk,
            translation_key=uuid.uuid5(_KEY_NAMESPACE, f"{directive.reference}/{number}"),
            owner_id=self.owner_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            latest_revision_created_at=published_at,
            agency_id=self.agencies[spec.agency],
            period_start=spec.period_start,
            period_end=spec.period_end,
            status_claim=spec.status,
            percent_complete=spec.percent,
            status_reason=spec.reason,
            narrative=spec.narrative,
            public_summary=spec.summary,
        )
        page.evidence = []
        if spec.status == Status.COMPLETED:
            page.evidence = [
                UpdateEvidence(
                    id=self._ids.evidence(),
                    page_id=page_id,
                    document_id=self.evidence.pk,
                    caption="หลักฐานการดำเนินงาน",
                    sort_order=0,
                )
            ]
        page.indicator_values = []
        page.wagtail_admin_comments = []
        page._published_at = published_at
        return page

    def _update_published_at(self, spec) -> datetime:
        return self._published_at(spec.period_end + timedelta(days=5), 14)

    def _history(self, page):
        """The page's one published revision, its "create" and "publish" log entries and its references."""
        revision = Revision(
            id=self._ids.revision(),
            content_type_id=page.content_type_id,
            base_content_type_id=self.page_type.pk,
            object_id=str(page.pk),
            created_at=page._published_at,
            user_id=self.owner_id,
            object_str=page.title,
            content=page.serializable_data(),
        )
        page.latest_revision_id = page.live_revision_id = revision.id
        logs = [
            PageLogEntry(
                content_type_id=page.content_type_id,
                label=page.title,
                action=action,
                data={},
                timestamp=page._published_at,
                user_id=self.owner_id,
                page_id=page.pk,
                revision_id=revision.id if action == "wagtail.publish" else None,
                content_changed=True,
            )
            for action in ("wagtail.create", "wagtail.publish")
        ]
        # What ReferenceIndex.create_or_update_for_object() would record after a save.
        references = [
            ReferenceIndex(
                content_type_id=page.content_type_id,
                base_content_type_id=self.page_type.pk,
                object_id=str(page.pk),
                to_content_type_id=to_type,
                to_object_id=to_id,
                model_path=model_path,
                content_path=content_path,
                content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
            )
            for to_type, to_id, model_path, content_path in set(ReferenceIndex._extract_references_from_object(page))
        ]
        return revision, logs, references

    def _write_batch(self, numbers) -> int:
        """Write the directives ``numbers`` with their updates; return the number of pages written."""
        directives, updates = [], []
        for number in numbers:
            spec = generated_directive(number, self.seed)
            directive = self._directive(spec)
            directives.append(directive)
            updates += [self._update(directive, j, u) for j, u in enumerate(spec.updates, start=1)]
        pages = directives + updates
        revisions, logs, references = [], [], []
        for page in pages:
            revision, page_logs, page_references = self._history(page)
            revisions.append(revision)
            logs += page_logs
            references += page_references

        # Foreign keys are checked at commit on SQLite and PostgreSQL, so pages may point at revisions
        # written after them; within the multi-table inheritance the parent rows go first.
        _insert(Page, pages, self.page_fields)
        _insert(DirectivePage, directives, self.directive_fields)
        _insert(ProgressUpdatePage, updates, self.update_fields)
        Revision.objects.bulk_create(revisions, batch_size=500)
        DirectiveAssignment.objects.bulk_create([a for d in directives for a in d.assignments.all()], batch_size=1000)
        UpdateEvidence.objects.bulk_create([e for u in updates for e in u.evidence.all()], batch_size=1000)
        self.policy_through.objects.bulk_create(
            [
                self.policy_through(directivepage_id=d.pk, policypage_id=p.pk)
                for d in directives
                for p in d.related_policies.all()
            ],
            batch_size=1000,
        )
        PageLogEntry.objects.bulk_create(logs, batch_size=1000)
        ReferenceIndex.objects.bulk_create(references, batch_size=1000)
        Page.objects.filter(pk=self.index.pk).update(numchild=F("numchild") + len(directives))

        started = time.monotonic()
        for backend in get_search_backends(with_auto_update=True):
            backend.add_bulk(DirectivePage, directives)
            backend.add_bulk(ProgressUpdatePage, updates)
        self.result.index_seconds += time.monotonic() - started
        self.result.directives += len(directives)
        self.result.updates += len(updates)
        return len(pages)

    def run(self, count: int) -> BulkResult:
        started = time.monotonic()
        self._prepare()
        first = self._next_number()
        last = first + count - 1
        if last > _MAX_NUMBER:
            raise BulkGenerationError(f"The generated reference series ends at {GENERATED_PREFIX}{_MAX_NUMBER:06d}.")
        self.result.first_reference = f"{GENERATED_PREFIX}{first:06d}"
        self.result.last_reference = f"{GENERATED_PREFIX}{last:06d}"
        bar = tqdm(
            total=count,
            unit="directive",
            desc="generated directives",
            file=self.progress_file,
            disable=not self.show_progress,
            smoothing=0.1,
        )
        pages = 0
        with bar:
            for batch_start in range(first, last + 1, self.batch_size):
                numbers = range(batch_start, min(batch_start + self.batch_size, last + 1))
                with transaction.atomic():
                    self._ids = _Ids(self.index)
                    pages += self._write_batch(numbers)
                    self._ids.reset_sequences()
                # With DEBUG on, Django keeps the last 9000 queries: multi-megabyte bulk INSERTs here.
                reset_queries()
                bar.update(len(numbers))
                bar.set_postfix(pages=pages, pages_per_s=f"{pages / (time.monotonic() - started):.0f}")
        self.result.seconds = time.monotonic() - started
        return self.result


class _Ids:
    """
    Hands out primary keys for one batch, read inside the batch's transaction, so that pages, their
    revisions and their assignments can point at each other before any of them is written.
    """

    models = (Page, Revision, DirectiveAssignment, UpdateEvidence)

    def __init__(self, index):
        self._page = _next_id(Page)
        self._revision = _next_id(Revision)
        self._assignment = _next_id(DirectiveAssignment)
        self._evidence = _next_id(UpdateEvidence)
        last_child = (
            Page.objects.filter(path__startswith=index.path, depth=index.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        # Treebeard's alphabet is base 36's digits.
        self._child = int(last_child[-Page.steplen :], 36) if last_child else 0

    def _take(self, name):
        value = getattr(self, name)
        setattr(self, name, value + 1)
        return value

    def page(self):
        return self._take("_page")

    def revision(self):
        return self._take("_revision")

    def assignment(self):
        return self._take("_assignment")

    def evidence(self):
        return self._take("_evidence")

    def child(self):
        self._child += 1
        return self._child

    def reset_sequences(self):
        """Explicit keys leave PostgreSQL's sequences behind; SQLite's AUTOINCREMENT follows by itself."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
