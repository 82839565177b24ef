"""Migration 0021 (whose words): the records already there become the source's report, and the tables keep what
earlier migrations made outside the models' state (SQLite's search triggers and the statements' picker index)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from negotiations.models import Demand, Statement
from negotiations.tests.factories import DemandFactory, StatementFactory

WORDING = ("negotiations", "0021_wording")


def sqlite_objects():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE (type = 'trigger' AND tbl_name = 'negotiations_demand') "
            "OR name = 'statement_picker_idx'"
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_records_already_there_become_reported_and_the_tables_keep_their_triggers_and_indexes(russia):
    statement = StatementFactory(actor=russia, stated_on=datetime.date(2025, 6, 2))
    DemandFactory(statement=statement, party=russia, quote="recognition of control over the territories")
    before_objects = sqlite_objects() if connection.vendor == "sqlite" else set()
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("negotiations")
    (before,) = executor.loader.graph.node_map[WORDING].parents
    executor.migrate([before.key])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest)
    assert list(Statement.objects.values_list("wording", flat=True)) == ["reported"]
    assert list(Demand.objects.values_list("wording", flat=True)) == ["reported"]
    if connection.vendor == "sqlite":
        assert len(before_objects) == 4  # three triggers and the index, which a rebuilt table would have lost
        assert sqlite_objects() == before_objects
    # A term saved now is found by the words of its quote (the search index is kept in step).
    DemandFactory(statement=statement, party=russia, quote="a neutral status", paraphrase="Neutrality.")
    words = [["neutral"]]
    assert list(Demand.objects.matching(words).values_list("quote", flat=True)) == ["a neutral status"]
