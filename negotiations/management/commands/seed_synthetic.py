"""Synthetic scale for benchmarks: realistic-looking actors, sources, statements, demands, counterpart links and
status changes.

Deterministic for a given --seed. Every synthetic record's slug starts with `syn-`, and every quote stands
verbatim in its source's body, as the curated records' do. Most statements put forward a handful of terms; a
pair of memoranda (Russia's, then Ukraine's answer) in every MEMORANDUM_EVERY statements puts forward 20 to 40
terms over many topics, as the June 2025 memoranda do, so a grid or a compare page has documents of a real size.
About one term in fourteen has a recorded status change (or a short chain of them), each evidenced by a later
statement whose source carries the quote. Bulk inserts: 100,000 demands load in seconds.
"""

import bisect
import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from negotiations.management.commands.loaddata import write_baseline
from negotiations.models import (
    Actor,
    Counterpart,
    DataVersion,
    DatePrecision,
    Demand,
    Relation,
    Side,
    Source,
    Stance,
    Statement,
    StatusChange,
    Topic,
    Wording,
)
from negotiations.statuses import TermStatus, known_by

PREFIX = "syn-"
FIRST_DAY = datetime.date(2022, 1, 1)
LAST_DAY = datetime.date(2026, 6, 30)
DEMANDS_PER_STATEMENT = 5
MEMORANDUM_EVERY = 200  # statements 0 and 1 of every 200: a Russian memorandum and Ukraine's answering one
MEMORANDUM_TERMS = (20, 40)
MONTH_DATED_SHARE = 0.04  # statements the text dates only to a month ("in March 2025")
STATEMENTS_PER_SOURCE = 10
CHANGED_SHARE = 0.07  # terms with a recorded status change
EVIDENCE_WITHIN = 300  # statements: how far after a term (about a month at 100,000 terms) its change comes
BATCH = 5000

VERBS = ["demands", "insists on", "proposes", "rejects", "calls for", "rules out", "offers", "conditions peace on"]
OBJECTS = [
    "a ceasefire along the current line of contact",
    "recognition of control over the occupied oblasts",
    "the withdrawal of forces from the front line",
    "limits on the size of the armed forces",
    "an end to foreign military aid",
    "neutral and non-aligned status",
    "security guarantees from Western states",
    "a non-nuclear status",
    "an all-for-all exchange of prisoners of war",
    "the return of deported children",
    "an international tribunal",
    "elections within a fixed period",
    "protections for the Russian language",
    "the lifting of sanctions",
    "the release of frozen assets",
    "the restoration of diplomatic relations",
    "talks between the two leaders",
]

S = TermStatus
# What becomes of a changed term: one change or a short chain, in order. Superseded ends a chain (the term no
# longer stands), as withdrawn does.
CHAINS = [
    (S.RESTATED,),
    (S.COUNTERED,),
    (S.WITHDRAWN,),
    (S.SUPERSEDED,),
    (S.ACCEPTED_IN_PRINCIPLE,),
    (S.AGREED,),
    (S.ACCEPTED_IN_PRINCIPLE, S.AGREED),
    (S.AGREED, S.IMPLEMENTED),
    (S.COUNTERED, S.WITHDRAWN),
    (S.RESTATED, S.SUPERSEDED),
]
# Who evidences a change: its own party (restates, withdraws), the other party (counters, accepts in principle),
# or either (an agreement or its implementation, reported by one side or the other).
SAME_PARTY, OTHER_PARTY, EITHER = "same", "other", "either"
EVIDENCED_BY = {
    S.RESTATED: SAME_PARTY,
    S.WITHDRAWN: SAME_PARTY,
    S.COUNTERED: OTHER_PARTY,
    S.ACCEPTED_IN_PRINCIPLE: OTHER_PARTY,
    S.AGREED: EITHER,
    S.IMPLEMENTED: EITHER,
}
CHANGE_WORDS = {
    S.RESTATED: "restated",
    S.COUNTERED: "countered",
    S.ACCEPTED_IN_PRINCIPLE: "accepted in principle",
    S.AGREED: "agreed to",
    S.IMPLEMENTED: "confirmed the implementation of",
    S.WITHDRAWN: "withdrew",
}


@dataclass
class Term:
    sentence: str
    paraphrase: str
    topic: Topic
    stance: str
    demand: Demand | None = None


@dataclass
class Plan:
    """A statement before it is written: the terms it puts forward, and the sentences (`notes`) in which it
    records a change in an earlier term; its source's body carries both."""

    index: int
    day: datetime.date
    precision: str
    side: str
    speaker: Actor
    memorandum: bool
    terms: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def known_on(self):
        return known_by(self.day, self.precision)


@dataclass
class PlannedChange:
    term: tuple[int, int]  # (plan index, term index)
    status: str
    evidence: int  # plan index
    quote: str
    replacement: tuple[int, int] | None = None


class Command(BaseCommand):
    help = "Fill the database with synthetic records for benchmarks (refuses a database with curated records)."

    def add_arguments(self, parser):
        parser.add_argument("--demands", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--force", action="store_true", help="Add to a database that holds curated records.")

    def handle(self, *args, demands, seed, force, **options):
        if demands < 1:
            raise CommandError("--demands must be at least 1.")
        curated = Demand.objects.exclude(slug__startswith=PREFIX).count()
        if curated and not force:
            raise CommandError(
                f"This database holds {curated} curated demands; synthetic data would mix with them. "
                "Use an empty database, or --force."
            )
        if Demand.objects.filter(slug__startswith=PREFIX).exists():
            raise CommandError("Synthetic records are already here; start from an empty database.")
        if not Topic.objects.exists():
            raise CommandError("No topics: load the curated fixtures (or at least the topics) first.")
        rng = random.Random(seed)
        with transaction.atomic():
            counts = self.seed(rng, demands)
            # Bulk inserts write no history; a data version is read back from it (citing/versions.py).
            write_baseline()
        DataVersion.advance()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))

    def seed(self, rng, demand_count):
        """The synthetic records, each kind built from the last, drawing on `rng` in a fixed order: everything is
        planned first (a change's quote must be in its evidence's source), then written."""
        parties = the_parties()
        speakers, outlets = create_speakers(parties), create_outlets()
        plans = plan_statements(rng, parties, speakers, list(Topic.objects.all()), demand_count)
        changes = plan_changes(rng, plans)
        sources = create_sources(rng, plans, outlets)
        statements = create_statements(plans, sources)
        demands = create_demands(plans, statements, parties)
        links = create_links(rng, plans, demands, parties)
        status_changes = create_changes(changes, plans, statements)
        return {
            "actors": len(speakers) + len(outlets),
            "sources": len(sources),
            "statements": len(statements),
            "demands": len(demands),
            "counterparts": len(links),
            "status changes": len(status_changes),
        }


def the_parties():
    """The two parties, made when the curated fixtures have not made them."""
    russia, _ = Actor.objects.get_or_create(
        slug="russia", defaults={"name": "Russia", "kind": Actor.Kind.STATE, "side": Side.RUSSIA}
    )
    ukraine, _ = Actor.objects.get_or_create(
        slug="ukraine", defaults={"name": "Ukraine", "kind": Actor.Kind.STATE, "side": Side.UKRAINE}
    )
    return {Side.RUSSIA: russia, Side.UKRAINE: ukraine}


def create_speakers(parties):
    """A hundred officials per party: the first hundred Russia's, the next Ukraine's."""
    return Actor.objects.bulk_create(
        Actor(
            slug=f"{PREFIX}official-{side}-{n}",
            name=f"Synthetic {parties[side].name} official {n}",
            kind=Actor.Kind.PERSON,
            side=side,
            role="Official (synthetic)",
            parent=parties[side],
        )
        for side in (Side.RUSSIA, Side.UKRAINE)
        for n in range(100)
    )


def create_outlets():
    return Actor.objects.bulk_create(
        Actor(slug=f"{PREFIX}outlet-{n}", name=f"Synthetic outlet {n}", kind=Actor.Kind.MEDIA, side=Side.OTHER)
        for n in range(40)
    )


def is_memorandum(index):
    return index % MEMORANDUM_EVERY in (0, 1)


def term_counts(rng, demand_count):
    """How many terms each statement puts forward, in order, adding up to `demand_count`."""
    counts, total = [], 0
    while total < demand_count:
        size = rng.randint(*MEMORANDUM_TERMS) if is_memorandum(len(counts)) else DEMANDS_PER_STATEMENT
        size = min(size, demand_count - total)
        counts.append(size)
        total += size
    return counts


def statement_days(rng, count):
    """Each statement's (day, precision), in date order: a month-dated one is stored at the month's first day,
    as the texts' dates are."""
    span = (LAST_DAY - FIRST_DAY).days
    days = []
    for _ in range(count):
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(span + 1))
        if rng.random() < MONTH_DATED_SHARE:
            days.append((day.replace(day=1), DatePrecision.MONTH))
        else:
            days.append((day, DatePrecision.DAY))
    return sorted(days)


def plan_statements(rng, parties, speakers, topics, demand_count):
    """Each statement as a Plan, in date order, the sides taking turns; the sources' bodies, the statements and
    the demands are all made from these. A memorandum is its party's own document, an ordinary statement an
    official's remark."""
    counts = term_counts(rng, demand_count)
    plans = []
    for index, ((day, precision), size) in enumerate(zip(statement_days(rng, len(counts)), counts, strict=True)):
        side = Side.RUSSIA if index % 2 == 0 else Side.UKRAINE
        memorandum = is_memorandum(index)
        speaker = parties[side] if memorandum else speakers[rng.randrange(100) + (0 if side == Side.RUSSIA else 100)]
        plan = Plan(index, day, precision, side, speaker, memorandum)
        for k in range(size):
            verb, thing = rng.choice(VERBS), rng.choice(OBJECTS)
            where = f"point {k + 1} of memorandum {index}" if memorandum else f"item {index}-{k}"
            plan.terms.append(
                Term(
                    sentence=f"{speaker.name} {verb} {thing} ({where}).",
                    paraphrase=f"{verb.capitalize()} {thing}.",
                    topic=rng.choice(topics),
                    stance=rng.choice(Stance.values),
                )
            )
        plans.append(plan)
    return plans


def plan_changes(rng, plans):
    """The status changes, in order: about CHANGED_SHARE of the terms get a chain (CHAINS), each change evidenced
    by a later statement of the party that would make it, known on or after the term and the change before."""
    later_terms = terms_by_party_and_topic(plans)
    changes = []
    for plan in plans:
        for k in range(len(plan.terms)):
            if rng.random() < CHANGED_SHARE:
                changes += plan_chain(rng, plans, later_terms, (plan.index, k), rng.choice(CHAINS))
    return changes


def terms_by_party_and_topic(plans):
    """(side, topic) -> the plan indexes and term keys of that party's terms on the topic, in date order."""
    found = defaultdict(lambda: ([], []))
    for plan in plans:
        for k, term in enumerate(plan.terms):
            indexes, keys = found[(plan.side, term.topic.pk)]
            indexes.append(plan.index)
            keys.append((plan.index, k))
    return found


def plan_chain(rng, plans, later_terms, key, chain):
    """One term's changes, stopping where the statements run out (a term of the last weeks has no later ones)."""
    plan = plans[key[0]]
    after, known = plan.index, plan.known_on
    changes = []
    for status in chain:
        if status == S.SUPERSEDED:
            change = plan_supersession(rng, plans, later_terms, key, after, known)
        else:
            change = plan_evidenced(rng, plans, key, status, after, known)
        if change is None:
            break
        changes.append(change)
        after, known = change.evidence, plans[change.evidence].known_on
    return changes


def plan_evidenced(rng, plans, key, status, after, known):
    """A change said in a later statement of the party EVIDENCED_BY names: a sentence added to it."""
    term_plan = plans[key[0]]
    index = after + rng.randint(1, max(1, min(EVIDENCE_WITHIN, len(plans) // 20)))  # a small seed, closer
    wanted = {SAME_PARTY: term_plan.side, OTHER_PARTY: other_side(term_plan.side)}.get(EVIDENCED_BY[status])
    while index < len(plans) and (
        (wanted and plans[index].side != wanted) or plans[index].known_on < known or plans[index].memorandum
    ):
        index += 1
    if index >= len(plans):
        return None
    evidence = plans[index]
    what = f"point {key[1] + 1} of memorandum {key[0]}" if term_plan.memorandum else f"item {key[0]}-{key[1]}"
    quote = f"{evidence.speaker.name} {CHANGE_WORDS[status]} {what}."
    evidence.notes.append(quote)
    return PlannedChange(key, status, index, quote)


def plan_supersession(rng, plans, later_terms, key, after, known):
    """Superseded by one of the next few terms of the same party on the same topic, in a later statement known
    by then; the replacement's own statement is the evidence, and its sentence the quote."""
    term_plan = plans[key[0]]
    indexes, keys = later_terms[(term_plan.side, term_plan.terms[key[1]].topic.pk)]
    start = bisect.bisect_right(indexes, after)
    candidates = [k for k in keys[start : start + 4] if plans[k[0]].known_on >= known]
    if not candidates:
        return None
    replacement = rng.choice(candidates)
    quote = plans[replacement[0]].terms[replacement[1]].sentence
    return PlannedChange(key, S.SUPERSEDED, replacement[0], quote, replacement)


def other_side(side):
    return Side.UKRAINE if side == Side.RUSSIA else Side.RUSSIA


def create_sources(rng, plans, outlets):
    """One source per STATEMENTS_PER_SOURCE statements, whose body holds their sentences verbatim."""
    sources = []
    count = max(1, len(plans) // STATEMENTS_PER_SOURCE)
    for number in range(count):
        end = (number + 1) * STATEMENTS_PER_SOURCE if number < count - 1 else len(plans)  # the last takes the rest
        chunk = plans[number * STATEMENTS_PER_SOURCE : end]
        body = "\n".join(" ".join([*(term.sentence for term in plan.terms), *plan.notes]) for plan in chunk)
        sources.append(
            Source(
                slug=f"{PREFIX}source-{number}",
                publisher=rng.choice(outlets),
                title=f"Synthetic report {number}",
                kind=Source.Kind.NEWS_ARTICLE,
                published_on=max(plan.day for plan in chunk),
                body=body,
            )
        )
    Source.objects.bulk_create(sources, batch_size=BATCH)
    return sources


def create_statements(plans, sources):
    """The planned statements, each in the source that holds its sentences (the last source takes the rest)."""
    return Statement.objects.bulk_create(
        (
            Statement(
                slug=f"{PREFIX}{'memorandum' if plan.memorandum else 'statement'}-{plan.index}",
                title=f"Synthetic {'memorandum' if plan.memorandum else 'statement'} {plan.index}",
                actor=plan.speaker,
                source=sources[min(plan.index // STATEMENTS_PER_SOURCE, len(sources) - 1)],
                kind=Statement.Kind.OFFICIAL_DOCUMENT if plan.memorandum else Statement.Kind.PUBLIC_REMARK,
                stated_on=plan.day,
                placed_on=plan.day,  # bulk_create bypasses save(), which places it (dated: at its date)
                date_precision=plan.precision,
                date_basis="explicit",
                quote=plan.terms[0].sentence,
                wording=Wording.REPORTED,  # a synthetic source's sentence about the speaker, never their words
                summary="Synthetic statement for benchmarks.",
            )
            for plan in plans
        ),
        batch_size=BATCH,
    )


def create_demands(plans, statements, parties):
    """A demand per planned term, quoting its sentence; each Term keeps its demand for the links and changes."""
    demands = []
    for plan, statement in zip(plans, statements, strict=True):
        for k, term in enumerate(plan.terms):
            term.demand = Demand(
                slug=f"{PREFIX}demand-{plan.index}-{k}",
                party=parties[plan.side],
                topic=term.topic,
                stance=term.stance,
                paraphrase=term.paraphrase,
                quote=term.sentence,
                wording=Wording.REPORTED,
                locator=f"point {k + 1}" if plan.memorandum else f"item {k + 1}",
                position=k + 1,
                statement=statement,
                stated_on=plan.day,  # bulk_create bypasses save(), which copies these four
                placed_on=plan.day,
                known_on=plan.known_on,
                speaker_id=statement.actor_id,
            )
            demands.append(term.demand)
    Demand.objects.bulk_create(demands, batch_size=BATCH)
    return demands


def create_links(rng, plans, demands, parties):
    """Counterpart links from about six in ten Russian terms to a Ukrainian term: in a Russian memorandum, to a
    term on the same topic in Ukraine's answering memorandum when it has one; otherwise a term of about the
    same time, as real replies do."""
    links, in_memoranda = memoranda_links(rng, plans, parties)
    pairs = {(link.demand.pk, link.answer.pk) for link in links}
    ukrainian = [d for d in demands if d.party_id == parties[Side.UKRAINE].pk]
    russian = [d for d in demands if d.party_id == parties[Side.RUSSIA].pk]
    relations = list(Relation.values)
    for position, term in enumerate(russian):
        if not ukrainian or term.pk in in_memoranda or rng.random() >= 0.6:
            continue
        answer = ukrainian[min(len(ukrainian) - 1, max(0, position + rng.randint(-25, 25)))]
        if (term.pk, answer.pk) not in pairs:
            pairs.add((term.pk, answer.pk))
            links.append(link(term, answer, rng.choice(relations), parties))
    Counterpart.objects.bulk_create(links, batch_size=BATCH)
    return links


def memoranda_links(rng, plans, parties):
    """Each Russian memorandum's terms to Ukraine's answering memorandum (the next statement), topic by topic;
    and the terms so answered (linked or not: a memorandum's silence on a topic is an answer too)."""
    relations = list(Relation.values)
    links, answered = [], set()
    for plan in plans:
        if not (plan.memorandum and plan.side == Side.RUSSIA and plan.index + 1 < len(plans)):
            continue
        answer_plan = plans[plan.index + 1]
        if not answer_plan.memorandum:
            continue
        for term in plan.terms:
            answered.add(term.demand.pk)
            answers = [t for t in answer_plan.terms if t.topic.pk == term.topic.pk]
            if answers and rng.random() < 0.6:
                links.append(link(term.demand, rng.choice(answers).demand, rng.choice(relations), parties))
    return links, answered


def link(demand, answer, relation, parties):
    return Counterpart(
        demand=demand,
        answer=answer,
        demand_party=parties[Side.RUSSIA],
        answer_party=parties[Side.UKRAINE],
        relation=relation,
        note="Synthetic link.",
    )


def create_changes(changes, plans, statements):
    """The planned changes; `known_on` as StatusChange.save() would copy it (bulk_create bypasses save())."""
    rows = []
    for change in changes:
        evidence = statements[change.evidence]
        replacement = change.replacement
        rows.append(
            StatusChange(
                demand=plans[change.term[0]].terms[change.term[1]].demand,
                status=change.status,
                evidence=evidence,
                quote=change.quote,
                superseded_by=plans[replacement[0]].terms[replacement[1]].demand if replacement else None,
                note="Synthetic change.",
                known_on=known_by(evidence.placed_on, evidence.date_precision),
            )
        )
    StatusChange.objects.bulk_create(rows, batch_size=BATCH)
    # The changed terms' status today, which the status changes' signals copy onto a term (bulk_create sends none).
    Demand.objects.filter(pk__in={row.demand_id for row in rows}).refresh_current_status()
    return rows
