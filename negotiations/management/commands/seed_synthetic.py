"""Synthetic scale for benchmarks: realistic-looking actors, sources, statements, demands and counterpart links.

Deterministic for a given --seed. Every synthetic record's slug starts with `syn-`, and every quote stands
verbatim in its source's body, as the curated records' do. Bulk inserts: 100,000 demands load in seconds.
"""

import datetime
import random

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
    Topic,
    Wording,
)

PREFIX = "syn-"
FIRST_DAY = datetime.date(2022, 1, 1)
LAST_DAY = datetime.date(2026, 6, 30)
DEMANDS_PER_STATEMENT = 5
STATEMENTS_PER_SOURCE = 10
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
        """The synthetic records, each kind built from the last, drawing on `rng` in a fixed order."""
        topics = list(Topic.objects.all())
        parties = the_parties()
        speakers, outlets = create_speakers(parties), create_outlets()
        statement_count = max(1, demand_count // DEMANDS_PER_STATEMENT)
        plans = plan_statements(rng, speakers, statement_count)
        sources = create_sources(rng, plans, outlets)
        statements = create_statements(plans, sources)
        demands = create_demands(rng, plans, statements, parties, topics, demand_count)
        links = create_links(rng, demands, parties)
        return {
            "actors": len(speakers) + len(outlets),
            "sources": len(sources),
            "statements": len(statements),
            "demands": len(demands),
            "counterparts": len(links),
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


def plan_statements(rng, speakers, statement_count):
    """Each statement as (index, day, side, speaker, the sentences its demands quote), in date order, the sides
    taking turns; the sources' bodies, the statements and the demands are all made from these."""
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(FIRST_DAY + datetime.timedelta(days=rng.randrange(span + 1)) for _ in range(statement_count))
    plans = []
    for index, day in enumerate(days):
        side = Side.RUSSIA if index % 2 == 0 else Side.UKRAINE
        speaker = speakers[rng.randrange(100) + (0 if side == Side.RUSSIA else 100)]
        sentences = [
            f"{speaker.name} {rng.choice(VERBS)} {rng.choice(OBJECTS)} (item {index}-{k})."
            for k in range(DEMANDS_PER_STATEMENT)
        ]
        plans.append((index, day, side, speaker, sentences))
    return plans


def create_sources(rng, plans, outlets):
    """One source per STATEMENTS_PER_SOURCE statements, whose body holds their sentences verbatim."""
    sources = []
    for number in range(max(1, len(plans) // STATEMENTS_PER_SOURCE)):
        chunk = plans[number * STATEMENTS_PER_SOURCE : (number + 1) * STATEMENTS_PER_SOURCE] or plans[-1:]
        body = "\n".join(" ".join(sentences) for _, _, _, _, sentences in chunk)
        sources.append(
            Source(
                slug=f"{PREFIX}source-{number}",
                publisher=rng.choice(outlets),
                title=f"Synthetic report {number}",
                kind=Source.Kind.NEWS_ARTICLE,
                published_on=chunk[-1][1],
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
                slug=f"{PREFIX}statement-{index}",
                title=f"Synthetic statement {index}",
                actor=speaker,
                source=sources[min(index // STATEMENTS_PER_SOURCE, len(sources) - 1)],
                kind=Statement.Kind.PUBLIC_REMARK,
                stated_on=day,
                placed_on=day,  # bulk_create bypasses save(), which places it (dated: at its date)
                date_precision=DatePrecision.DAY,
                date_basis="explicit",
                quote=sentences[0],
                wording=Wording.REPORTED,  # a synthetic source's sentence about the speaker, never their words
                summary="Synthetic statement for benchmarks.",
            )
            for index, day, side, speaker, sentences in plans
        ),
        batch_size=BATCH,
    )


def create_demands(rng, plans, statements, parties, topics, demand_count):
    """A demand per planned sentence, up to `demand_count`, quoting it, on a topic and stance drawn at random."""
    stances = list(Stance.values)
    demands = []
    for (index, day, side, _, sentences), statement in zip(plans, statements, strict=True):
        for k in range(DEMANDS_PER_STATEMENT):
            if len(demands) == demand_count:
                break
            demands.append(
                Demand(
                    slug=f"{PREFIX}demand-{index}-{k}",
                    party=parties[side],
                    topic=rng.choice(topics),
                    stance=rng.choice(stances),
                    paraphrase=sentences[k][:-1].split(" ", 3)[-1].capitalize() + ".",
                    quote=sentences[k],
                    wording=Wording.REPORTED,
                    locator=f"item {k + 1}",
                    position=k + 1,
                    statement=statement,
                    stated_on=day,  # bulk_create bypasses save(), which copies these two
                    placed_on=day,
                )
            )
    Demand.objects.bulk_create(demands, batch_size=BATCH)
    return demands


def create_links(rng, demands, parties):
    """Counterpart links from about six in ten Russian terms to a Ukrainian term of about the same time."""
    russia, ukraine = parties[Side.RUSSIA], parties[Side.UKRAINE]
    by_side = {side: [d for d in demands if d.party_id == parties[side].pk] for side in parties}
    pairs = set()
    relations = list(Relation.values)
    links = []
    ukrainian = by_side[Side.UKRAINE]
    for position, russian in enumerate(by_side[Side.RUSSIA]):
        # Terms answer terms of about the same time, as real replies do: pick a Ukrainian term nearby.
        if not ukrainian or rng.random() >= 0.6:
            continue
        answer = ukrainian[min(len(ukrainian) - 1, max(0, position + rng.randint(-25, 25)))]
        if (russian.pk, answer.pk) in pairs:
            continue
        pairs.add((russian.pk, answer.pk))
        links.append(
            Counterpart(
                demand=russian,
                answer=answer,
                demand_party=russia,
                answer_party=ukraine,
                relation=rng.choice(relations),
                note="Synthetic link.",
            )
        )
    Counterpart.objects.bulk_create(links, batch_size=BATCH)
    return links
