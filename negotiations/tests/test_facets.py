"""The explorer's facets: a count beside every value of party, topic, stance and said by, for the current
filter, each a link that applies it; two aggregates whatever the number of terms, which give the result count
too."""

import datetime

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from negotiations.explorer.facets import by_speaker, by_status, choices_test, counts_by, total
from negotiations.explorer.filters import DemandFilter
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory, TopicFactory
from negotiations.web.query import QueryForm

URL = "/demands/"


def speakers_of(*rows):
    """`by_speaker`'s three maps from (slug, name, count, parent, parent's name) rows."""
    counts = {slug: count for slug, _, count, *_ in rows}
    names = {slug: name for slug, name, *_ in rows} | {row[3]: row[4] for row in rows if len(row) > 3}
    parents = {row[0]: row[3] for row in rows if len(row) > 3}
    return counts, names, parents


def test_a_body_counts_its_members_terms_with_its_own():
    facet = by_speaker(*speakers_of(("putin", "Putin", 3, "russia", "Russia"), ("russia", "Russia", 2)))
    assert [(value.param, value.count) for value in facet.values] == [("russia", 5), ("putin", 3)]


def test_speakers_are_shown_largest_first_and_the_chosen_one_always():
    rows = [(f"a{n}", f"A{n}", 20 - n) for n in range(15)]
    facet = by_speaker(*speakers_of(*rows), "a14", top=3)
    assert [value.param for value in facet.values] == ["a0", "a1", "a2", "a14"]
    assert facet.values[-1].chosen


def cell(party, topic, stance, count):
    return {"party_id": party, "topic_id": topic, "stance": stance, "count": count}


CELLS = [cell(1, 10, "demand", 3), cell(1, 11, "red_line", 2), cell(2, 10, "proposal", 4), cell(2, 11, "demand", 1)]


def test_a_facet_sums_the_cells_its_siblings_choices_accept():
    tests = choices_test({"party": {1}, "topic": {10}, "stance": set()})
    # Party counts keep the topic choice, not their own; topic counts keep the party choice.
    assert counts_by(CELLS, "party", tests) == {1: 3, 2: 4}
    assert counts_by(CELLS, "topic", tests) == {10: 3, 11: 2}
    assert counts_by(CELLS, "stance", tests) == {"demand": 3}


def test_the_result_count_sums_the_cells_every_choice_accepts():
    assert total(CELLS, choices_test({"party": {1, 2}, "topic": set(), "stance": {"demand"}})) == 4
    assert total(CELLS, choices_test({})) == 10


def test_the_terms_without_a_recorded_change_are_put_forward_and_statuses_keep_the_lifecycles_order():
    facet = by_status({"withdrawn": 2, "agreed": 3}, 12)
    assert [(value.param, value.label, value.count) for value in facet.values] == [
        ("put_forward", "Put forward", 7),
        ("agreed", "Agreed", 3),
        ("withdrawn", "Withdrawn", 2),
    ]


def test_a_status_with_no_terms_is_left_out_unless_chosen():
    facet = by_status({"withdrawn": 2}, 2, ["superseded"])
    assert [(value.param, value.count, value.chosen) for value in facet.values] == [
        ("withdrawn", 2, False),
        ("superseded", 0, True),
    ]


@pytest.fixture
def speakers(russia, ukraine):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    zelenskyy = ActorFactory(slug="zelenskyy", name="Volodymyr Zelenskyy", parent=ukraine, side="ukraine")
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    nuclear = TopicFactory(slug="nuclear", name="Nuclear", position=6)
    by_putin = StatementFactory(actor=putin, stated_on=datetime.date(2025, 3, 14))
    DemandFactory(slug="ru-1", party=russia, topic=territory, statement=by_putin, stance="demand")
    DemandFactory(slug="ru-2", party=russia, topic=nuclear, statement=by_putin, stance="red_line")
    DemandFactory(slug="ru-3", party=russia, topic=territory, stance="demand")
    DemandFactory(
        slug="ua-1", party=ukraine, topic=territory, statement=StatementFactory(actor=zelenskyy), stance="proposal"
    )
    return by_putin


def facet(response, name):
    return {value.param: value for value in next(f for f in response.context["facets"] if f.name == name).values}


@pytest.mark.django_db
def test_said_by_keeps_the_actors_and_its_members_terms(client, speakers):
    russia_terms = client.get(URL, {"said_by": "russia"}).context["page"].object_list
    putin_terms = client.get(URL, {"said_by": "putin"}).context["page"].object_list
    assert {d.slug for d in putin_terms} == {"ru-1", "ru-2"}
    # Russia said ru-3 itself (the factory's statement is by a state) only when the statement's actor is Russia.
    assert {"ru-1", "ru-2"} <= {d.slug for d in russia_terms}


@pytest.mark.django_db
def test_source_keeps_the_terms_it_carries(client, speakers):
    response = client.get(URL, {"source": speakers.source.slug})
    assert {d.slug for d in response.context["page"].object_list} == {"ru-1", "ru-2"}


@pytest.mark.django_db
def test_results_show_who_said_each_term(client, speakers):
    html = client.get(URL, {"said_by": "putin"}).content.decode()
    assert '<th scope="col">Said by</th>' in html
    assert 'data-label="Said by"><a href="/actors/putin/">Vladimir Putin</a>' in html


@pytest.mark.django_db
def test_each_facet_counts_its_values_under_the_other_filters(client, speakers):
    response = client.get(URL, {"party": "russia", "topic": "territory"})
    # Party counts keep the topic filter but not the party one: what choosing each party would give.
    assert {slug: v.count for slug, v in facet(response, "party").items()} == {"russia": 2, "ukraine": 1}
    assert facet(response, "party")["russia"].chosen
    # Topic counts keep the party filter.
    assert {slug: v.count for slug, v in facet(response, "topic").items()} == {"territory": 2, "nuclear": 1}
    assert {slug: v.count for slug, v in facet(response, "stance").items()} == {"demand": 2}
    assert facet(response, "said_by")["putin"].count == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"party": "russia", "topic": "territory"},
        {"said_by": "putin", "stance": "red_line"},
        {"said_by": "russia", "topic": ["territory", "nuclear"]},
        {"stance": "proposal", "from": "2025-01-01"},
    ],
)
def test_the_result_count_is_the_number_of_terms_the_filter_keeps(client, speakers, query):
    response = client.get(URL, query)
    expected = DemandFilter(QueryDict(urlencode(query, doseq=True)))
    assert expected.is_valid()
    assert response.context["page"].paginator.count == expected.qs.count()


@pytest.mark.django_db
def test_a_facet_value_links_to_the_filter_and_a_chosen_one_removes_it(client, speakers):
    response = client.get(URL, {"party": "russia"})
    assert facet(response, "topic")["nuclear"].query == "?party=russia&topic=nuclear"
    assert facet(response, "party")["russia"].query == "?"
    html = response.content.decode()
    assert 'href="?party=russia&amp;topic=nuclear"' in html
    assert '<span class="count">1</span>' in html


@pytest.mark.django_db
def test_said_by_and_source_reach_the_exports_query(client, speakers):
    html = client.get(URL, {"said_by": "putin", "source": speakers.source.slug}).content.decode()
    assert f'/demands/export.csv?said_by=putin&amp;source={speakers.source.slug}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("size", [2, 30])
def test_facet_counts_take_the_same_queries_whatever_the_rows(
    client, django_assert_num_queries, russia, hx, size, htmx
):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    for n in range(size):
        DemandFactory(
            party=russia,
            topic=TopicFactory(slug=f"t{n % 5}", position=n % 5),
            statement=StatementFactory(actor=putin, stated_on=datetime.date(2025, 1, 1) + datetime.timedelta(n)),
        )
    # data version, the party named in the URL, the page of rows with speakers and sources, the counts per
    # party, topic, stance and status (which give the result count too) and per speaker, the actors and topics they
    # name (the rows' statuses are their own column); the full page also lists parties, speakers, sources and topics
    with django_assert_num_queries(13 if not htmx else 9):
        client.get(URL, {"party": "russia"}, **(hx if htmx else {}))


def test_the_menus_and_the_whole_records_counts_are_read_once_per_data_version(
    client, django_assert_num_queries, django_capture_on_commit_callbacks, russia, demand_on
):
    term = demand_on(datetime.date(2025, 5, 1), party=russia)
    client.get(URL, {"party": "russia"})
    # Another view state of the same data version: the menus (parties, speakers, sources, topics), the actors' and
    # topics' names, and the counts per party, topic, stance and status, which no filter but the party's narrows,
    # are not read again: the data version, the party named, the rows with their speakers and sources, the counts
    # per speaker.
    with django_assert_num_queries(6):
        page = client.get(URL, {"party": "russia", "sort": "oldest"})
    assert 'value="russia" selected' in page.content.decode()
    term.paraphrase = "Changed."
    with django_capture_on_commit_callbacks(execute=True):
        term.save()  # a new data version: read afresh
    with django_assert_num_queries(13):
        client.get(URL, {"party": "russia", "sort": "oldest"})


def test_the_source_menu_offers_the_latest_sources_and_the_chosen_one(client, russia, monkeypatch):
    from negotiations.explorer import filters

    monkeypatch.setattr(filters, "SOURCE_MENU_SIZE", 2)
    old = DemandFactory(
        party=russia,
        statement=StatementFactory(source=SourceFactory(slug="old-source", published_on=datetime.date(2020, 1, 1))),
    )
    for day in (1, 2, 3):
        SourceFactory(slug=f"new-{day}", published_on=datetime.date(2025, 1, day))
    html = client.get("/demands/").content.decode()
    assert 'value="new-3"' in html and 'value="new-2"' in html
    assert 'value="new-1"' not in html and 'value="old-source"' not in html
    chosen = client.get("/demands/", {"source": "old-source"})
    assert 'value="old-source" selected' in chosen.content.decode()
    assert [term.pk for term in chosen.context["page"].object_list] == [old.pk]


def test_a_source_page_leads_to_its_terms_in_the_explorer(client, db):
    source = SourceFactory(slug="an-article")
    assert 'href="/demands/?source=an-article"' in client.get(source.get_absolute_url()).content.decode()


def test_the_said_by_menu_offers_speakers_and_the_bodies_they_speak_for(client, russia, ukraine):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    ActorFactory(slug="silent", name="Never Quoted", parent=ukraine, side="ukraine")
    DemandFactory(party=russia, statement=StatementFactory(actor=putin))
    menu = DemandFilter({}).form["said_by"]
    offered = {str(value) for value, _label in menu.field.choices if value}
    # Putin spoke, and Russia through him; Ukraine's member never did, and Ukraine made no statement here.
    assert offered == {"putin", "russia"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query", [{"from": "2025-03-14"}, {"to": "2025-03-14"}, {"from": "2025-01-01", "to": "2025-12-31"}]
)
def test_speaker_counts_in_a_date_range_are_the_terms_the_filter_keeps(client, speakers, query):
    counts = {slug: value.count for slug, value in facet(client.get(URL, query), "said_by").items()}
    for slug, count in counts.items():
        chosen = DemandFilter(QueryDict(urlencode({**query, "said_by": slug})))
        assert chosen.is_valid()
        assert count == chosen.qs.count(), slug
    assert counts  # the fixture's terms fall in every range asked here


@pytest.mark.django_db
def test_the_facets_links_start_from_the_state_the_page_shows(client, speakers, monkeypatch):
    # One view state a request, computed by @public_page for the cache key: the facets do not compute their own.
    recomputed = []
    monkeypatch.setattr(QueryForm, "canonical", lambda form: recomputed.append(form))
    query = "?junk=1&topic=territory&party=russia&from=2025-1-1&page=2&topic=territory"
    response = client.get(URL + query)
    assert recomputed == []
    assert response.context["state"].urlencode() == "from=2025-01-01&page=2&party=russia&topic=territory"
    assert facet(response, "topic")["nuclear"].query == "?from=2025-01-01&party=russia&topic=nuclear"
    assert facet(response, "party")["russia"].query == "?from=2025-01-01&topic=territory"
