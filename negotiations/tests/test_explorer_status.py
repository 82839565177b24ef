"""The explorer's `status` and `as_of` (issue 24): the terms standing on a day and each term's status then, the
Status facet's counts, the rows' and the exports' status, and the feed's entries for status changes."""

import csv
import datetime
import io
import json
import re
from types import SimpleNamespace

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from negotiations.explorer.filters import DemandFilter
from negotiations.models import Demand
from negotiations.tests.factories import DemandFactory, StatementFactory, StatusChangeFactory, TopicFactory
from negotiations.web import caching

pytestmark = pytest.mark.django_db

URL = "/demands/"
D = datetime.date


def forget_pages():
    """A test's edits never advance the data version (no commit): forget the pages rendered before them."""
    cache.clear()
    caching.STAND_IN.clear()


def slugs(response):
    assert response.status_code == 200
    assert not response.context["form"].errors, response.context["form"].errors
    return {demand.slug for demand in response.context["page"].object_list}


def on(day, party, precision="day"):
    return StatementFactory(actor=party, stated_on=day, date_precision=precision, title=f"Statement of {day}")


@pytest.fixture
def lifecycle(russia, ukraine):
    """Russia's terms of 1 March 2025: one kept; one superseded on 10 May by a term of that day; one agreed in
    “May 2025” (month precision: known from 31 May); one withdrawn on 2 June. Ukraine's term of 1 March is kept."""
    march = on(D(2025, 3, 1), russia)
    term = {
        slug: DemandFactory(slug=slug, party=russia, statement=march, paraphrase=f"The {slug} term.")
        for slug in ["kept", "superseded", "agreed", "withdrawn"]
    }
    term["replacement"] = DemandFactory(
        slug="replacement", party=russia, statement=on(D(2025, 5, 10), russia), paraphrase="The replacing term."
    )
    term["ukrainian"] = DemandFactory(slug="ukrainian", party=ukraine, statement=on(D(2025, 3, 1), ukraine))
    changes = SimpleNamespace(
        superseded=StatusChangeFactory(
            demand=term["superseded"],
            status="superseded",
            superseded_by=term["replacement"],
            evidence=term["replacement"].statement,
        ),
        agreed=StatusChangeFactory(demand=term["agreed"], status="agreed", evidence=on(D(2025, 5, 1), russia, "month")),
        withdrawn=StatusChangeFactory(
            demand=term["withdrawn"], status="withdrawn", evidence=on(D(2025, 6, 2), russia), note="Said in Istanbul."
        ),
    )
    return SimpleNamespace(term=term, change=changes)


# --- Filters -------------------------------------------------------------------------------------------------


def test_without_as_of_every_term_is_listed_whatever_its_status(client, lifecycle):
    assert slugs(client.get(URL)) == set(lifecycle.term)


@pytest.mark.parametrize(
    ("day", "standing"),
    [
        # Before anything was put forward.
        ("2025-02-28", set()),
        ("2025-03-01", {"kept", "superseded", "agreed", "withdrawn", "ukrainian"}),
        # The replacement is put forward and the superseded term leaves on the same day.
        ("2025-05-10", {"kept", "agreed", "withdrawn", "replacement", "ukrainian"}),
        # The day before the withdrawal, the withdrawn term still stands; from that day it does not.
        ("2025-06-01", {"kept", "agreed", "withdrawn", "replacement", "ukrainian"}),
        ("2025-06-02", {"kept", "agreed", "replacement", "ukrainian"}),
    ],
)
def test_as_of_lists_the_terms_standing_on_that_day(client, lifecycle, day, standing):
    assert slugs(client.get(URL, {"as_of": day})) == standing


def test_status_without_as_of_is_the_status_today(client, lifecycle):
    assert slugs(client.get(URL, {"status": "withdrawn"})) == {"withdrawn"}
    assert slugs(client.get(URL, {"status": "superseded"})) == {"superseded"}
    assert slugs(client.get(URL, {"status": "put_forward"})) == {"kept", "replacement", "ukrainian"}
    assert slugs(client.get(URL, {"status": ["agreed", "withdrawn"]})) == {"agreed", "withdrawn"}


def test_a_month_dated_change_counts_from_the_months_last_day(client, lifecycle):
    assert slugs(client.get(URL, {"as_of": "2025-05-30", "status": "agreed"})) == set()
    assert "agreed" in slugs(client.get(URL, {"as_of": "2025-05-30", "status": "put_forward"}))
    assert slugs(client.get(URL, {"as_of": "2025-05-31", "status": "agreed"})) == {"agreed"}


def test_status_with_as_of_is_the_status_on_that_day_among_the_standing_terms(client, lifecycle):
    # Withdrawn on 2 June: put forward the day before; from then it no longer stands, so it is listed under no status.
    assert "withdrawn" in slugs(client.get(URL, {"as_of": "2025-06-01", "status": "put_forward"}))
    assert slugs(client.get(URL, {"as_of": "2025-06-02", "status": "withdrawn"})) == set()
    assert slugs(client.get(URL, {"status": "withdrawn"})) == {"withdrawn"}


def test_as_of_and_status_keep_the_other_filters(client, lifecycle):
    assert slugs(client.get(URL, {"as_of": "2025-06-02", "party": "ukraine"})) == {"ukrainian"}
    assert slugs(client.get(URL, {"as_of": "2025-06-02", "status": "put_forward", "party": "russia"})) == {
        "kept",
        "replacement",
    }


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "maybe"}, "There is no status “maybe”"),
        ({"status": ["withdrawn", "<b>"]}, "There is no status “&lt;b&gt;”"),
        ({"as_of": "15/03/2025"}, "Enter a real date"),
        ({"as_of": "2025-02-30"}, "Enter a real date"),
        ({"as_of": "0002-03-15"}, "Finish the year"),
    ],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_bad_status_or_as_of_is_a_clear_message_and_never_cached(
    client, lifecycle, hx, params, message, htmx, monkeypatch
):
    stored = []
    monkeypatch.setattr(caching, "store", lambda *args: stored.append(args))
    response = client.get(URL, params, **(hx if htmx else {}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert stored == []


@pytest.mark.parametrize("path", ["/demands/export.csv", "/demands/export.json", "/demands/feed/"])
def test_an_export_or_feed_of_a_bad_status_or_as_of_is_a_400(client, lifecycle, path):
    assert client.get(path, {"status": "maybe"}).status_code == 400
    assert client.get(path, {"as_of": "2025-13-01"}).status_code == 400


def test_the_view_state_carries_status_and_as_of_in_one_spelling(client, lifecycle):
    asked = "/demands/?status=withdrawn&as_of=2025-6-2&status=agreed&status=&utm=x"
    response = client.get(asked, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    pushed = response["HX-Push-Url"]
    assert pushed == "/demands/?as_of=2025-06-02&status=agreed&status=withdrawn"
    assert f'data-state="{pushed.split("?")[1].replace("&", "&amp;")}"' in response.content.decode()
    # The same state whatever the order or spelling: one cache entry.
    again = client.get("/demands/?as_of=2025-06-02&status=agreed&status=withdrawn")
    assert again["ETag"] == client.get(asked)["ETag"]
    links = re.findall(r'href="(/demands/export\.csv[^"]*)"', again.content.decode())
    assert links == ["/demands/export.csv?as_of=2025-06-02&amp;status=agreed&amp;status=withdrawn"]


def test_the_canonical_state_is_read_without_the_database(django_assert_num_queries):
    form = DemandFilter().get_form_class()
    with django_assert_num_queries(0):
        state = form.canonical_of(QueryDict("status=withdrawn&status=withdrawn&as_of=2025-6-2&as_of="))
    assert state.urlencode() == "as_of=2025-06-02&status=withdrawn"


# --- The Status facet ------------------------------------------------------------------------------------------


def status_facet(response):
    (facet,) = [facet for facet in response.context["facets"] if facet.name == "status"]
    return facet


def test_the_status_facet_counts_the_terms_per_status_today(client, lifecycle):
    facet = status_facet(client.get(URL, {"party": "russia"}))
    assert [(value.param, value.count) for value in facet.values] == [
        ("put_forward", 2),
        ("agreed", 1),
        ("withdrawn", 1),
        ("superseded", 1),
    ]


def test_the_status_facet_counts_on_the_as_of_day(client, lifecycle):
    counts = {value.param: value.count for value in status_facet(client.get(URL, {"as_of": "2025-05-31"})).values}
    assert counts == {"put_forward": 4, "agreed": 1}
    counts = {value.param: value.count for value in status_facet(client.get(URL, {"as_of": "2025-05-30"})).values}
    assert counts == {"put_forward": 5}


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"party": "russia"},
        {"as_of": "2025-06-01"},
        {"status": "withdrawn"},
        {"as_of": "2025-05-31", "status": "agreed"},
    ],
)
def test_each_status_count_is_what_its_link_lists(client, lifecycle, params):
    """Following a status's link gives as many terms as its count says, and the counts add up to the terms the other
    filters keep."""
    response = client.get(URL, params)
    facet = status_facet(response)
    others = {name: value for name, value in params.items() if name != "status"}
    forget_pages()
    assert sum(value.count for value in facet.values) == client.get(URL, others).context["page"].paginator.count
    for value in facet.values:
        forget_pages()
        listed = client.get(URL + value.query)
        chosen = listed.context["form"].cleaned_data["status"]
        if value.chosen:  # its link removes it
            assert value.param not in chosen
            continue
        assert chosen == [value.param]
        assert listed.context["page"].paginator.count == value.count == len(slugs(listed))


def test_a_chosen_status_with_no_terms_is_still_offered_to_remove(client, lifecycle):
    facet = status_facet(client.get(URL, {"status": "implemented"}))
    (implemented,) = [value for value in facet.values if value.param == "implemented"]
    assert (implemented.count, implemented.chosen, implemented.query) == (0, True, "?")


def demands_at(russia, size):
    statement = on(D(2025, 5, 1), russia)
    topic = TopicFactory()
    terms = [DemandFactory(party=russia, topic=topic, statement=statement) for _ in range(size)]
    for term in terms[::2]:
        StatusChangeFactory(demand=term, status="agreed", evidence=on(D(2025, 6, 1), russia))
    return terms


@pytest.mark.parametrize(
    "params",
    [{"party": "russia"}, {"status": "agreed"}, {"as_of": "2025-06-15", "status": ["agreed", "put_forward"]}],
    ids=["no-status", "status", "as-of"],
)
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_explorers_queries_do_not_grow_with_the_terms_or_their_changes(client, russia, hx, params, htmx):
    def queries(size):
        Demand.objects.all().delete()
        demands_at(russia, size)
        forget_pages()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, params, **(hx if htmx else {}))
        assert response.context["page"].paginator.count
        return len(captured)

    assert queries(4) == queries(40)


# --- Rows and exports ----------------------------------------------------------------------------------------


def row_of(html, slug):
    (row,) = re.findall(rf"<tr>(?:(?!</tr>).)*?/demands/{slug}/(?:(?!</tr>).)*</tr>", html, flags=re.S)
    return row


def test_a_row_says_its_status_unless_put_forward(client, lifecycle):
    html = client.get(URL).content.decode()
    assert "Superseded:</strong>" in row_of(html, "superseded")
    assert "Withdrawn:</strong>" in row_of(html, "withdrawn")
    assert "Agreed:</strong>" in row_of(html, "agreed")
    assert "term-status" not in row_of(html, "kept")


def test_a_row_says_its_status_on_the_as_of_day(client, lifecycle):
    html = client.get(URL, {"as_of": "2025-06-01"}).content.decode()
    assert "Agreed on 1 June 2025:</strong>" in row_of(html, "agreed")
    assert "term-status" not in row_of(html, "withdrawn")  # withdrawn only the next day
    assert "standing on 1 June 2025" in html


def body(response):
    return b"".join(response.streaming_content).decode("utf-8")


def test_the_exports_carry_the_status_today(client, lifecycle):
    rows = list(csv.DictReader(io.StringIO(body(client.get("/demands/export.csv")))))
    statuses = {row["link"].rstrip("/").rsplit("/", 1)[1]: row["status"] for row in rows}
    assert statuses == {
        "kept": "Put forward",
        "superseded": "Superseded",
        "agreed": "Agreed",
        "withdrawn": "Withdrawn",
        "replacement": "Put forward",
        "ukrainian": "Put forward",
    }


def test_the_exports_carry_the_status_on_the_as_of_day_and_only_the_standing_terms(client, lifecycle):
    rows = json.loads(body(client.get("/demands/export.json", {"as_of": "2025-05-31"})))
    statuses = {row["link"].rstrip("/").rsplit("/", 1)[1]: row["status"] for row in rows}
    assert statuses == {
        "kept": "Put forward",
        "agreed": "Agreed",
        "withdrawn": "Put forward",
        "replacement": "Put forward",
        "ukrainian": "Put forward",
    }
    excel = body(client.get("/demands/export.excel.csv", {"status": "withdrawn"}))
    (row,) = csv.DictReader(io.StringIO(excel.lstrip("\ufeff")))
    assert row["status"] == "Withdrawn"


# --- The feed ---------------------------------------------------------------------------------------------------


def entries_of(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return [
        {
            "title": entry.title,
            "summary": entry.get("summary", ""),
            "link": entry.link,
            "id": entry.id,
            "updated": entry.updated,
        }
        for entry in feed.entries
    ]


def test_the_feed_carries_each_status_change_of_a_matching_term(client, lifecycle):
    entries = entries_of(client.get("/demands/feed/", {"party": "russia"}))
    titles = [entry["title"] for entry in entries]
    assert "Withdrawn · Russia: The withdrawn term." in titles
    assert "Superseded · Russia: The superseded term." in titles
    assert "Agreed · Russia: The agreed term." in titles
    # Beside the terms' own entries.
    assert "Russia: The kept term." in titles
    (withdrawn,) = [entry for entry in entries if entry["title"].startswith("Withdrawn")]
    assert withdrawn["link"] == "http://testserver/demands/withdrawn/"
    change = lifecycle.change.withdrawn
    evidence_link = f'<a href="http://testserver{change.evidence.get_absolute_url()}">{change.evidence.title}</a>'
    assert f"Russia · Withdrawn · 2 June 2025 · evidence: {evidence_link}" in withdrawn["summary"]
    assert f"<blockquote>{change.quote}</blockquote>" in withdrawn["summary"]
    evidence = change.evidence
    assert f"{evidence.source.publisher.name}, reporting {evidence.title} (Russia):" in withdrawn["summary"]
    assert "Said in Istanbul." in withdrawn["summary"]
    (superseded,) = [entry for entry in entries if entry["title"].startswith("Superseded")]
    assert (
        'Replaced by: <a href="http://testserver/demands/replacement/">The replacing term.</a>' in superseded["summary"]
    )
    (agreed,) = [entry for entry in entries if entry["title"].startswith("Agreed")]
    assert "Russia · Agreed · May 2025 · evidence:" in agreed["summary"]  # the date as precisely as it is known


def test_the_feed_leaves_out_the_changes_of_terms_the_query_does_not_match(client, lifecycle):
    titles = [entry["title"] for entry in entries_of(client.get("/demands/feed/", {"party": "ukraine"}))]
    assert titles == ["Ukraine: Recognition of control over the territories."]


def test_the_feed_of_an_as_of_query_carries_the_changes_known_by_then(client, lifecycle):
    titles = [entry["title"] for entry in entries_of(client.get("/demands/feed/", {"as_of": "2025-05-31"}))]
    assert "Agreed · Russia: The agreed term." in titles
    assert not any(title.startswith(("Withdrawn", "Superseded")) for title in titles)


def test_a_corrected_status_change_is_a_new_entry(client, lifecycle):
    before = {entry["id"] for entry in entries_of(client.get("/demands/feed/"))}
    change = lifecycle.change.withdrawn
    change.note = "Said in Istanbul, on the second day."
    change.save()
    forget_pages()
    entries = entries_of(client.get("/demands/feed/"))
    assert entries[0]["title"].startswith("Withdrawn")  # the latest written first
    assert entries[0]["id"] not in before
    assert all(entry["id"].startswith("http://testserver/demands/") for entry in entries)
    assert len({entry["id"] for entry in entries}) == len(entries)
