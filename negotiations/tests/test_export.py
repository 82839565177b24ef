"""CSV and JSON exports: exactly what the filter shows, each row with its source, date, quote and a link back."""

import csv
import datetime
import io
import json
import threading

import pytest
from django.db import connection

from negotiations.models import DataVersion, Demand, Wording
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory
from negotiations.web import streams
from negotiations.web.render_slots import render_slot

pytestmark = pytest.mark.django_db

RANGE = {"from": "2025-05-01", "to": "2025-06-30", "party": "russia"}


def body(response):
    """The whole body; a streamed one is read to its end, which closes the response as a server would."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


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


def test_csv_export_names_the_party_and_range(client, terms):
    response = client.get("/demands/export.csv", RANGE)
    assert response["Content-Disposition"] == 'attachment; filename="demands-russia-2025-05-01-to-2025-06-30.csv"'


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
    assert response["Content-Disposition"] == 'attachment; filename="demands-russia-2025-05-01-to-2025-06-30.json"'
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


# --- Exports are rendered in a render slot, read in one snapshot, and kept when small (issue 21, item 6) ------


@pytest.fixture
def one_render_slot(settings, tmp_path):
    settings.RENDER_SLOTS = 1
    settings.RENDER_SLOT_DIR = str(tmp_path / "slots")


def test_an_export_is_refused_at_once_when_every_render_slot_is_taken(client, terms, one_render_slot):
    with render_slot("another reader"):
        response = client.get("/demands/export.csv")
    assert response.status_code == 503
    assert response["Retry-After"]


def test_an_export_holds_its_render_slot_until_it_is_sent(client, terms, one_render_slot):
    export = client.get("/demands/export.csv")
    assert export.status_code == 200
    assert client.get("/demands/", {"q": "neutrality"}, REMOTE_ADDR="10.0.0.9").status_code == 503
    body(export)  # sent to its end
    assert client.get("/demands/", {"q": "neutrality"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_a_small_export_is_kept_for_its_data_version(client, terms, django_assert_num_queries):
    first = body(client.get("/demands/export.csv", RANGE))
    with django_assert_num_queries(1):  # the data version, which a shared cache (Redis) would answer
        again = client.get("/demands/export.csv", RANGE)
    assert body(again) == first
    assert again["Content-Disposition"] == 'attachment; filename="demands-russia-2025-05-01-to-2025-06-30.csv"'


def test_an_export_is_read_again_at_a_new_data_version(client, terms):
    first = client.get("/demands/export.csv", RANGE)
    body(first)
    Demand.objects.filter(quote="neutrality").update(paraphrase="Corrected.")
    DataVersion.advance()
    again = client.get("/demands/export.csv", RANGE)
    assert int(again["X-Data-Version"]) == int(first["X-Data-Version"]) + 1
    assert "Corrected." in body(again)


def test_a_large_export_is_streamed_each_time_not_kept(client, terms, monkeypatch):
    monkeypatch.setattr(streams, "KEEP_STREAMED_BYTES", 100)
    body(client.get("/demands/export.csv", RANGE))
    again = client.get("/demands/export.csv", RANGE)
    assert again.streaming


def test_a_repeat_download_of_an_unchanged_export_is_a_304(client, terms):
    first = client.get("/demands/export.json", RANGE)
    body(first)
    assert client.get("/demands/export.json", RANGE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_an_export_reads_its_data_version_in_the_snapshot_of_its_rows(client, terms, transactional_db):
    """A curator's correction that commits while an export is being read reaches neither its rows nor its
    version: both are as they were when the export began."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's read transaction is a snapshot already; the PostgreSQL pass tests the default")
    export = client.get("/demands/export.csv", RANGE)
    version = int(export["X-Data-Version"])

    def correct():
        term = Demand.objects.get(quote="neutrality")
        term.paraphrase = "Corrected while the export was read."
        term.save()  # its on_commit advances the data version
        connection.close()

    corrector = threading.Thread(target=correct)
    corrector.start()
    corrector.join()
    rows = {row["quote"]: row for row in csv.DictReader(io.StringIO(body(export)))}
    assert DataVersion.current().version == version + 1  # the correction landed
    assert rows["neutrality"]["paraphrase"] != "Corrected while the export was read."
    assert {row["data_version"] for row in rows.values()} == {str(version)}


# --- The file's name: the filter, in the words the feed's title uses ---------------------------------------------


def filename_of(response):
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="') and disposition.endswith('"')
    name = disposition[len('attachment; filename="') : -1]
    assert name.isascii() and '"' not in name and "/" not in name and "\\" not in name
    return name


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"party": "russia"}, "demands-russia-all-dates.csv"),
        ({"party": "russia", "from": "2025-05-01", "to": "2025-06-30"}, "demands-russia-2025-05-01-to-2025-06-30.csv"),
        ({"topic": ["territory", "humanitarian"]}, "demands-humanitarian-territory-all-dates.csv"),
        ({"stance": "red_line", "status": ["withdrawn", "agreed"]}, "demands-red-line-agreed-withdrawn-all-dates.csv"),
        (
            {"as_of": "2025-06-15", "q": "no foreign troops"},
            "demands-as-of-2025-06-15-search-no-foreign-troops-all-dates.csv",
        ),
    ],
)
def test_an_export_is_named_after_its_filter(client, terms, params, expected):
    from negotiations.tests.factories import TopicFactory

    TopicFactory(slug="territory", name="Territory")
    TopicFactory(slug="humanitarian", name="Humanitarian")
    assert filename_of(client.get("/demands/export.csv", params)) == expected


def test_an_export_names_its_speaker_and_source(client, terms):
    statement = Demand.objects.filter(quote="neutrality").get().statement
    name = filename_of(client.get("/demands/export.json", {"said_by": "russia", "source": statement.source.slug}))
    assert name == f"demands-said-by-russia-source-{statement.source.slug}-all-dates.json"


def test_an_over_long_search_is_cut_and_the_dates_kept(client, terms):
    words = "ceasefire " * 8
    name = filename_of(client.get("/demands/export.csv", {"q": words.strip(), "from": "2025-05-01", "party": "russia"}))
    assert len(name) <= 120
    assert name.startswith("demands-russia-search-ceasefire-ceasefire")
    assert name.endswith("-2025-05-01-to-latest.csv")
    assert "--" not in name


def test_a_search_in_another_script_gives_an_ascii_name(client, terms):
    assert filename_of(client.get("/demands/export.csv", {"q": "перемирие"})) == "demands-search-all-dates.csv"
    assert filename_of(client.get("/demands/export.csv", {"q": "Zelenskyy’s café"})) == (
        "demands-search-zelenskyys-cafe-all-dates.csv"
    )


def test_a_name_of_many_long_filters_stays_within_its_bound_and_keeps_its_dates():
    from negotiations.dates import DateRange
    from negotiations.explorer.described import Named, in_words

    words = in_words(
        party=Named("Russia", "russia"),
        topics=[Named(f"Topic {n}", f"a-rather-long-topic-slug-{n}") for n in range(8)],
        source=Named("TASS, “A headline”", "s" * 80),
        q="word " * 8,
        date_range=DateRange(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    )
    name = words.filename("demands", "excel.csv")
    assert len(name) <= 120
    assert name.startswith("demands-russia-a-rather-long-topic-slug-0-")
    assert name.endswith("-2025-01-01-to-2025-12-31.excel.csv")
    assert "--" not in name and name.isascii()
