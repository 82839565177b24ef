"""CSV and JSON exports: exactly what the filter shows, each row with its source, date, quote and a link back."""

import csv
import datetime
import io
import json

import pytest

from negotiations.models import Demand, Wording
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

RANGE = {"from": "2025-05-01", "to": "2025-06-30", "party": "russia"}


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def expected_quotes():
    rows = Demand.objects.for_party("russia").stated_between(datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))
    return sorted(rows.values_list("quote", flat=True))


@pytest.fixture
def terms(russia, ukraine):
    """Russian terms inside and outside May–June 2025, one carried by an article from its first publication."""
    memo = StatementFactory(
        actor=russia,
        stated_on=datetime.date(2025, 6, 2),
        source=SourceFactory(publisher=ActorFactory(name="Euromaidan Press", kind="media")),
        cited_source=SourceFactory(publisher=ActorFactory(name="TASS", kind="media")),
    )
    DemandFactory(party=russia, statement=memo, locator="Russian memorandum §1", quote="neutrality")
    DemandFactory(party=russia, statement=memo, locator="Russian memorandum §2", quote="no foreign troops")
    for day, quote in [(datetime.date(2025, 5, 1), "first of May"), (datetime.date(2025, 6, 30), "end of June")]:
        DemandFactory(party=russia, statement=StatementFactory(actor=russia, stated_on=day), quote=quote)
    for day, quote in [(datetime.date(2025, 4, 30), "too early"), (datetime.date(2025, 7, 1), "too late")]:
        DemandFactory(party=russia, statement=StatementFactory(actor=russia, stated_on=day), quote=quote)
    DemandFactory(party=ukraine, statement=StatementFactory(actor=ukraine, stated_on=datetime.date(2025, 6, 1)))


def test_csv_export_names_the_range(client, terms):
    response = client.get("/demands/export.csv", RANGE)
    assert response["Content-Disposition"] == 'attachment; filename="demands-2025-05-01-to-2025-06-30.csv"'


def test_csv_export_matches_the_filter(client, terms):
    response = client.get("/demands/export.csv", RANGE)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert sorted(row["quote"] for row in rows) == expected_quotes()
    assert len(rows) == 4
    assert all(row["party"] == "Russia" for row in rows)
    assert all("2025-05-01" <= row["stated_on"] <= "2025-06-30" for row in rows)
    memo = next(row for row in rows if row["locator"] == "Russian memorandum §1")
    assert memo["source_publisher"] == "Euromaidan Press"
    assert memo["first_published_by"] == "TASS"
    assert memo["link"].startswith("http://testserver/demands/")
    assert memo["wording"] == "reported"


def test_json_export_is_the_same_rows(client, terms):
    Demand.objects.filter(quote="neutrality").update(wording=Wording.OWN)
    response = client.get("/demands/export.json", RANGE)
    assert response["Content-Disposition"] == 'attachment; filename="demands-2025-05-01-to-2025-06-30.json"'
    rows = json.loads(body(response))
    assert sorted(row["quote"] for row in rows) == expected_quotes()
    assert {"stated_on", "quote", "wording", "source_title", "link"} <= set(rows[0])
    assert {row["quote"]: row["wording"] for row in rows if row["wording"] == "own"} == {"neutrality": "own"}


def test_an_open_range_is_named_to_latest(client, terms):
    only_from = client.get("/demands/export.csv", {"from": "2025-01-01"})
    assert 'filename="demands-2025-01-01-to-latest.csv"' in only_from["Content-Disposition"]


def test_no_range_is_named_all_dates(client, terms):
    everything = client.get("/demands/export.json")
    assert 'filename="demands-all-dates.json"' in everything["Content-Disposition"]


def test_no_range_exports_every_term(client, terms):
    everything = client.get("/demands/export.json")
    assert len(json.loads(body(everything))) == Demand.objects.count()


def test_empty_export_is_a_valid_empty_file(client, terms):
    assert json.loads(body(client.get("/demands/export.json", {"from": "2030-01-01"}))) == []
    assert body(client.get("/demands/export.csv", {"from": "2030-01-01"})).count("\n") == 1


@pytest.mark.parametrize("params", [{"from": "nope"}, {"from": "2025-07-01", "to": "2025-01-01"}, {"party": "x"}])
def test_bad_filter_is_a_400_with_the_reason(client, terms, params):
    response = client.get("/demands/export.csv", params)
    assert response.status_code == 400
    assert "Cannot export" in response.content.decode()


def test_export_streams(client, terms):
    response = client.get("/demands/export.csv")
    assert response.streaming


def test_exports_carry_the_data_version_in_every_row_and_a_header(client, terms):
    from negotiations.models import DataVersion

    version = str(DataVersion.current().version)
    as_csv = client.get("/demands/export.csv", RANGE)
    assert as_csv["X-Data-Version"] == version
    assert {row["data_version"] for row in csv.DictReader(io.StringIO(body(as_csv)))} == {version}
    as_json = client.get("/demands/export.json", RANGE)
    assert as_json["X-Data-Version"] == version
    assert {row["data_version"] for row in json.loads(body(as_json))} == {int(version)}


def test_exports_show_a_month_precision_date_as_the_month(client, russia):
    DemandFactory(
        party=russia,
        statement=StatementFactory(actor=russia, stated_on=datetime.date(2024, 10, 1), date_precision="month"),
    )
    (row,) = csv.DictReader(io.StringIO(body(client.get("/demands/export.csv"))))
    assert (row["stated_on"], row["date_display"], row["date_precision"]) == ("2024-10-01", "October 2024", "month")


def test_the_csv_for_excel_starts_with_a_byte_order_mark_and_is_otherwise_the_same(client, terms):
    plain = body(client.get("/demands/export.csv", RANGE))
    excel = client.get("/demands/export.excel.csv", RANGE)
    assert excel["Content-Type"] == "text/csv; charset=utf-8"
    assert body(excel) == "\ufeff" + plain
    assert not plain.startswith("\ufeff")


def test_exports_follow_said_by_and_source(client, terms, russia):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    DemandFactory(party=russia, statement=StatementFactory(actor=putin), quote="said by Putin")
    rows = json.loads(body(client.get("/demands/export.json", {"said_by": "putin"})))
    assert [row["quote"] for row in rows] == ["said by Putin"]


def test_an_export_is_handed_over_in_pieces_of_many_rows_with_the_same_text():
    from negotiations.explorer.export import in_pieces

    lines = [f"row {n}\n" for n in range(1001)]
    pieces = list(in_pieces(iter(lines), size=500))
    assert "".join(pieces) == "".join(lines)
    assert [piece.count("\n") for piece in pieces] == [500, 500, 1]
