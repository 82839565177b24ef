"""Every published data version stays readable: /data/v<N>/… answers for any version ever current, rebuilt from
the records' history (citing/versions.py, data/past.py), the same bytes it served while current; versions never
published, or issued before the log was kept, answer with a message saying so."""

import csv
import io
import zipfile

import pytest
from django.core.management import call_command

from negotiations.citing.versions import Reading
from negotiations.data import datapackage, past
from negotiations.models import DataVersion, Demand, PublishedVersion, Source
from negotiations.tests.factories import DemandFactory, SourceFactory

pytestmark = pytest.mark.django_db

TABLES = datapackage.TABLE_NAMES


def files_at(client, version):
    """Every file of the package at the version: the descriptor, the tables and the zip, as bytes."""
    names = ["datapackage.json", "datapackage.zip", *(f"{table}.csv" for table in TABLES)]
    responses = {name: client.get(f"/data/v{version}/{name}") for name in names}
    assert {name: r.status_code for name, r in responses.items()} == dict.fromkeys(names, 200)
    return {name: r.content for name, r in responses.items()}


def rows(content):
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_every_advance_logs_the_version_it_publishes(db, publish):
    version = publish()
    logged = PublishedVersion.objects.get(version=version)
    assert logged.published_at == DataVersion.current().changed_at
    DataVersion.advance_past(version + 10)
    assert PublishedVersion.objects.filter(version=version + 11).exists()


def test_after_an_edit_the_previous_version_still_answers_with_the_old_text(client, memoranda, publish):
    before = publish()
    served = files_at(client, before)
    demand = memoranda.terms["ru-recognise"]
    demand.paraphrase = "Recognise the annexations, corrected."
    demand.save()
    after = publish()

    past = files_at(client, before)
    # The same bytes it served while it was current: the descriptor, every table, the zip.
    assert past == served
    paraphrases = {row["slug"]: row["paraphrase"] for row in rows(past["demands.csv"])}
    assert paraphrases["ru-recognise"] == "Recognise the annexations."
    current = {row["slug"]: row["paraphrase"] for row in rows(files_at(client, after)["demands.csv"])}
    assert current["ru-recognise"] == "Recognise the annexations, corrected."
    assert client.get(f"/data/v{before}/demands.csv")["X-Data-Version"] == str(before)


def test_a_past_version_keeps_records_removed_since_and_leaves_out_those_added_since(client, memoranda, publish):
    before = publish()
    Demand.objects.get(slug="ru-language").delete()
    DemandFactory(slug="ru-added-later", party=memoranda.terms["ru-recognise"].party, statement=memoranda.left)
    publish()
    slugs = {row["slug"] for row in rows(client.get(f"/data/v{before}/demands.csv").content)}
    assert "ru-language" in slugs
    assert "ru-added-later" not in slugs


def test_a_past_version_reads_a_term_s_date_as_its_statement_s_then(client, memoranda, publish):
    """A term's stated_on is a copy its statement keeps in step with an UPDATE, which writes no history."""
    before = publish()
    statement = memoranda.left
    statement.stated_on = statement.stated_on.replace(day=1)
    statement.save()
    publish()
    past = {row["slug"]: row["stated_on"] for row in rows(client.get(f"/data/v{before}/demands.csv").content)}
    assert past["ru-recognise"] == "2025-06-02"


def test_a_past_version_keeps_the_citations_it_had(client, memoranda, publish):
    article, cited, later = memoranda.left.source, SourceFactory(slug="cited-then"), SourceFactory(slug="cited-later")
    article.cites.add(cited)
    before = publish()
    article.cites.remove(cited)
    later.cited_by.add(article)  # a change made from the cited side
    after = publish()
    pairs = {(row["source"], row["cites"]) for row in rows(client.get(f"/data/v{before}/source_citations.csv").content)}
    assert pairs == {(article.slug, "cited-then")}
    pairs = {(row["source"], row["cites"]) for row in rows(client.get(f"/data/v{after}/source_citations.csv").content)}
    assert pairs == {(article.slug, "cited-later")}


def test_the_citations_of_a_source_removed_since_are_gone_from_later_versions(client, memoranda, publish):
    article, cited = memoranda.left.source, SourceFactory(slug="cited-then")
    article.cites.add(cited)
    before = publish()
    Source.objects.filter(slug="cited-then").delete()
    after = publish()
    assert "cited-then" in client.get(f"/data/v{before}/source_citations.csv").content.decode()
    assert "cited-then" not in client.get(f"/data/v{after}/source_citations.csv").content.decode()


def test_the_curated_records_read_back_at_the_current_version_as_the_tables_are(curated, publish):
    """The rebuild from the history agrees with the tables themselves, table by table, for every curated record."""
    publish()  # the load's own versions are published when it commits, which a test's transaction never does
    version = DataVersion.current()
    _, now = datapackage.snapshot()
    assert past.package(Reading(version.version, version.changed_at)) == now


def test_a_version_never_published_is_a_404_that_says_so(client, memoranda, publish):
    current = publish()
    for path in (f"v{current + 1}/demands.csv", f"v{current + 1}/datapackage.zip", "v0/datapackage.json"):
        response = client.get(f"/data/{path}")
        assert response.status_code == 404, path
        assert "There is no data version" in response.content.decode()
    assert client.get(f"/data/v{10**30}/demands.csv").status_code == 404


def test_a_version_issued_before_the_log_was_kept_is_gone_and_not_guessed(client, memoranda, publish):
    before = publish()
    publish()
    PublishedVersion.objects.filter(version=before).delete()
    response = client.get(f"/data/v{before}/demands.csv")
    assert response.status_code == 410
    assert "cannot be rebuilt exactly" in response.content.decode()


@pytest.mark.parametrize("more", [1, 30])
def test_a_past_table_is_read_in_queries_that_do_not_grow_with_its_rows(
    client, memoranda, publish, django_assert_num_queries, more
):
    for n in range(more):
        DemandFactory(slug=f"ru-more-{n}", party=memoranda.terms["ru-recognise"].party, statement=memoranda.left)
    before = publish()
    publish()
    # the data version; the version again in the snapshot that would read the current tables (a savepoint here,
    # two statements more); the log; the latest redaction (which the kept files depend on); then one query per model
    # the table reads (terms, actors, topics, statements)
    with django_assert_num_queries(10):
        assert client.get(f"/data/v{before}/demands.csv").status_code == 200


def test_a_past_version_s_zip_holds_the_descriptor_and_its_tables_and_validates(client, memoranda, publish, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    before = publish()
    memoranda.terms["ru-recognise"].delete()
    publish()
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/data/v{before}/datapackage.zip").content))
    assert sorted(archive.namelist()) == sorted(["datapackage.json", *(f"v{before}/{t}.csv" for t in TABLES)])
    archive.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.django_db(transaction=True)
def test_loading_the_fixtures_publishes_versions_that_read_back_as_the_loaded_record(client):
    call_command("loaddata", "ceasefire", verbosity=0)
    first = PublishedVersion.objects.order_by("version").last().version
    loaded = len(rows(client.get(f"/data/v{first}/demands.csv").content))
    DataVersion.advance()
    assert len(rows(client.get(f"/data/v{first}/demands.csv").content)) == loaded == Demand.objects.count()


def test_the_data_page_says_how_to_read_a_version_back_and_from_which_version(client, memoranda, publish):
    first = publish()
    publish()
    PublishedVersion.objects.filter(version__lt=first).delete()
    html = client.get("/data/").content.decode()
    assert 'id="versions"' in html
    assert f"Versions from {first} on can be read back" in html
    assert f'href="/data/v{first + 1}/datapackage.zip"' in html
