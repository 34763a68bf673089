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

from django.core.files.base import ContentFile
from django.db import reset_queries, transaction
from django.utils import timezone
from tqdm import tqdm
from wagtail.documents import get_document_model
from wagtail.models import Collection, Locale

from agencies.models import Agency
from core.bulk import BulkIds, new_page, page_history, pages_index, pages_insert
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
        self.agencies = dict(Agency.objects.values_list("code", "pk"))
        self.occasions = {}
        for key, _, title_th, _, day, _ in data.OCCASIONS:
            self.occasions[key] = (
                Occasion.objects.filter(title_th=title_th, date=day).values_list("pk", flat=True).first()
            )
        self.policies = {p.number: p for p in PolicyPage.objects.filter(locale=self.thai)}
        self.evidence = self._evidence_document()
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
        page = new_page(
            DirectivePage,
            ids=ids,
            parent=self.index,
            slug=spec.slug,
            title=spec.title_th,
            locale_id=self.thai.pk,
            translation_key=uuid.uuid5(_KEY_NAMESPACE, spec.reference),
            owner_id=self.owner_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
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
                    id=ids.take(DirectiveAssignment),
                    page_id=page.pk,
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
        published_at = self._update_published_at(spec)
        page = new_page(
            ProgressUpdatePage,
            ids=self._ids,
            parent=directive,
            slug=f"{spec.agency.lower()}-{spec.period_end:%Y%m%d}",
            title=spec.title,
            locale_id=self.thai.pk,
            translation_key=uuid.uuid5(_KEY_NAMESPACE, f"{directive.reference}/{number}"),
            owner_id=self.owner_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
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
                    id=self._ids.take(UpdateEvidence),
                    page_id=page.pk,
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
            revision, page_logs, page_references = page_history(
                page,
                ids=self._ids,
                at=page._published_at,
                user_id=self.owner_id,
                actions=[("wagtail.create", False), ("wagtail.publish", True)],
            )
            revisions.append(revision)
            logs += page_logs
            references += page_references
        pages_insert(
            {DirectivePage: directives, ProgressUpdatePage: updates},
            revisions=revisions,
            logs=logs,
            references=references,
            children={
                DirectiveAssignment: [a for d in directives for a in d.assignments.all()],
                UpdateEvidence: [e for u in updates for e in u.evidence.all()],
                self.policy_through: [
                    self.policy_through(directivepage_id=d.pk, policypage_id=p.pk)
                    for d in directives
                    for p in d.related_policies.all()
                ],
            },
        )

        started = time.monotonic()
        pages_index({DirectivePage: directives, ProgressUpdatePage: updates})
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
            # None: no bar when the output is not a terminal, where \r updates would make one endless line.
            disable=None if self.show_progress else True,
            smoothing=0.1,
        )
        pages = 0
        with bar:
            for batch_start in range(first, last + 1, self.batch_size):
                numbers = range(batch_start, min(batch_start + self.batch_size, last + 1))
                with transaction.atomic():
                    self._ids = BulkIds([DirectiveAssignment, UpdateEvidence])
                    pages += self._write_batch(numbers)
                    self._ids.reset_sequences()
                # With DEBUG on, Django keeps the last 9000 queries: multi-megabyte bulk INSERTs here.
                reset_queries()
                bar.update(len(numbers))
                bar.set_postfix(pages=pages, pages_per_s=f"{pages / (time.monotonic() - started):.0f}")
        self.result.seconds = time.monotonic() - started
        return self.result
