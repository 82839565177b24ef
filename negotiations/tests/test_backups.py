"""`make backup` and `make restore`: a round trip keeps every row, on SQLite and on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.models import Actor, Counterpart, Demand, MonthlyTermCount, Source, Statement, Topic
from negotiations.tests.factories import DemandFactory

MODELS = (Topic, Actor, Source, Statement, Demand, Counterpart)


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_keeps_every_row(tmp_path, memoranda):
    before = snapshot()
    assert all(before.values()), "every model needs rows for the round trip to show anything"
    statement = memoranda.left
    summary = statement.summary
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    # A curator's mistake after the backup: a summary overwritten, the counterpart links deleted.
    Statement.objects.filter(pk=statement.pk).update(summary="overwritten by mistake")
    Counterpart.objects.all().delete()
    call_command("restore", str(path), verbosity=0)
    assert snapshot() == before
    assert Statement.objects.get(pk=statement.pk).summary == summary


def test_restore_of_a_missing_file_is_a_clear_error(tmp_path, db):
    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(tmp_path / "nothing.bin"))


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_the_monthly_counts_and_their_triggers(tmp_path, memoranda):
    def stored():
        return sorted(MonthlyTermCount.objects.values_list("month", "party_id", "topic_id", "count"))

    def counted():
        return sorted(Demand.objects.monthly_counts().values_list("month", "party_id", "topic_id", "count"))

    before = stored()
    assert before and before == counted()
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    Demand.objects.filter(party__slug="russia").delete()
    assert stored() != before
    # pg_restore loads the rows before it creates the triggers: the counts come back as they were dumped.
    call_command("restore", str(path), verbosity=0)
    assert stored() == before == counted()
    # And the triggers are there again: a term saved after the restore is counted.
    DemandFactory(party=memoranda.left.actor, statement=memoranda.left, topic=memoranda.terms["ru-language"].topic)
    assert stored() == counted() != before
