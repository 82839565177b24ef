"""seed_synthetic: deterministic, provenance-consistent, and it will not mix with curated records."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.models import Counterpart, Demand, Side, Statement, Topic
from negotiations.tests.factories import DemandFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    for position, slug in enumerate(["ceasefire", "territory", "nuclear"], start=1):
        Topic.objects.create(slug=slug, name=slug.title(), position=position)


def test_seeds_the_asked_number_of_demands_across_sides_topics_and_years(topics):
    call_command("seed_synthetic", demands=500, seed=7, verbosity=0)
    assert Demand.objects.count() == 500
    assert Statement.objects.count() == 100
    assert Demand.objects.for_party(Side.RUSSIA).exists() and Demand.objects.for_party(Side.UKRAINE).exists()
    assert Demand.objects.values("topic").distinct().count() == 3
    years = {day.year for day in Demand.objects.values_list("stated_on", flat=True)}
    assert years == {2022, 2023, 2024, 2025, 2026}
    assert Counterpart.objects.exists()


@pytest.fixture
def seeded(topics):
    call_command("seed_synthetic", demands=200, seed=7, verbosity=0)


def test_every_synthetic_quote_stands_in_its_source(seeded):
    for demand in Demand.objects.select_related("statement__source"):
        assert demand.quote in demand.statement.source.body


def test_every_synthetic_terms_date_is_its_statements(seeded):
    for demand in Demand.objects.select_related("statement"):
        assert demand.stated_on == demand.statement.stated_on


def test_every_synthetic_link_joins_two_parties(seeded):
    assert Counterpart.objects.exists()
    for link in Counterpart.objects.select_related("demand", "answer"):
        assert link.demand.party_id == link.demand_party_id != link.answer_party_id == link.answer.party_id


def test_the_same_seed_gives_the_same_data(topics):
    call_command("seed_synthetic", demands=100, seed=3, verbosity=0)
    first = list(Demand.objects.order_by("slug").values_list("slug", "paraphrase", "stated_on", "topic__slug"))
    Counterpart.objects.all().delete()
    Demand.objects.all().delete()
    Statement.objects.all().delete()
    from negotiations.models import Actor, Source

    Source.objects.all().delete()
    Actor.objects.filter(slug__startswith="syn-").delete()
    call_command("seed_synthetic", demands=100, seed=3, verbosity=0)
    again = list(Demand.objects.order_by("slug").values_list("slug", "paraphrase", "stated_on", "topic__slug"))
    assert again == first


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
