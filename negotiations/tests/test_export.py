"""CSV and JSON exports: exactly what the filter shows, each row with its source, date, quote and a link back."""

import csv
import datetime
import io
import json

import pytest

from negotiations.models import Demand

pytestmark = pytest.mark.django_db

RANGE = {"from": "2025-05-01", "to": "2025-06-30", "party": "russia"}


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def expected_quotes():
    rows = Demand.objects.for_party("russia").stated_between(datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))
    return sorted(rows.values_list("quote", flat=True))


def test_csv_export_matches_the_filter_and_names_the_range(client, curated):
    response = client.get("/demands/export.csv", RANGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="demands-2025-05-01-to-2025-06-30.csv"'
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert sorted(row["quote"] for row in rows) == expected_quotes()
    assert all(row["party"] == "Russia" for row in rows)
    assert all("2025-05-01" <= row["stated_on"] <= "2025-06-30" for row in rows)
    memo = next(row for row in rows if row["locator"] == "Russian memorandum §1")
    assert memo["source_publisher"] == "Euromaidan Press"
    assert memo["first_published_by"] == "TASS"
    assert memo["link"].startswith("http://testserver/demands/")


def test_json_export_is_the_same_rows(client, curated):
    response = client.get("/demands/export.json", RANGE)
    assert response["Content-Disposition"] == 'attachment; filename="demands-2025-05-01-to-2025-06-30.json"'
    rows = json.loads(body(response))
    assert sorted(row["quote"] for row in rows) == expected_quotes()
    assert {"stated_on", "quote", "source_title", "link"} <= set(rows[0])


def test_open_ranges_and_no_range_in_file_names(client, curated):
    only_from = client.get("/demands/export.csv", {"from": "2025-01-01"})
    assert 'filename="demands-2025-01-01-to-latest.csv"' in only_from["Content-Disposition"]
    everything = client.get("/demands/export.json")
    assert 'filename="demands-all-dates.json"' in everything["Content-Disposition"]
    assert len(json.loads(body(everything))) == Demand.objects.count()


def test_empty_export_is_a_valid_empty_file(client, curated):
    assert json.loads(body(client.get("/demands/export.json", {"from": "2030-01-01"}))) == []
    assert body(client.get("/demands/export.csv", {"from": "2030-01-01"})).count("\n") == 1


@pytest.mark.parametrize("params", [{"from": "nope"}, {"from": "2025-07-01", "to": "2025-01-01"}, {"party": "x"}])
def test_bad_filter_is_a_400_with_the_reason(client, curated, params):
    response = client.get("/demands/export.csv", params)
    assert response.status_code == 400
    assert "Cannot export" in response.content.decode()


def test_export_streams(client, curated):
    response = client.get("/demands/export.csv")
    assert response.streaming
