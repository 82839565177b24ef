"""A status change is a public record: its save advances the data version, its changes are listed on /changes/ (as
“Status of a term”, linked to its term's status history) and among its term's own changes, the baseline covers
it, and a redaction reaches it."""

import pytest
from django.db import transaction

from negotiations.citing.history import MODELS
from negotiations.management.commands.loaddata import write_baseline
from negotiations.models import BASELINE_REASON, REDACTED, DataVersion, Redaction, StatusChange
from negotiations.signals import RECORD_MODELS
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

BODY = "Moscow refused the offer outright, said a man on +7 900 000 00 00."


@pytest.fixture
def change(russia, ukraine):
    term = DemandFactory(party=ukraine, paraphrase="A 30-day ceasefire.", slug="ua-30-day")
    source = SourceFactory(body=BODY)
    evidence = StatementFactory(actor=russia, source=source, quote="Moscow refused the offer outright")
    return StatusChangeFactory(
        demand=term, status="countered", evidence=evidence, quote="Moscow refused the offer outright"
    )


def test_a_status_change_is_a_public_record_whose_save_advances_the_data_version(
    change, django_capture_on_commit_callbacks
):
    assert StatusChange in RECORD_MODELS and MODELS["status"] is StatusChange
    before = DataVersion.current().version
    with django_capture_on_commit_callbacks(execute=True):
        change.note = "Checked."
        change.save()
    assert DataVersion.current().version > before
    with django_capture_on_commit_callbacks(execute=True):
        change.delete()
    assert DataVersion.current().version > before + 1


def test_a_status_change_is_listed_on_changes_linked_to_its_terms_history(client, change):
    change.note = "ISW's reading."
    change._change_reason = "Note added"
    change.save()
    html = client.get("/changes/").content.decode()
    assert "Status of a term" in html
    assert "Countered: A 30-day ceasefire." in html
    assert 'href="/demands/ua-30-day/#status"' in html
    assert "Note added" in html and "ISW&#x27;s reading." in html


def test_a_terms_changes_include_those_of_its_status(client, change):
    html = client.get(f"/changes/?record=demand-{change.demand.pk}").content.decode()
    assert "Countered: A 30-day ceasefire." in html
    other = DemandFactory()
    assert "Countered" not in client.get(f"/changes/?record=demand-{other.pk}").content.decode()
    assert client.get(f"/changes/?record=status-{change.pk}").status_code == 200


def test_the_baseline_covers_status_changes_loaded_without_history(change):
    StatusChange.history.all().delete()
    write_baseline()
    assert change.history.get().history_change_reason == BASELINE_REASON


def test_a_redaction_withdraws_text_from_a_status_changes_every_version(change):
    change.note = "Source: +7 900 000 00 00"
    change.save()
    with transaction.atomic():
        Redaction.objects.withdraw("status", change.pk, "+7 900 000 00 00", "Personal details")
    change.refresh_from_db()
    assert change.note == f"Source: {REDACTED}"
    assert not change.history.filter(note__contains="900").exists()
