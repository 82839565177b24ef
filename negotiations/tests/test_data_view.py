"""/data/: the record as a Frictionless Data Package, its tables consistent at one data version, validated
with the frictionless library; and the explorer's exports carry the data version."""

import csv
import io
import json
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.management import call_command

from negotiations import spreadsheets
from negotiations.data import datapackage
from negotiations.models import DataVersion, Demand, Wording
from negotiations.web import caching

pytestmark = pytest.mark.django_db


@pytest.fixture
def package(client, memoranda):
    response = client.get("/data/datapackage.json")
    assert response.status_code == 200
    return response


def table(client, descriptor, name):
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    response = client.get(f"/data/{resource['path']}")
    assert response.status_code == 200, resource["path"]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_descriptor_names_the_data_version_licence_and_every_table(package):
    descriptor = package.json()
    version = DataVersion.current()
    assert descriptor["version"] == str(version.version)
    assert package["X-Data-Version"] == str(version.version)
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["name"] for r in descriptor["resources"]] == datapackage.TABLE_NAMES
    assert {"actors", "sources", "statements", "demands", "counterparts", "topics"} <= set(datapackage.TABLE_NAMES)


def test_every_table_has_a_primary_key_and_its_foreign_keys_resolve(client, package):
    descriptor = package.json()
    tables = {r["name"]: table(client, descriptor, r["name"]) for r in descriptor["resources"]}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        rows = tables[resource["name"]]
        keys = [tuple(row[f] for f in schema["primaryKey"]) for row in rows]
        assert len(keys) == len(set(keys)), resource["name"]
        for key in schema["foreignKeys"]:
            (column,), target = key["fields"], key["reference"]
            known = {row[target["fields"][0]] for row in tables[target["resource"]]}
            assert {row[column] for row in rows if row[column]} <= known, (resource["name"], column)
    assert len(tables["demands"]) == Demand.objects.count()


def test_an_unknown_table_is_a_404(client, package):
    assert client.get(f"/data/v{DataVersion.current().version}/passwords.csv").status_code == 404


def test_the_data_page_lists_every_table_and_its_fields(client, package):
    html = client.get("/data/").content.decode()
    for name in datapackage.TABLE_NAMES:
        assert f"{name}.csv" in html
    assert "datapackage.json" in html


def test_statements_and_terms_say_whose_words_their_quotes_are(client, package, memoranda):
    Demand.objects.filter(slug="ru-recognise").update(wording=Wording.OWN)
    descriptor = package.json()
    for name in ("statements", "demands"):
        resource = next(r for r in descriptor["resources"] if r["name"] == name)
        (field,) = [f for f in resource["schema"]["fields"] if f["name"] == "wording"]
        assert field["constraints"] == {"required": True, "enum": ["own", "reported"]}
    wordings = {row["slug"]: row["wording"] for row in table(client, descriptor, "demands")}
    assert wordings["ru-recognise"] == "own" and wordings["ru-withdraw"] == "reported"
    html = client.get("/data/").content.decode()
    assert "<code>wording</code>" in html and "Whose words the quote is" in html


def test_the_package_validates_with_frictionless(memoranda, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    _, descriptor = datapackage.write(tmp_path)
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_finds_a_broken_foreign_key(memoranda, tmp_path):
    """The check above proves something: a term whose statement is missing fails it."""
    frictionless = pytest.importorskip("frictionless")
    version, descriptor = datapackage.write(tmp_path)
    demands = tmp_path / datapackage.path_of("demands", version.version)
    demands.write_text(
        demands.read_text(encoding="utf-8").replace(",ru-memo,", ",no-such-statement,"), encoding="utf-8"
    )
    report = frictionless.validate(str(descriptor))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_write_command_prints_the_descriptor_it_wrote(memoranda, tmp_path, capsys):
    call_command("write_datapackage", str(tmp_path))
    written = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert capsys.readouterr().out.strip() == str(tmp_path / "datapackage.json")
    assert written["name"] == "ceasefire-positions"


def test_the_frictionless_command_line_validates_the_written_package(memoranda, tmp_path):
    pytest.importorskip("frictionless")
    _, descriptor = datapackage.write(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", str(descriptor)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def formula_records(memoranda):
    # A curator's text a spreadsheet would run, in a term, a speaker's name (a key's table too) and a quote.
    demand = Demand.objects.order_by("pk").first()
    demand.paraphrase = "=HYPERLINK(evil)"
    demand.locator = "'quoted"
    demand.save()
    demand.statement.actor.name = "@Speaker"
    demand.statement.actor.save()
    return demand


def test_the_tables_keep_a_spreadsheet_from_running_a_text_and_say_how_to_read_it_exactly(client, formula_records):
    descriptor = client.get("/data/datapackage.json").json()
    demands = {row["slug"]: row for row in table(client, descriptor, "demands")}
    actors = {row["slug"]: row for row in table(client, descriptor, "actors")}
    row = demands[formula_records.slug]
    assert row["paraphrase"] == "'=HYPERLINK(evil)"
    assert row["locator"] == "''quoted"
    assert actors[formula_records.statement.actor.slug]["name"] == "'@Speaker"
    assert spreadsheets.exact_text(row["paraphrase"]) == "=HYPERLINK(evil)"
    assert spreadsheets.exact_text(row["locator"]) == "'quoted"
    assert spreadsheets.exact_text(row["quote"]) == formula_records.quote
    assert spreadsheets.RULE in descriptor["description"]
    assert all(spreadsheets.RULE in resource["description"] for resource in descriptor["resources"])
    every_cell = [
        cell for name in datapackage.TABLE_NAMES for r in table(client, descriptor, name) for cell in r.values()
    ]
    assert not [cell for cell in every_cell if cell.startswith(spreadsheets.FORMULA_STARTS)]


def test_the_package_with_guarded_texts_validates_with_frictionless(formula_records, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    _, descriptor = datapackage.write(tmp_path)
    report = frictionless.validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_a_table_of_a_superseded_version_leaves_the_page_cache_when_the_new_one_is_rendered(client, memoranda):
    # Every version's tables stayed in Redis for 24 hours (about 41 MB a version at 100,000 terms): one is kept.
    old = DataVersion.current().version
    assert client.get(f"/data/v{old}/demands.csv").status_code == 200
    old_key = caching.page_key("page", "http://testserver", f"/data/v{old}/demands.csv", "")
    assert cache.get(old_key) is not None
    DataVersion.advance()
    new = DataVersion.current().version
    assert client.get(f"/data/v{new}/demands.csv").status_code == 200
    assert cache.get(old_key) is None
    assert cache.get(caching.page_key("page", "http://testserver", f"/data/v{new}/demands.csv", "")).version == new
    # The old version still answers (rebuilt from the history), and is then the one kept instead.
    assert client.get(f"/data/v{old}/demands.csv").status_code == 200
    assert cache.get(old_key) is not None
    assert cache.get(caching.page_key("page", "http://testserver", f"/data/v{new}/demands.csv", "")) is None
