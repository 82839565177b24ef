"""`make backup` and `make restore`: a round trip keeps every row, on SQLite and on PostgreSQL."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from negotiations.models import Actor, Counterpart, Demand, Source, Statement, Topic

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
def test_after_a_restore_the_timeline_counts_the_restored_terms(tmp_path, memoranda, client, monkeypatch):
    # The monthly counts are kept in the cache per data version: the restore's new version must replace them.
    monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 0)

    def shown():
        return sorted((m.day, m.side, m.topic_id, m.count) for m in client.get("/timeline/table/").context["months"])

    before = shown()
    assert before
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    Demand.objects.filter(party__slug="russia").delete()
    assert shown() != before
    call_command("restore", str(path), verbosity=0)
    assert shown() == before
