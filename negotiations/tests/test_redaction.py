"""Redaction: text a curator withdraws (an informant's phone number in a note, a removed record's name) leaves
every public place it was published, and the public sees that something was redacted, when and why."""

import io
import zipfile

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from negotiations.citing.history import MODELS
from negotiations.management.commands.loaddata import write_baseline
from negotiations.models import REDACTED, DataVersion, Demand, Redaction, Statement
from negotiations.tests.factories import DemandFactory

pytestmark = pytest.mark.django_db

PHONE = "+380 44 123 4567"
REDACT_URL = reverse("admin:negotiations_redaction_add")


@pytest.fixture
def slipped(russia, edit_in_admin):
    """A curator pasted an informant's phone number into a statement's summary, then removed it: both saves are
    on the record of changes."""
    term = DemandFactory(party=russia, paraphrase="Neutrality of Ukraine.")
    for model in MODELS.values():
        model.history.all().delete()
    write_baseline()
    statement = term.statement
    original = statement.summary
    edit_in_admin(statement, summary=f"{original} Informant: {PHONE}.")
    edit_in_admin(statement, summary=original)
    return statement


@pytest.fixture
def redact(client, curator, django_capture_on_commit_callbacks):
    """A curator's redaction in the admin, committed (so the data version advances, as in a real request)."""

    def post(kind, record_id, text, note="personal information"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(REDACT_URL, {"record_kind": kind, "record_id": record_id, "text": text, "note": note})

    return post


def test_before_a_redaction_the_withdrawn_text_is_public(client, slipped):
    """The fault as a reader met it: removing the text from the record leaves it on /changes/ and in its feed."""
    assert PHONE in client.get("/changes/").content.decode()
    assert PHONE in client.get("/changes/feed/").content.decode()


def test_a_redaction_removes_the_text_from_the_changes_page_and_its_feed(client, slipped, redact):
    response = redact("statement", slipped.pk, PHONE)

    assert response.status_code == 302
    for url in ("/changes/", f"/changes/?record=statement-{slipped.pk}", "/changes/feed/", "/demands/feed/"):
        page = client.get(url).content.decode()
        assert PHONE not in page, url
    page = client.get("/changes/").content.decode()
    assert REDACTED in page
    assert "Part of this entry was redacted on" in page
    assert "personal information" in page
    feed = client.get("/changes/feed/").content.decode()
    assert "Part of this entry was redacted on" in feed


def test_a_redaction_rewrites_every_stored_version_and_keeps_the_text_nowhere(client, slipped, redact):
    redact("statement", slipped.pk, PHONE)

    versions = Statement.history.filter(id=slipped.pk)
    assert versions.count() == 3
    assert not versions.filter(summary__contains=PHONE).exists()
    assert versions.filter(summary__contains=REDACTED).count() == 1
    redaction = Redaction.objects.get()
    assert (redaction.record_kind, redaction.record_id, redaction.versions_changed) == ("statement", slipped.pk, 1)
    assert PHONE not in str(vars(redaction))
    assert not LogEntry.objects.filter(object_repr__contains=PHONE).exists()


def test_a_redaction_advances_the_data_version_so_no_cached_page_keeps_the_text(client, slipped, redact):
    client.get("/changes/")  # cached at the current version
    before = DataVersion.current().version

    redact("statement", slipped.pk, PHONE)

    assert DataVersion.current().version > before
    assert PHONE not in client.get("/changes/").content.decode()


def test_a_deleted_records_name_can_be_redacted(client, russia, curator, redact):
    term = DemandFactory(party=russia, paraphrase="Talks through Ivan Petrenko, informant")
    term_id = term.pk
    term.delete()
    assert "Ivan Petrenko" in client.get("/changes/").content.decode()

    redact("demand", term_id, "Ivan Petrenko")

    page = client.get("/changes/").content.decode()
    assert "Ivan Petrenko" not in page
    assert "Part of this entry was redacted on" in page
    assert not Demand.history.filter(paraphrase__contains="Ivan Petrenko").exists()


def test_text_still_in_the_current_record_is_withdrawn_from_it_too(client, slipped, edit_in_admin, redact):
    edit_in_admin(slipped, summary=f"Informant: {PHONE}.")
    version = Statement.objects.get(pk=slipped.pk).version

    redact("statement", slipped.pk, PHONE)

    current = Statement.objects.get(pk=slipped.pk)
    assert current.summary == f"Informant: {REDACTED}."
    # A curator's form opened before the redaction is refused, not saved over it.
    assert current.version != version
    assert PHONE not in client.get(current.get_absolute_url()).content.decode()


def test_text_in_no_version_is_refused_with_a_message_and_changes_nothing(client, slipped, redact):
    before = DataVersion.current().version

    response = redact("statement", slipped.pk, "not in any version")

    assert response.status_code == 200
    assert "This text is in no version of that record" in response.content.decode()
    assert not Redaction.objects.exists()
    assert DataVersion.current().version == before


def test_an_unknown_record_is_refused_with_a_message(client, slipped, redact):
    response = redact("statement", 999_999, PHONE)

    assert response.status_code == 200
    assert "This text is in no version of that record" in response.content.decode()
    assert not Redaction.objects.exists()


def test_a_redaction_can_be_neither_changed_nor_undone(client, slipped, redact):
    redact("statement", slipped.pk, PHONE)
    redaction = Redaction.objects.get()

    assert (
        client.post(reverse("admin:negotiations_redaction_delete", args=[redaction.pk]), {"post": "yes"}).status_code
        == 403
    )
    client.post(reverse("admin:negotiations_redaction_change", args=[redaction.pk]), {"note": "changed"})
    assert Redaction.objects.get().note == "personal information"


def text_of(response):
    """A page's text, or every file's in a zip (compressed, the text would not show in its bytes)."""
    if response["Content-Type"] != "application/zip":
        return response.content.decode()
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        return "".join(package.read(name).decode() for name in package.namelist())


@pytest.fixture
def published_slip(russia, edit_in_admin, publish):
    """As `slipped`, with a data version published while the phone number was public: (statement, that version)."""
    term = DemandFactory(party=russia, paraphrase="Neutrality of Ukraine.")
    statement = term.statement
    original = statement.summary
    publish()
    edit_in_admin(statement, summary=f"{original} Informant: {PHONE}.")
    exposed = publish()
    edit_in_admin(statement, summary=original)
    publish()
    return statement, exposed


def test_a_redaction_reaches_past_data_versions_and_records_read_at_a_version(client, published_slip, redact):
    statement, exposed = published_slip
    places = [
        f"/data/v{exposed}/statements.csv",
        f"/data/v{exposed}/datapackage.zip",
        f"/statements/{statement.pk}/?version={exposed}",
    ]
    # The fault: the version a reader cited still publishes the text.
    assert all(PHONE in text_of(client.get(url)) for url in places)

    redact("statement", statement.pk, PHONE)

    for url in places:
        response = client.get(url)
        assert response.status_code == 200, url
        assert PHONE not in text_of(response), url
    assert REDACTED in client.get(places[0]).content.decode()


def test_a_redaction_reaches_a_removed_records_tombstone(client, russia, redact):
    term = DemandFactory(party=russia, paraphrase="Talks through Ivan Petrenko, informant")
    term_id, url = term.pk, term.get_absolute_url()
    term.delete()
    assert "Ivan Petrenko" in client.get(url).content.decode()

    redact("demand", term_id, "Ivan Petrenko")

    response = client.get(url)
    assert response.status_code == 410
    assert "Ivan Petrenko" not in response.content.decode()


def test_text_in_a_curators_reason_is_redacted_too(client, russia, edit_in_admin, redact):
    # The reason is public on /changes/ (issue 23): text withdrawn from the record leaves it as well.
    term = DemandFactory(party=russia, paraphrase="Neutrality of Ukraine.")
    for model in MODELS.values():
        model.history.all().delete()
    write_baseline()
    edit_in_admin(term, paraphrase="Permanent neutrality.", change_reason=f"Informant {PHONE} confirmed it.")

    assert redact("demand", term.pk, PHONE).status_code == 302

    latest = term.history.latest("history_date", "history_id")
    assert latest.history_change_reason == f"Informant {REDACTED} confirmed it."
    for url in ("/changes/", "/changes/feed/"):
        page = client.get(url).content.decode()
        assert PHONE not in page and f"Informant {REDACTED} confirmed it." in page, url
    assert "Part of this entry was redacted on" in client.get("/changes/").content.decode()


def test_a_redaction_leaves_the_baseline_as_it_is(client, russia, edit_in_admin, redact):
    # The baseline's reason marks the versions that are not changes: a word of it withdrawn would list them all.
    term = DemandFactory(party=russia, paraphrase="The curated records as loaded.")
    for model in MODELS.values():
        model.history.all().delete()
    write_baseline()
    assert redact("demand", term.pk, "curated records").status_code == 302
    assert client.get("/changes/").context["entries"] == []
