"""The timeline's monthly counts (MonthlyTermCount), kept by database triggers on every write to the terms:
after any change, the stored counts equal a live count of the terms (Demand.objects.monthly_counts())."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from negotiations.models import Actor, Demand, MonthlyTermCount, Side, Statement
from negotiations.tests.factories import DemandFactory, StateFactory, StatementFactory, TopicFactory
from negotiations.timeline import fetch as assemble

MAY, JUNE = datetime.date(2025, 5, 1), datetime.date(2025, 6, 1)


def counted():
    """The live aggregate, the reference: dated terms per month, party and topic."""
    return {(row["month"], row["party_id"], row["topic_id"]): row["count"] for row in Demand.objects.monthly_counts()}


def stored():
    return {
        (row.month, row.party_id, row.topic_id): row.count
        for row in MonthlyTermCount.objects.all()  # every row: a cell counted at zero would be a stale row
    }


def assert_stored_counts_are_the_terms():
    assert stored() == counted()


@pytest.fixture
def territory(db):
    return TopicFactory(slug="territory", name="Territory", position=2)


@pytest.fixture
def nuclear(db):
    return TopicFactory(slug="nuclear", name="Nuclear", position=6)


@pytest.fixture
def terms(russia, ukraine, territory, nuclear):
    """Two statements of May 2025 with three terms each, one of June, and one undated."""
    may_day = StatementFactory(stated_on=datetime.date(2025, 5, 9), actor=russia)
    may_end = StatementFactory(stated_on=datetime.date(2025, 5, 31), actor=ukraine)
    june = StatementFactory(stated_on=datetime.date(2025, 6, 2), actor=russia)
    undated = StatementFactory(stated_on=None, date_precision="unknown", actor=russia)
    for topic in (territory, territory, nuclear):
        DemandFactory(statement=may_day, party=russia, topic=topic)
        DemandFactory(statement=may_end, party=ukraine, topic=topic)
    DemandFactory(statement=june, party=russia, topic=territory)
    DemandFactory(statement=undated, party=russia, topic=territory)
    return {"may_day": may_day, "may_end": may_end, "june": june, "undated": undated}


@pytest.mark.django_db
def test_terms_saved_one_by_one_are_counted_in_their_month_and_undated_ones_not(terms, russia, ukraine, territory):
    assert stored() == {
        (MAY, russia.pk, territory.pk): 2,
        (MAY, russia.pk, terms["may_day"].demands.get(topic__slug="nuclear").topic_id): 1,
        (MAY, ukraine.pk, territory.pk): 2,
        (MAY, ukraine.pk, terms["may_end"].demands.get(topic__slug="nuclear").topic_id): 1,
        (JUNE, russia.pk, territory.pk): 1,
    }
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_terms_created_in_bulk_are_counted(terms, russia, nuclear):
    statement = terms["june"]
    Demand.objects.bulk_create(
        Demand(
            slug=f"bulk-{n}",
            party=russia,
            topic=nuclear,
            stance="demand",
            paraphrase="Bulk.",
            quote="Bulk.",
            statement=statement,
            stated_on=statement.stated_on,
        )
        for n in range(7)
    )
    assert stored()[JUNE, russia.pk, nuclear.pk] == 7
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_a_terms_new_party_or_topic_moves_its_count(terms, ukraine, nuclear):
    term = terms["june"].demands.get()
    term.topic = nuclear
    term.save()
    assert_stored_counts_are_the_terms()
    Demand.objects.filter(pk=term.pk).update(party=ukraine)
    assert stored()[JUNE, ukraine.pk, nuclear.pk] == 1
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_a_statements_new_date_moves_its_terms_months(terms, russia, territory):
    statement = terms["may_day"]
    statement.stated_on = datetime.date(2025, 6, 20)
    statement.save()  # its terms follow with one UPDATE (Statement.save)
    assert stored()[JUNE, russia.pk, territory.pk] == 3
    assert_stored_counts_are_the_terms()
    # A day within the same month changes no count.
    statement.stated_on = datetime.date(2025, 6, 21)
    statement.save()
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_a_date_made_unknown_uncounts_its_terms_and_a_date_given_counts_them(terms, russia, territory):
    statement = terms["june"]
    statement.stated_on, statement.date_precision = None, "unknown"
    statement.save()
    assert (JUNE, russia.pk, territory.pk) not in stored()  # a cell at zero is deleted, not kept at 0
    assert_stored_counts_are_the_terms()
    undated = terms["undated"]
    undated.stated_on, undated.date_precision = datetime.date(2024, 12, 25), "day"
    undated.save()
    assert stored()[datetime.date(2024, 12, 1), russia.pk, territory.pk] == 1
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_deleted_terms_and_statements_are_uncounted(terms):
    term = terms["may_day"].demands.first()
    DemandFactory(statement=terms["may_end"], party=term.party, topic=term.topic)  # a link to cascade
    term.delete()
    assert_stored_counts_are_the_terms()
    Demand.objects.filter(statement=terms["may_end"]).delete()
    terms["may_end"].delete()
    assert_stored_counts_are_the_terms()
    Demand.objects.all().delete()
    Statement.objects.all().delete()
    assert stored() == {} == counted()


@pytest.mark.django_db
def test_a_curators_admin_edit_moves_the_count(terms, edit_in_admin, nuclear):
    term = terms["june"].demands.get()
    edit_in_admin(term, topic=nuclear.pk)
    assert term.topic == nuclear
    assert_stored_counts_are_the_terms()
    edit_in_admin(terms["june"], stated_on="2025-03-04")
    assert_stored_counts_are_the_terms()
    assert term.history.count() >= 2  # simple-history's tables are written as before (they have no triggers)


@pytest.mark.django_db
def test_the_curated_fixtures_are_counted_when_loaded_and_loaded_again(curated):
    assert stored() and sum(stored().values()) == Demand.objects.exclude(stated_on=None).count()
    assert_stored_counts_are_the_terms()
    call_command("loaddata", "ceasefire", verbosity=0)  # over the same records: UPDATEs, not INSERTs
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_synthetic_terms_seeded_over_the_curated_ones_are_counted(curated):
    call_command("seed_synthetic", demands=300, seed=7, force=True, verbosity=0)
    assert sum(stored().values()) == Demand.objects.exclude(stated_on=None).count()
    assert_stored_counts_are_the_terms()


@pytest.mark.django_db
def test_the_timeline_shows_the_counts_per_side_that_the_terms_give(terms, client, monkeypatch, russia, territory):
    monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 5)
    # Two actors on one side are counted together; a mediator's terms are not the timeline's.
    federation = StateFactory(slug="russian-federation", name="Russian Federation", side=Side.RUSSIA)
    DemandFactory(statement=terms["june"], party=federation, topic=territory)
    DemandFactory(statement=terms["june"], party=StateFactory(slug="un", side=Side.MEDIATOR), topic=territory)
    side_of = dict(Actor.objects.values_list("pk", "side"))
    live = Counter()
    for (month, party, topic), count in counted().items():
        if side_of[party] in (Side.RUSSIA, Side.UKRAINE):
            live[month, side_of[party], topic] += count
    assert live[JUNE, Side.RUSSIA, territory.pk] == 2
    assert assemble.monthly_counts() == live
    response = client.get("/timeline/table/")
    assert response.context["binned"]
    assert {(m.day, m.side, m.topic_id): m.count for m in response.context["months"]} == live
    assert response.context["dated_count"] == sum(live.values())


@pytest.mark.django_db
def test_a_new_term_shows_on_the_next_timeline_as_the_data_version_advances(
    terms, client, monkeypatch, russia, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 5)
    before = client.get("/timeline/table/")
    with django_capture_on_commit_callbacks(execute=True):
        DemandFactory(statement=terms["june"], party=russia)
    after = client.get("/timeline/table/")
    assert after["ETag"] != before["ETag"]
    assert after.context["dated_count"] == before.context["dated_count"] + 1


@pytest.mark.django_db(transaction=True)
def test_the_migration_counts_the_terms_already_there_and_its_reverse_drops_the_triggers(russia, territory):
    statement = StatementFactory(stated_on=datetime.date(2025, 5, 9), actor=russia)
    DemandFactory(statement=statement, party=russia, topic=territory)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("negotiations")
    (counts_migration,) = [key for key in executor.loader.graph.nodes if key[1].endswith("_monthly_term_counts")]
    (before,) = executor.loader.graph.node_map[counts_migration].parents
    executor.migrate([before.key])
    try:
        # No table and no triggers: a term is written as before the migration.
        DemandFactory(statement=statement, party=russia, topic=territory)
        assert "negotiations_monthlytermcount" not in connection.introspection.table_names()
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    assert stored() == {(MAY, russia.pk, territory.pk): 2}
    DemandFactory(statement=statement, party=russia, topic=territory)
    assert_stored_counts_are_the_terms()
