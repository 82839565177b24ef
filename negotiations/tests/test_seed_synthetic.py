"""seed_synthetic: deterministic, provenance-consistent, with memoranda and status changes that keep the models'
rules, and it will not mix with curated records."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from negotiations.management.commands.seed_synthetic import MEMORANDUM_TERMS
from negotiations.models import Actor, Counterpart, DatePrecision, Demand, Side, Source, Statement, StatusChange, Topic
from negotiations.statuses import RECORDED_STATUSES, TermStatus, known_by
from negotiations.tests.factories import DemandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    for position, slug in enumerate(["ceasefire", "territory", "nuclear", "sanctions", "prisoners"], start=1):
        Topic.objects.create(slug=slug, name=slug.title(), position=position)


def test_seeds_the_asked_number_of_demands_across_sides_topics_and_years(topics):
    call_command("seed_synthetic", demands=500, seed=7, verbosity=0)
    assert Demand.objects.count() == 500
    assert Demand.objects.for_party(Side.RUSSIA).exists() and Demand.objects.for_party(Side.UKRAINE).exists()
    assert Demand.objects.values("topic").distinct().count() == 5
    years = {day.year for day in Demand.objects.values_list("stated_on", flat=True)}
    assert years == {2022, 2023, 2024, 2025, 2026}
    assert Counterpart.objects.exists()


@pytest.fixture
def seeded(topics):
    call_command("seed_synthetic", demands=2000, seed=7, verbosity=0)


def test_most_statements_put_forward_a_few_terms_and_memoranda_many_over_many_topics(seeded):
    sizes = dict(Statement.objects.annotate(terms=Count("demands")).values_list("slug", "terms"))
    memoranda = Statement.objects.memoranda().annotate(terms=Count("demands"), topics=Count("demands__topic", True))
    assert memoranda.count() >= 4
    low, high = MEMORANDUM_TERMS
    for memorandum in memoranda:
        assert low <= memorandum.terms <= high and memorandum.topics >= 4
        assert memorandum.actor.slug in ("russia", "ukraine")  # a party's own document
    ordinary = [terms for slug, terms in sizes.items() if "memorandum" not in slug]
    assert max(ordinary) < low and sum(ordinary) + sum(m.terms for m in memoranda) == 2000


def test_a_russian_memorandums_links_answer_ukraines_next_memorandum_on_the_same_topic(seeded):
    first, answer = Statement.objects.memoranda().order_by("pk")[:2]
    assert (first.actor.side, answer.actor.side) == (Side.RUSSIA, Side.UKRAINE)
    links = Counterpart.objects.filter(demand__statement=first).select_related("demand", "answer")
    assert links.exists()
    for link in links:
        assert link.answer.statement_id == answer.pk and link.answer.topic_id == link.demand.topic_id


def test_every_synthetic_quote_stands_in_its_source(seeded):
    for demand in Demand.objects.select_related("statement__source"):
        assert demand.quote in demand.statement.source.body
    for change in StatusChange.objects.select_related("evidence__source"):
        assert change.quote in change.evidence.source.body


def test_every_synthetic_terms_date_is_its_statements(seeded):
    for demand in Demand.objects.select_related("statement"):
        assert demand.stated_on == demand.statement.stated_on


def test_every_synthetic_link_joins_two_parties(seeded):
    assert Counterpart.objects.exists()
    for link in Counterpart.objects.select_related("demand", "answer"):
        assert link.demand.party_id == link.demand_party_id != link.answer_party_id == link.answer.party_id


def test_a_realistic_share_of_terms_has_a_recorded_change_of_every_kind(seeded):
    changed = StatusChange.objects.values("demand").distinct().count()
    assert 0.04 <= changed / Demand.objects.count() <= 0.12
    assert set(StatusChange.objects.values_list("status", flat=True)) == {value for value, _ in RECORDED_STATUSES}
    assert StatusChange.objects.values("demand").annotate(n=Count("pk")).filter(n__gt=1).exists()  # chains


def test_every_change_is_known_on_or_after_its_term_and_the_change_before(seeded):
    previous = {}
    for change in StatusChange.objects.select_related("demand__statement", "evidence").order_by("demand", "pk"):
        term = change.demand.statement
        assert change.known_on >= known_by(term.placed_on, term.date_precision)
        assert change.known_on >= previous.get(change.demand_id, change.known_on)
        previous[change.demand_id] = change.known_on


def test_known_on_is_the_evidences_known_by_day_as_save_would_copy_it(seeded):
    changes = list(StatusChange.objects.select_related("evidence"))
    for change in changes:
        assert change.known_on == known_by(change.evidence.placed_on, change.evidence.date_precision)
    # Month-dated evidence is known from the month's last day: the rule is exercised, not the identity.
    assert any(c.evidence.date_precision == DatePrecision.MONTH and c.known_on != c.evidence.placed_on for c in changes)
    sample = changes[0]
    sample.save()
    sample.refresh_from_db()
    assert sample.known_on == known_by(sample.evidence.placed_on, sample.evidence.date_precision)


def test_every_term_is_known_on_its_statements_known_by_day_as_save_would_copy_it(seeded):
    for term in Demand.objects.select_related("statement"):
        assert term.known_on == known_by(term.statement.placed_on, term.statement.date_precision), term.slug


def test_a_superseded_term_names_a_later_term_of_its_party_on_its_topic_whose_statement_is_the_evidence(seeded):
    superseded = StatusChange.objects.filter(status=TermStatus.SUPERSEDED).select_related("demand", "superseded_by")
    assert superseded.exists()
    for change in superseded:
        old, new = change.demand, change.superseded_by
        assert (new.party_id, new.topic_id) == (old.party_id, old.topic_id)
        assert new.placed_on >= old.placed_on and new.statement_id != old.statement_id
        assert change.evidence_id == new.statement_id and change.quote == new.quote
    assert not StatusChange.objects.exclude(status=TermStatus.SUPERSEDED).filter(superseded_by__isnull=False).exists()


def test_each_change_is_evidenced_by_the_party_that_would_make_it(seeded):
    changes = StatusChange.objects.select_related("demand", "evidence__actor")
    for change in changes.filter(status__in=[TermStatus.RESTATED, TermStatus.WITHDRAWN]):
        assert change.evidence.actor.side == change.demand.party.side
    for change in changes.filter(status__in=[TermStatus.COUNTERED, TermStatus.ACCEPTED_IN_PRINCIPLE]):
        assert change.evidence.actor.side != change.demand.party.side


def test_a_sample_of_changes_passes_the_models_validation(seeded):
    for change in StatusChange.objects.order_by("pk")[::7]:
        change.full_clean()


def test_the_status_rule_reads_the_synthetic_changes(seeded):
    """The seeded history drives the SQL queries the grid and the explorer use: the latest change wins."""
    change = StatusChange.objects.filter(status=TermStatus.WITHDRAWN).select_related("demand").first()
    assert Demand.objects.filter(pk=change.demand_id).with_status_of([TermStatus.WITHDRAWN]).exists()
    standing = Demand.objects.standing_on(change.known_on)
    assert not standing.filter(pk=change.demand_id).exists()


def snapshot():
    return (
        list(Demand.objects.order_by("slug").values_list("slug", "paraphrase", "stated_on", "topic__slug")),
        list(
            StatusChange.objects.order_by("demand__slug", "pk").values_list("demand__slug", "status", "evidence__slug")
        ),
    )


def test_the_same_seed_gives_the_same_data(topics):
    call_command("seed_synthetic", demands=300, seed=3, verbosity=0)
    first = snapshot()
    assert first[1], "the seed should record some status changes"
    StatusChange.objects.all().delete()
    Counterpart.objects.all().delete()
    Demand.objects.all().delete()
    Statement.objects.all().delete()
    Source.objects.all().delete()
    Actor.objects.filter(slug__startswith="syn-").delete()
    call_command("seed_synthetic", demands=300, seed=3, verbosity=0)
    assert snapshot() == first


@pytest.fixture
def hand_made(topics):
    """Records a curator made: any term whose slug is not synthetic's."""
    DemandFactory(topic=Topic.objects.get(slug="territory"))


def test_refuses_a_database_with_curated_records(hand_made):
    with pytest.raises(CommandError, match="curated demands"):
        call_command("seed_synthetic", demands=50, verbosity=0)
    assert not Demand.objects.filter(slug__startswith="syn-").exists()


def test_adds_to_curated_records_when_forced(hand_made):
    before = Demand.objects.count()
    call_command("seed_synthetic", demands=50, force=True, verbosity=0)
    assert Demand.objects.count() == before + 50
