"""`make backup` and `make restore`: a round trip keeps every row, on SQLite and on PostgreSQL."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

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


@pytest.mark.django_db(transaction=True)
def test_a_backup_of_an_older_schema_gets_a_clear_message_not_a_raw_pg_restore_error(tmp_path, memoranda, capsys):
    # A dump made before migration 0018: PostgreSQL's pg_restore --clean cannot drop tables the newer ones refer
    # to, and said so in its own words (issue 21). Now the schemas are compared first.
    call_command("migrate", "negotiations", "0017", verbosity=0)
    path = tmp_path / "older.bin"
    call_command("backup", str(path), verbosity=0)
    call_command("migrate", verbosity=0)
    before = snapshot()
    if connection.vendor == "postgresql":
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(path), verbosity=0)
        message = str(refused.value)
        assert "older schema" in message and "negotiations.0018_search_variants" in message, message
        assert "Nothing was changed" in message and "pg_restore" not in message, message
        assert snapshot() == before
    else:  # SQLite's copy replaces the whole file, schema included, and says what to run next
        call_command("restore", str(path))
        assert "older schema" in capsys.readouterr().out
        call_command("migrate", verbosity=0)
        assert snapshot() == before


@pytest.mark.django_db(transaction=True)
def test_a_restore_signs_everyone_out(tmp_path, memoranda, admin_user, client):
    # The backup's sessions came back with it: whoever was signed in when it was made was signed in again.
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    call_command("restore", str(path), verbosity=0)
    assert not Session.objects.exists()
    assert client.get("/admin/").status_code == 302
