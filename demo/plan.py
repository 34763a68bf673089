"""
The demo data set as plain specifications, built from ``demo.data`` with a seeded random
generator and no database access: the same seed always gives the same plan, so the loaders can skip
whatever already exists and a second run adds nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from agencies.reference import reference_agencies
from core.choices import Status
from core.thai import BE_OFFSET, english_date, thai_date
from updates.services import update_default_title

from . import data

#: Reference numbers of the directives ``load_demo --scale`` generates: a series of its own, so a
#: later run can continue the numbering.
GENERATED_PREFIX = "นร 0599/"
GENERATED_SLUG_PREFIX = "generated-"

# Moderation states of a progress update in the demo.
DRAFT = "draft"
AT_AGENCY = "agency"
AT_PMO = "pmo"
REJECTED_BY_AGENCY = "rejected_agency"
REJECTED_BY_PMO = "rejected_pmo"
PUBLISHED = "published"
UNPUBLISHED_STATES = [DRAFT, AT_AGENCY, AT_PMO, REJECTED_BY_AGENCY, REJECTED_BY_PMO]

#: Agencies whose demo reporters and approvers get work waiting in every moderation state.
DEMO_USER_AGENCIES = ("MOPH", "MOI", "MOAC")


@dataclass
class AgencyInfo:
    """What the directive and report text needs to know of an agency."""

    code: str
    name_th: str
    name_en: str
    short_th: str

    @property
    def name_en_with_article(self) -> str:
        return self.name_en if self.name_en.startswith("The ") else f"the {self.name_en}"


AGENCY_ROWS = {row.code: row for row in reference_agencies() if row.code in data.DEMO_AGENCIES}
AGENCIES = {
    code: AgencyInfo(row.code, row.name_th, row.name_en, row.short_name_th) for code, row in AGENCY_ROWS.items()
}
OCCASIONS = {
    key: (kind, title_th, title_en, day, location) for key, kind, title_th, title_en, day, location in data.OCCASIONS
}


@dataclass
class AssignmentSpec:
    """An agency's part in a directive or policy, with its deadline."""

    agency: str
    role: str  # "lead" or "supporting"
    deadline: date | None


@dataclass
class UpdateSpec:
    """One progress report, and how far through moderation the demo takes it (``state``)."""

    agency: str
    period_start: date
    period_end: date
    status: str
    percent: int
    reason: str
    summary: str
    narrative: str
    state: str = PUBLISHED
    comment: str = ""

    @property
    def title(self) -> str:
        # Named as the admin and the API name an update given no title, so the demo reads like real use.
        return update_default_title(agency=AGENCY_ROWS[self.agency], period_end=self.period_end, language="th")


@dataclass
class DirectiveSpec:
    """A directive in Thai and English, its assignments, related policy numbers and updates."""

    reference: str
    slug: str
    issued_on: date
    occasion: str | None
    track: str
    priority: str
    visibility: str
    title_th: str
    title_en: str
    body_th: str
    body_en: str
    assignments: list[AssignmentSpec]
    policies: list[str]
    publish: bool = True
    updates: list[UpdateSpec] = field(default_factory=list)


@dataclass
class PolicySpec:
    """A node of the policy tree (``parent`` is the parent's number), with indicators and updates."""

    number: str
    parent: str | None
    slug: str
    category: str
    title_th: str
    title_en: str
    summary_th: str
    summary_en: str
    body_th: str
    body_en: str
    period_start: date
    period_end: date
    assignments: list[AssignmentSpec]
    indicators: list[tuple]
    publish: bool = True
    updates: list[UpdateSpec] = field(default_factory=list)


@dataclass
class DemoPlan:
    """The whole default data set, in the order it is loaded."""

    policies: list[PolicySpec]
    directives: list[DirectiveSpec]

    @property
    def updates(self) -> list[UpdateSpec]:
        return [u for item in [*self.policies, *self.directives] for u in item.updates]


def _thai_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return " ".join(names[:-1]) + " และ" + names[-1]


def _english_list(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _directive_text(
    rng: random.Random,
    topic: dict,
    *,
    issued_on: date,
    occasion: str | None,
    lead: str,
    supporting: list[str],
    province: tuple[str, str],
) -> tuple[str, str, str, str]:
    """Thai and English title and body of a directive on ``topic``."""
    fill_th = {"province": province[0]}
    fill_en = {"province": province[1]}
    if occasion:
        kind, occasion_th, occasion_en, _, location = OCCASIONS[occasion]
        opening_key = kind
    else:
        kind, occasion_th, occasion_en, location = None, "", "", ""
        opening_key = topic["track"] if topic["track"] in ("parliament", "secretary") else "none"
    opening_th, opening_en = data.OPENINGS[opening_key]
    words = {
        "date_th": thai_date(issued_on),
        "date_en": english_date(issued_on),
        "location_th": location,
        "location_en": location and province[1],
        "occasion_th": occasion_th,
        "occasion_en_lc": occasion_en[:1].lower() + occasion_en[1:],
    }
    lead_info = AGENCIES[lead]
    support_th = [AGENCIES[c].name_th for c in supporting]
    support_en = [AGENCIES[c].name_en_with_article for c in supporting]
    closing_th, closing_en = rng.choice(data.CLOSINGS)
    days = rng.choice([7, 15, 30, 60])
    with_th = f"เป็นหน่วยงานหลัก ร่วมกับ{_thai_list(support_th)} " if supporting else ""
    with_en = f", as lead agency, with {_english_list(support_en)}," if supporting else ""
    body_th = (
        f"<p>{opening_th.format(**words)}{lead_info.name_th}{with_th or ' '}"
        f"{topic['action_th'].format(**fill_th)} {closing_th.format(days=days)}</p>"
    )
    body_en = (
        f"<p>{opening_en.format(**words)} {lead_info.name_en_with_article}{with_en} to "
        f"{topic['action_en'].format(**fill_en)}, {closing_en.format(days=days)}.</p>"
    )
    return topic["title_th"].format(**fill_th), topic["title_en"].format(**fill_en), body_th, body_en


def _province_for(rng: random.Random, occasion: str | None) -> tuple[str, str]:
    if occasion and OCCASIONS[occasion][0] == "inspection":
        location = OCCASIONS[occasion][4].removeprefix("จังหวัด")
        return next(p for p in data.PROVINCES if p[0] == location)
    return rng.choice(data.PROVINCES)


def update_chain(
    rng: random.Random, *, agency: str, start: date, deadline: date | None, reports: int, as_of: date = data.AS_OF
) -> list[UpdateSpec]:
    """
    Up to ``reports`` progress updates of one agency on one item, in period order, each published.
    A status that differs from the previous one comes with a reason, as ``update_check`` requires.
    """
    updates = []
    previous = Status.NOT_STARTED
    percent = 0
    period_start = start
    short = AGENCIES[agency].short_th
    for step in range(reports):
        period_end = period_start + timedelta(days=rng.randint(30, 120))
        if period_end > as_of:
            break
        percent = min(100, percent + rng.randint(15, 50))
        late = deadline is not None and period_end > deadline
        if percent >= 100:
            status = Status.COMPLETED
        elif step and rng.random() < 0.03:
            status = Status.NOT_PURSUED
        elif late:
            status = rng.choices([Status.DELAYED, Status.AT_RISK], [0.7, 0.3])[0]
        else:
            status = rng.choices([Status.ON_TRACK, Status.AT_RISK, Status.DELAYED], [0.65, 0.2, 0.15])[0]
        words = {
            "agency": short,
            "pct": percent,
            "activity": rng.choice(data.ACTIVITIES),
            "obstacle": rng.choice(data.OBSTACLES),
            "reason": rng.choice(data.NOT_PURSUED_REASONS),
        }
        reason = ""
        if status != previous:
            reasons = (
                data.FIRST_REASONS
                if previous == Status.NOT_STARTED and status == Status.ON_TRACK
                else data.STATUS_REASONS[status]
            )
            reason = rng.choice(reasons).format(**words)
            if status == Status.NOT_PURSUED:
                reason = words["reason"]
        activities = rng.sample(data.ACTIVITIES, 2)
        narrative = "".join(f"<p>{a}</p>" for a in activities)
        if status in (Status.AT_RISK, Status.DELAYED):
            narrative += f"<p>ปัญหาอุปสรรค: {words['obstacle']}</p>"
        updates.append(
            UpdateSpec(
                agency=agency,
                period_start=period_start,
                period_end=period_end,
                status=status,
                percent=percent,
                reason=reason,
                summary=data.SUMMARIES[status].format(**words),
                narrative=narrative,
            )
        )
        previous = status
        period_start = period_end + timedelta(days=1)
        if status in (Status.COMPLETED, Status.NOT_PURSUED):
            break
    return updates


def _assignments(rng: random.Random, lead: str, pool: list[str], issued_on: date) -> list[AssignmentSpec]:
    lead_deadline = issued_on + timedelta(days=rng.choice([30, 60, 90, 180, 270, 365]))
    supporting = rng.sample(pool, rng.randint(0, min(3, len(pool))))
    result = [AssignmentSpec(lead, "lead", lead_deadline)]
    for code in supporting:
        result.append(AssignmentSpec(code, "supporting", lead_deadline + timedelta(days=rng.choice([-14, 0, 0, 30]))))
    return result


def _reports_for(rng: random.Random) -> int:
    return rng.choices([0, 1, 2, 3, 4], [0.25, 0.35, 0.2, 0.12, 0.08])[0]


def demo_plan(seed: int) -> DemoPlan:
    """The default demo data set: the policy tree and about sixty directives with their updates."""
    rng = random.Random(seed)
    policies = []
    for p in data.POLICIES:
        start, end = data.POLICY_PERIOD
        assignments = [
            AssignmentSpec(code, "lead" if i == 0 else "supporting", rng.choice(data.POLICY_DEADLINES))
            for i, code in enumerate(p["agencies"])
        ]
        spec = PolicySpec(
            number=p["number"],
            parent=p["parent"],
            slug="policy-" + p["number"].replace(".", "-"),
            category=p["category"],
            title_th=p["title_th"],
            title_en=p["title_en"],
            summary_th=p["summary_th"],
            summary_en=p["summary_en"],
            # The seeded policies have a summary and no more: a body repeating it would print it twice.
            body_th="",
            body_en="",
            period_start=start,
            period_end=end,
            assignments=assignments,
            indicators=p["indicators"],
        )
        for a in assignments:
            spec.updates += update_chain(
                rng, agency=a.agency, start=start, deadline=a.deadline, reports=rng.randint(1, 3)
            )
        policies.append(spec)
    # One sub-item waits for the PMO's review: a draft that is never shown.
    policies[-1].publish = False
    policies[-1].updates = []

    by_track = {track: [t for t in data.TOPICS if t["track"] == track] for track in data.TRACK_COUNTS}
    occasion_keys = [key for key, kind, *_ in data.OCCASIONS if kind != "other"]
    directives = []
    for track, count in data.TRACK_COUNTS.items():
        topics = by_track[track]
        for i in range(count):
            topic = topics[i % len(topics)]
            if track == "policy":
                occasion = rng.choice(occasion_keys)
            elif track == "foreign":
                occasion = rng.choice(["visit-japan", "cab-2568-23", "cab-2569-10", None])
            else:
                occasion = None
            if occasion:
                issued_on = OCCASIONS[occasion][3]
            else:
                issued_on = date(2023, 1, 9) + timedelta(
                    days=rng.randint(0, (date(2026, 11, 10) - date(2023, 1, 9)).days)
                )
            directives.append(_directive(rng, topic, occasion=occasion, issued_on=issued_on))
    directives.sort(key=lambda d: (d.issued_on, d.title_th))
    sequence = {}
    for d in directives:
        be_year = d.issued_on.year + BE_OFFSET
        sequence[be_year] = sequence.get(be_year, 0) + 1
        d.reference = f"นร 0505/{be_year}-{sequence[be_year]:03d}"
        d.slug = f"nr0505-{be_year}-{sequence[be_year]:03d}"
    # The newest few are still drafts at the PMO: no updates yet.
    for d in directives[-3:]:
        d.publish = False
        d.updates = []

    _assign_moderation_states(rng, [*policies, *directives])
    return DemoPlan(policies=policies, directives=directives)


def _directive(
    rng: random.Random, topic: dict, *, occasion: str | None, issued_on: date, reports: bool = True
) -> DirectiveSpec:
    track = topic["track"]
    province = _province_for(rng, occasion)
    assignments = _assignments(rng, topic["lead"], topic["support"], issued_on)
    title_th, title_en, body_th, body_en = _directive_text(
        rng,
        topic,
        issued_on=issued_on,
        occasion=occasion,
        lead=topic["lead"],
        supporting=[a.agency for a in assignments[1:]],
        province=province,
    )
    if track == "secretary":
        visibility = "internal"
    elif track == "parliament":
        visibility = rng.choice(["public", "internal"])
    else:
        visibility = "internal" if rng.random() < 0.1 else "public"
    spec = DirectiveSpec(
        reference="",
        slug="",
        issued_on=issued_on,
        occasion=occasion,
        track=track,
        priority=rng.choices(["normal", "high", "urgent"], [0.55, 0.3, 0.15])[0],
        visibility=visibility,
        title_th=title_th,
        title_en=title_en,
        body_th=body_th,
        body_en=body_en,
        assignments=assignments,
        policies=[topic["policy"]] if topic["policy"] else [],
    )
    if reports:
        for a in assignments:
            spec.updates += update_chain(
                rng, agency=a.agency, start=issued_on, deadline=a.deadline, reports=_reports_for(rng)
            )
    return spec


def _assign_moderation_states(rng: random.Random, items: list) -> None:
    """
    Leave the last update of some agencies' reports in moderation: every state for the agencies that
    have demo users, now and then for the others. Only a chain's last update is unpublished, so the
    status each update is checked against is always a published one.
    """
    cycle = 0
    for item in items:
        last_of_agency = {}
        for update in item.updates:
            last_of_agency[update.agency] = update
        for agency, update in last_of_agency.items():
            if agency in DEMO_USER_AGENCIES and cycle < 3 * len(UNPUBLISHED_STATES):
                update.state = UNPUBLISHED_STATES[cycle % len(UNPUBLISHED_STATES)]
                cycle += 1
            elif rng.random() < 0.08:
                update.state = rng.choice(UNPUBLISHED_STATES)
            if update.state in (REJECTED_BY_AGENCY, REJECTED_BY_PMO):
                update.comment = rng.choice(data.REJECTION_COMMENTS)


def generated_directive(number: int, seed: int) -> DirectiveSpec:
    """
    Directive ``number`` of the generated benchmark series, with about three published updates.
    Each directive has its own generator, so the series is the same however it is batched or resumed.
    """
    rng = random.Random(f"{seed}:{number}")
    track = rng.choices(list(data.TRACK_COUNTS), [0.7, 0.12, 0.08, 0.1])[0]
    topic = rng.choice([t for t in data.TOPICS if t["track"] == track])
    if track == "policy" and rng.random() < 0.4:
        occasion = rng.choice([key for key, (kind, *_) in OCCASIONS.items() if kind != "other"])
        issued_on = OCCASIONS[occasion][3]
    elif track == "foreign" and rng.random() < 0.4:
        occasion = "visit-japan"
        issued_on = OCCASIONS[occasion][3]
    else:
        occasion = None
        issued_on = date(2023, 1, 2) + timedelta(days=rng.randint(0, (data.AS_OF - date(2023, 1, 2)).days - 20))
    spec = _directive(rng, topic, occasion=occasion, issued_on=issued_on, reports=False)
    spec.reference = f"{GENERATED_PREFIX}{number:06d}"
    spec.slug = f"{GENERATED_SLUG_PREFIX}{number:06d}"
    remaining = rng.choice([3, 3, 4])
    for i, assignment in enumerate(spec.assignments):
        if remaining <= 0:
            break
        reports = remaining if i == len(spec.assignments) - 1 else rng.randint(1, remaining)
        spec.updates += update_chain(
            rng, agency=assignment.agency, start=issued_on, deadline=assignment.deadline, reports=reports
        )
        remaining -= reports
    return spec
