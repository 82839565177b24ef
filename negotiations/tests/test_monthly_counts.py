"""The timeline's monthly counts, counted live from the month index once per data version and kept in the cache
(timeline/fetch.py): after any change the timeline shows what a plain count of the terms gives, a second render
in the same version does not count again, and a cache that fails only means counting every time.

The changes below advance the data version as the app's writes do: a save, delete or fixture load through the
signals (signals.py, after commit), a bulk insert by saying so (DataVersion.advance, as seed_synthetic does)."""

import datetime
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from negotiations.models import DataVersion, Demand, Side, Statement
from negotiations.tests.factories import DemandFactory, StateFactory, StatementFactory, TopicFactory
from negotiations.timeline import fetch
from negotiations.web import caching

MAY, JUNE = datetime.date(2025, 5, 1), datetime.date(2025, 6, 1)


def plain_count():
    """The reference: the two parties' dated terms, counted one by one per month, side and topic."""
    counts = Counter()
    for term in Demand.objects.of_the_parties().exclude(stated_on=None).select_related("party"):
        counts[term.stated_on.replace(day=1), term.party.side, term.topic_id] += 1
    return counts


def shown(client):
    """The monthly counts the timeline's table shows."""
    response = client.get("/timeline/table/")
    assert response.status_code == 200
    return Counter({(month.day, month.side, month.topic_id): month.count for month in response.context["months"]})


@pytest.fixture(autouse=True)
def counted_per_month(monkeypatch):
    """Every dated term counted per month, however few: the table shows the monthly counts."""
    monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 0)


@pytest.fixture(autouse=True)
def rendered_every_time(settings):
    """The page cache off: every request renders, and only the monthly counts are kept per data version."""
    settings.PAGE_CACHE = False


@pytest.fixture
def changes(django_capture_on_commit_callbacks):
    """`with changes(): ...`: writes whose commit runs its callbacks, so the data version advances."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def countings(monkeypatch):
    """How many times the timeline has counted the terms."""
    calls = []
    count_monthly = fetch.count_monthly
    monkeypatch.setattr(fetch, "count_monthly", lambda: calls.append(1) or count_monthly())
    return calls


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
def test_the_timeline_counts_each_sides_dated_terms_per_month_and_topic(client, terms, territory, nuclear):
    # Two actors on one side are counted together; a mediator's terms are not the timeline's.
    federation = StateFactory(slug="russian-federation", name="Russian Federation", side=Side.RUSSIA)
    DemandFactory(statement=terms["june"], party=federation, topic=territory)
    DemandFactory(statement=terms["june"], party=StateFactory(slug="un", side=Side.MEDIATOR), topic=territory)
    assert (
        shown(client)
        == plain_count()
        == {
            (MAY, Side.RUSSIA, territory.pk): 2,
            (MAY, Side.RUSSIA, nuclear.pk): 1,
            (MAY, Side.UKRAINE, territory.pk): 2,
            (MAY, Side.UKRAINE, nuclear.pk): 1,
            (JUNE, Side.RUSSIA, territory.pk): 2,
        }
    )
    assert client.get("/timeline/").context["dated_count"] == 8  # the undated term is not counted


@pytest.mark.django_db
def test_an_edit_of_a_terms_topic_or_party_moves_its_count(client, terms, changes, ukraine, nuclear):
    before = shown(client)
    term = terms["june"].demands.get()
    with changes():
        term.topic = nuclear
        term.save()
    assert shown(client) == plain_count() != before
    with changes():
        term.party = ukraine
        term.save()
    assert shown(client)[JUNE, Side.UKRAINE, nuclear.pk] == 1
    assert shown(client) == plain_count()


@pytest.mark.django_db
def test_a_curators_admin_edit_moves_the_count(client, terms, edit_in_admin, changes, nuclear):
    before = shown(client)
    with changes():
        edit_in_admin(terms["june"].demands.get(), topic=nuclear.pk)
    assert shown(client) == plain_count() != before
    with changes():
        edit_in_admin(terms["june"], stated_on="2025-03-04")  # the statement's terms follow its date
    assert shown(client) == plain_count()
    assert shown(client)[datetime.date(2025, 3, 1), Side.RUSSIA, nuclear.pk] == 1


@pytest.mark.django_db
def test_terms_inserted_in_bulk_are_counted_once_the_version_advances(client, terms, russia, nuclear):
    before = shown(client)
    statement = terms["june"]
    fields = {"party": russia, "topic": nuclear, "stance": "demand", "paraphrase": "Bulk.", "quote": "Bulk."}
    Demand.objects.bulk_create(
        Demand(slug=f"bulk-{n}", statement=statement, stated_on=statement.stated_on, **fields) for n in range(7)
    )
    DataVersion.advance()  # bulk_create sends no signals: a bulk writer advances the version, as seed_synthetic does
    assert shown(client)[JUNE, Side.RUSSIA, nuclear.pk] == 7
    assert shown(client) == plain_count() != before


@pytest.mark.django_db
def test_a_statements_new_date_moves_its_terms_months(client, terms, changes, russia, territory):
    shown(client)
    statement = terms["may_day"]
    with changes():
        statement.stated_on = datetime.date(2025, 6, 20)
        statement.save()  # its terms follow with one UPDATE (Statement.save), the statement's save advances
    assert shown(client)[JUNE, Side.RUSSIA, territory.pk] == 3
    assert shown(client) == plain_count()
    with changes():
        statement.stated_on, statement.date_precision = None, "unknown"
        statement.save()
    assert shown(client)[JUNE, Side.RUSSIA, territory.pk] == 1
    assert shown(client) == plain_count()


@pytest.mark.django_db
def test_deleted_terms_and_statements_are_uncounted(client, terms, changes):
    shown(client)
    with changes():
        terms["may_day"].demands.first().delete()
    assert shown(client) == plain_count()
    with changes():
        Demand.objects.all().delete()
        Statement.objects.all().delete()
    assert shown(client) == {} == plain_count()


@pytest.mark.django_db
def test_the_curated_fixtures_and_synthetic_terms_seeded_over_them_are_counted(client, curated, changes):
    assert sum(shown(client).values()) == Demand.objects.of_the_parties().exclude(stated_on=None).count()
    assert shown(client) == plain_count()
    with changes():
        call_command("seed_synthetic", demands=300, seed=7, force=True, verbosity=0)
    assert shown(client) == plain_count()
    with changes():
        call_command("loaddata", "ceasefire", verbosity=0)  # over the same records: UPDATEs, not INSERTs
    assert shown(client) == plain_count()


@pytest.mark.django_db
def test_a_second_render_in_the_same_data_version_does_not_count_again(client, terms, countings, changes):
    client.get("/timeline/")
    client.get("/timeline/table/")
    client.get("/timeline/table/", {"side": "ukraine"})
    assert len(countings) == 1
    with changes():
        DemandFactory(statement=terms["june"], party=terms["june"].actor)
    assert shown(client) == plain_count()
    assert len(countings) == 2


@pytest.mark.django_db
def test_a_cache_that_fails_still_counts_once_a_version_and_anew_after_a_change(
    client, terms, countings, changes, settings, monkeypatch
):
    monkeypatch.setattr(caching.outage, "down", False)
    settings.CACHES = {  # a Redis nobody listens on: connections are refused at once
        "default": {
            "BACKEND": "negotiations.web.redis_cache.PageCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    assert client.get("/timeline/").status_code == 200
    assert shown(client) == plain_count()
    assert len(countings) == 1  # kept by the process meanwhile (caching.STAND_IN)
    with changes():
        DemandFactory(statement=terms["june"], party=terms["june"].actor)
    assert shown(client) == plain_count()


def monthly_triggers():
    if connection.vendor == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'negotiations_demand_monthly%%'"
    else:
        query = "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'negotiations_demand_monthly%%'"
    with connection.cursor() as cursor:
        cursor.execute(query, [])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_the_counts_table_with_its_triggers_and_its_reverse_brings_them_back(russia, territory):
    statement = StatementFactory(stated_on=datetime.date(2025, 5, 9), actor=russia)
    DemandFactory(statement=statement, party=russia, topic=territory)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("negotiations")
    (dropping,) = [key for key in executor.loader.graph.nodes if key[1].endswith("_drop_monthly_term_counts")]
    (before,) = executor.loader.graph.node_map[dropping].parents
    executor.migrate([before.key])
    try:
        # Reversed: the table is back, with the terms already there counted, and its triggers count a new one.
        assert len(monthly_triggers()) == 3
        # Written through the models as they were then: today's Demand has columns added since (placed_on).
        then = executor.loader.project_state([before.key]).apps.get_model("negotiations", "Demand")
        then.objects.create(
            slug="reversed",
            party_id=russia.pk,
            topic_id=territory.pk,
            stance="demand",
            paraphrase="A term.",
            quote="A term.",
            statement_id=statement.pk,
            stated_on=statement.stated_on,
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT month, count FROM negotiations_monthlytermcount")
            assert [(str(month), count) for month, count in cursor.fetchall()] == [("2025-05-01", 2)]
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    assert "negotiations_monthlytermcount" not in connection.introspection.table_names()
    assert monthly_triggers() == set()
    DemandFactory(statement=statement, party=russia, topic=territory)  # no trigger writes to a table now gone
    assert Demand.objects.count() == 3
