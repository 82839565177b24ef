"""/grid/: columns in the order given, positions as of a date, differences, bad input, htmx, and a query count that
does not grow with the number of terms."""

import datetime
import urllib.parse
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from negotiations.grid import fetch
from negotiations.models import Topic
from negotiations.tests.factories import DemandFactory, StatementFactory, StatusChangeFactory, TopicFactory
from negotiations.tests.test_bad_input import HOSTILE

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(memoranda, russia):
    """Russia's terms before the memoranda: a January 2025 statement with a ceasefire term withdrawn in April and a
    territorial term superseded in June by the memorandum's “Recognise the annexations”."""
    territory = memoranda.terms["ru-recognise"].topic
    ceasefire = TopicFactory(slug="ceasefire", name="Ceasefire", position=1)
    january = StatementFactory(
        slug="ru-january", title="January terms", actor=russia, stated_on=datetime.date(2025, 1, 10)
    )
    offer = DemandFactory(
        slug="ru-offer", party=russia, topic=ceasefire, statement=january, paraphrase="A short truce."
    )
    old = DemandFactory(slug="ru-old", party=russia, topic=territory, statement=january, paraphrase="Keep the front.")
    april = StatementFactory(slug="ru-april", title="April remarks", actor=russia, stated_on=datetime.date(2025, 4, 1))
    StatusChangeFactory(demand=offer, status="withdrawn", evidence=april)
    StatusChangeFactory(
        demand=old, status="superseded", evidence=memoranda.left, superseded_by=memoranda.terms["ru-recognise"]
    )
    return SimpleNamespace(january=january, offer=offer, old=old)


def cells_of(response, topic):
    (row,) = [row for row in response.context["rows"] if row.topic.slug == topic]
    return [[entry.term.slug for entry in cell.entries] for cell in row.cells]


def test_with_no_columns_named_the_grid_shows_the_featured_comparison_and_says_so(client, featured):
    response = client.get(reverse("grid"))
    assert response.status_code == 200
    assert [column.key for column in response.context["columns"]] == ["ru-memo", "ua-memo"]
    html = response.content.decode()
    assert "No documents named, so the grid shows the home page's comparison" in html
    assert cells_of(response, "territory") == [["ru-recognise", "ru-withdraw"], ["ua-integrity"]]
    assert 'href="/topics/territory/"' in html


def test_columns_come_in_the_order_given_by_id_or_slug_and_are_named_by_slug(client, history, memoranda):
    docs = f"ua-memo,{history.january.pk},ru-memo"
    response = client.get(reverse("grid"), {"docs": docs})
    assert [column.key for column in response.context["columns"]] == ["ua-memo", "ru-january", "ru-memo"]
    assert cells_of(response, "territory") == [["ua-integrity"], ["ru-old"], ["ru-recognise", "ru-withdraw"]]
    assert response.context["shown_state"]["docs"] == "ua-memo,ru-january,ru-memo"
    # Between the Ukrainian memorandum and January's terms: no link; the badge sits where one exists.
    row = next(row for row in response.context["rows"] if row.topic.slug == "territory")
    assert row.pairs[0].links == [] and row.pairs[1].same_party


def test_a_position_as_of_a_date_leaves_out_withdrawn_and_superseded_terms_after_their_date(client, history):
    march = client.get(reverse("grid"), {"docs": "russia@2025-03-15,russia@2025-06-30"})
    assert march.status_code == 200
    assert cells_of(march, "ceasefire") == [["ru-offer"], []]
    assert cells_of(march, "territory") == [["ru-old"], ["ru-recognise", "ru-withdraw"]]
    html = march.content.decode()
    assert "Russia as of 15 March 2025" in html and "Russia as of 30 June 2025" in html


def test_a_superseded_term_is_shown_as_superseded_never_as_current(client, history):
    response = client.get(reverse("grid"), {"docs": "ru-january,ru-memo"})
    (row,) = [row for row in response.context["rows"] if row.topic.slug == "territory"]
    (entry,) = row.cells[0].entries
    assert entry.status == "superseded" and entry.replacement.slug == "ru-recognise"
    html = response.content.decode()
    assert '<span class="status status-superseded">Superseded</span> by <a href="/demands/ru-recognise/">' in html
    # In a position before the change, it stood and was put forward.
    before = client.get(reverse("grid"), {"docs": "russia@2025-03-15,ru-memo"})
    (row,) = [row for row in before.context["rows"] if row.topic.slug == "territory"]
    assert row.cells[0].entries[0].status == "put_forward"


def test_differences_only_hides_what_agrees_and_marks_what_changed(client, history):
    everything = client.get(reverse("grid"), {"docs": "ru-memo,ua-memo"})
    assert {row.topic.slug for row in everything.context["rows"]} >= {"humanitarian", "territory"}
    response = client.get(reverse("grid"), {"docs": "ru-memo,ua-memo", "differences": "1"})
    topics = [row.topic.slug for row in response.context["rows"]]
    assert "humanitarian" not in topics  # both hold terms, linked as compatible
    assert "territory" in topics and "language-identity-religion" in topics
    html = response.content.decode()
    assert "Differences only:" in html and "Silent here" in html
    same_party = client.get(reverse("grid"), {"docs": "ru-january,ru-memo", "differences": "1"})
    assert "Superseded here" in same_party.content.decode()


def test_the_menus_add_a_statement_and_a_position_to_the_columns(client, history):
    response = client.get(
        reverse("grid"), {"docs": "ru-memo,ua-memo", "add": "ru-january", "side": "russia", "as_of": "2025-3-15"}
    )
    assert [column.key for column in response.context["columns"]] == [
        "ru-memo",
        "ua-memo",
        "ru-january",
        "russia@2025-03-15",
    ]
    assert response.context["state"].urlencode() == "docs=ru-memo%2Cua-memo%2Cru-january%2Crussia%402025-03-15"


def test_each_column_offers_to_move_and_remove_it(client, memoranda):
    response = client.get(reverse("grid"), {"docs": "ru-memo,ua-memo,russia@2025-06-30", "differences": "1"})
    first, middle, last = response.context["controls"]
    assert "left" not in first and "right" not in last
    assert middle["left"] == "/grid/?docs=ua-memo%2Cru-memo%2Crussia%402025-06-30&differences=1"
    assert last["remove"] == "/grid/?docs=ru-memo%2Cua-memo&differences=1"
    two = client.get(reverse("grid"), {"docs": "ru-memo,ua-memo"})
    assert all(control["remove"] is None for control in two.context["controls"])


@pytest.mark.parametrize(
    ("docs", "message"),
    [
        ("ru-memo", "Name 2 to 8 documents"),
        (",".join(["ru-memo", "ua-memo"] + [f"russia@2025-01-0{day}" for day in range(1, 8)]), "(there are 9)"),
        ("ru-memo,mars@2025-01-01", "a party&#x27;s position is russia@YYYY-MM-DD"),
        ("ru-memo,russia@2025-02-30", "Enter a real date"),
        ("ru-memo,russia@0002-01-01", "Finish the year"),
        ("ru-memo,russia@", "give the date of the position"),
        ("ru-memo,ru-memo", "named twice"),
        ("ru-memo,no-such-thing", "No statement “no-such-thing”"),
    ],
)
def test_bad_columns_are_refused_with_a_message_as_a_page_and_as_a_fragment(client, memoranda, hx, docs, message):
    for headers in ({}, hx):
        response = client.get(reverse("grid"), {"docs": docs}, **headers)
        assert response.status_code == 400, docs
        assert message in response.content.decode()
        assert "This grid could not be made" in response.content.decode()


def test_a_party_without_a_date_is_refused(client, memoranda):
    response = client.get(reverse("grid"), {"docs": "ru-memo,ua-memo", "side": "russia"})
    assert response.status_code == 400
    assert "Choose both a party and a date." in response.content.decode()


def test_unknown_parameters_are_ignored_and_differences_has_one_spelling(client, memoranda):
    response = client.get(reverse("grid"), {"docs": " ru-memo , UA-memo ", "differences": "true", "junk": "x"})
    assert response.context["state"].urlencode() == "docs=ru-memo%2CUA-memo&differences=1"


def test_htmx_gets_the_grid_alone_and_the_address_to_push(client, memoranda, hx):
    response = client.get(
        reverse("grid"), {"docs": "ru-memo,ua-memo", "differences": "on", "x": "1"}, HTTP_HX_TARGET="grid", **hx
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="grid"')
    assert "<form" not in html
    assert response["HX-Push-Url"] == "/grid/?docs=ru-memo%2Cua-memo&differences=1"


def test_a_position_with_many_terms_shows_the_latest_per_topic_and_links_to_the_rest(client, memoranda, russia):
    territory = memoranda.terms["ru-recognise"].topic
    january = []
    for day in range(1, 13):
        statement = StatementFactory(actor=russia, stated_on=datetime.date(2025, 1, day))
        january.append(
            DemandFactory(party=russia, topic=territory, statement=statement, paraphrase=f"Term of {day} January.")
        )
    # The newest four January terms withdrawn before the day: the position walks past them.
    evidence = StatementFactory(actor=russia, stated_on=datetime.date(2025, 2, 1))
    for term in january[-4:]:
        StatusChangeFactory(demand=term, status="withdrawn", evidence=evidence)
    response = client.get(reverse("grid"), {"docs": "russia@2025-06-30,ua-memo"})
    (row,) = [row for row in response.context["rows"] if row.topic.slug == "territory"]
    shown = row.cells[0].entries
    assert len(shown) == fetch.TERMS_PER_TOPIC == 3
    # The latest standing, oldest first: the 8th January term, then the memorandum's two (2 June).
    assert [entry.term.paraphrase for entry in shown][0] == "Term of 8 January."
    assert row.cells[0].more
    html = response.content.decode()
    assert "All of Russia's terms on territory standing then, counted, in the explorer" in html
    assert "/demands/?party=russia&amp;as_of=2025-06-30&amp;topic=territory" in html
    # Before the withdrawals, the newest January terms stand (the memorandum was not yet put forward).
    response = client.get(reverse("grid"), {"docs": "russia@2025-01-31,ua-memo"})
    (row,) = [row for row in response.context["rows"] if row.topic.slug == "territory"]
    assert [entry.term.paraphrase for entry in row.cells[0].entries] == [f"Term of {d} January." for d in (10, 11, 12)]


def statements_with_terms(russia, ukraine, count):
    topics = [TopicFactory(slug=f"t{n}", name=f"Topic {n}", position=n) for n in range(5)]
    columns = []
    for party in (russia, ukraine, russia):
        statement = StatementFactory(actor=party, stated_on=datetime.date(2025, 2, 1 + len(columns)))
        terms = [DemandFactory(party=party, topic=topics[n % 5], statement=statement, position=n) for n in range(count)]
        StatusChangeFactory(demand=terms[0], status="withdrawn", evidence=statement)
        columns.append(statement.slug)
    return columns


def queries_for(client, docs):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("grid"), {"docs": docs}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("as_htmx", [False, True])
def test_the_number_of_queries_does_not_grow_with_the_number_of_terms(client, russia, ukraine, hx, as_htmx, settings):
    small = statements_with_terms(russia, ukraine, 10)
    large = statements_with_terms(russia, ukraine, 200)
    headers = hx if as_htmx else {}
    client.defaults.update(headers)
    few = queries_for(client, ",".join([*small, "russia@2025-06-30", "ukraine@2025-06-30"]))
    many = queries_for(client, ",".join([*large, "russia@2025-06-30", "ukraine@2025-06-30"]))
    assert few == many, (few, many)
    print(f"queries for a five-column grid: {many}")
    # A position walks each topic it holds terms on (DemandQuerySet.position_per_topic): the queries grow with the
    # topics, never with the terms.
    topics = Topic.objects.count()
    assert many <= 16 + 2 * topics, (many, topics)


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_in_every_parameter_never_answer_a_server_error(client, memoranda, hx, value):
    for params in [
        {"docs": value},
        {"docs": f"ru-memo,{value}"},
        {"docs": f"ru-memo,russia@{value}"},
        {"docs": "ru-memo,ua-memo", "add": value},
        {"docs": "ru-memo,ua-memo", "side": value, "as_of": "2025-01-01"},
        {"docs": "ru-memo,ua-memo", "side": "russia", "as_of": value},
        {"docs": "ru-memo,ua-memo", "differences": value},
    ]:
        for headers in ({}, hx):
            query = urllib.parse.urlencode(params, errors="surrogatepass")
            response = client.get(f"/grid/?{query}", **headers)
            assert response.status_code in (200, 400), (params, response.status_code)
            assert b"<script>alert(1)</script>" not in response.content


def test_the_citation_names_the_columns_and_links_to_them(client, memoranda):
    response = client.get(reverse("grid"), {"docs": f"{memoranda.left.pk},russia@2025-03-15"})
    cited = response.context["citation"]
    assert "Russian memorandum (Russia, 2 June 2025); Russia as of 15 March 2025, by topic" in cited.title
    assert cited.permalink.endswith("/grid/?docs=ru-memo%2Crussia%402025-03-15")
