"""The data package carries each term's status over time: a `status_changes` table keyed by the change's number,
its term, evidence and replacing term foreign keys into the package's own tables, in the current package and in
every past version, rebuilt from the history as it stood."""

import csv
import datetime
import io

import pytest

from negotiations.data import datapackage
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

BODY = "Moscow refused the offer outright. Kyiv dropped it for a new plan."


def rows(content):
    return list(csv.DictReader(io.StringIO(content.decode())))


@pytest.fixture
def recorded(memoranda, russia):
    term = memoranda.terms["ru-recognise"]
    source = SourceFactory(body=BODY, published_on=datetime.date(2025, 7, 2))
    evidence = StatementFactory(
        actor=russia,
        source=source,
        quote="Kyiv dropped it",
        stated_on=datetime.date(2025, 7, 1),
        date_precision="month",
    )
    later = DemandFactory(slug="ru-later", party=term.party, statement=StatementFactory(actor=russia, source=source))
    return StatusChangeFactory(
        demand=term, status="superseded", evidence=evidence, quote="Kyiv dropped it for a new plan", superseded_by=later
    )


def test_the_package_holds_the_status_changes_with_their_keys(client, recorded):
    descriptor = client.get("/data/datapackage.json").json()
    resource = next(r for r in descriptor["resources"] if r["name"] == "status_changes")
    schema = resource["schema"]
    assert schema["primaryKey"] == ["id"]
    assert {(tuple(k["fields"]), k["reference"]["resource"]) for k in schema["foreignKeys"]} == {
        (("demand",), "demands"),
        (("evidence",), "statements"),
        (("superseded_by",), "demands"),
    }
    status = next(f for f in schema["fields"] if f["name"] == "status")
    assert "put_forward" not in status["constraints"]["enum"] and "superseded" in status["constraints"]["enum"]
    (row,) = rows(client.get(f"/data/{resource['path']}").content)
    assert row == {
        "id": str(recorded.pk),
        "demand": "ru-recognise",
        "status": "superseded",
        "evidence": recorded.evidence.slug,
        "stated_on": "2025-07-01",
        "date_precision": "month",
        "quote": "Kyiv dropped it for a new plan",
        "superseded_by": "ru-later",
        "note": "",
    }


def test_a_past_version_holds_the_status_changes_as_they_stood(client, recorded, publish):
    before = publish()
    served = client.get(f"/data/v{before}/status_changes.csv").content
    recorded.note = "Corrected since."
    recorded.save()
    StatusChangeFactory(
        demand=recorded.superseded_by, status="restated", evidence=recorded.evidence, quote="Kyiv dropped it"
    )
    after = publish()
    assert client.get(f"/data/v{before}/status_changes.csv").content == served
    (then,) = rows(served)
    assert then["note"] == ""
    now = rows(client.get(f"/data/v{after}/status_changes.csv").content)
    # In the term's order (slug), then the change's number.
    assert [(row["demand"], row["note"]) for row in now] == [("ru-later", ""), ("ru-recognise", "Corrected since.")]


def test_the_package_with_status_changes_validates_with_frictionless(recorded, tmp_path):
    frictionless = pytest.importorskip("frictionless", reason="the frictionless library validates the package")
    _, path = datapackage.write(tmp_path)
    report = frictionless.validate(str(path))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
