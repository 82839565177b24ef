"""The proposer's inputs from the database, and its proposals completed with counterparts ranked by likeness and
whether they are already recorded (intake/fetch.py, DemandQuerySet.closest_to). Runs on SQLite (FTS5's bm25) and on
PostgreSQL (pg_trgm's similarity): each test on whichever the suite runs on."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations import codebook
from negotiations.intake import fetch
from negotiations.intake.proposals import Document, Proposal
from negotiations.models import Demand
from negotiations.tests.factories import (
    ActorFactory,
    DemandFactory,
    SourceFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)

TEXT = (
    "Russia demands that Ukraine withdraw its troops from the territories of the four regions. "
    "Moscow also insists on Ukraine's neutrality and non-aligned status. "
    "Kyiv proposes an unconditional ceasefire on land, sea and in the air."
)


def proposal(quote, *, text=TEXT, party="russia", topic="territory", **fields):
    """A proposal of `quote`, where it stands in `text` (or as a text of its own)."""
    start = max(text.find(quote), 0)
    values = {
        "locator": "paragraph 1",
        "speaker": party,
        "reported_by": None,
        "cited": None,
        "stated_on": datetime.date(2025, 6, 2),
        "date_precision": "day",
        "date_basis": "explicit",
        "date_note": "on 2 June",
        "stance": "demand",
        "wording": "reported",
        "cues": ("demands",),
        **fields,
    }
    return Proposal(quote=quote, start=start, end=start + len(quote), party=party, topic=topic, **values)


@pytest.fixture
def parties(db):
    russia = StateFactory(slug="russia", name="Russia", side="russia", aliases="Moscow, Kremlin")
    ukraine = StateFactory(slug="ukraine", name="Ukraine", side="ukraine", aliases="Kyiv")
    return russia, ukraine


@pytest.fixture
def topics(db):
    return TopicFactory(slug="territory", name="Territory"), TopicFactory(slug="ceasefire", name="Ceasefire")


@pytest.fixture
def proposing(monkeypatch):
    """`proposing(proposals)`: the proposer (not on this branch) stood in for by one that returns `proposals`,
    recording what it was given."""
    given = {}

    def stand_in(proposals):
        def propose(document, actors, topics):
            given.update(document=document, actors=actors, topics=topics)
            return proposals

        monkeypatch.setattr("negotiations.intake.proposals.propose", propose)
        return given

    return stand_in


def ranked(quote, *, party="russia", topic="territory"):
    sides = {"russia": "russia", "ukraine": "ukraine"}
    return [hint.slug for hint in fetch.counterparts_of(proposal(quote, party=party, topic=topic), sides)]


# --- Inputs ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_proposer_reads_actors_and_topics_as_plain_data(parties, topics, django_assert_num_queries):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", aliases="Putin,  ", parent=parties[0], side="russia")
    with django_assert_num_queries(2):
        actors, topic_infos = fetch.proposer_inputs()
    by_slug = {actor.slug: actor for actor in actors}
    assert by_slug["putin"].parent == "russia" and by_slug["putin"].aliases == ("Putin",)
    assert by_slug["russia"].aliases == ("Moscow", "Kremlin") and by_slug["russia"].kind == "state"
    assert by_slug[putin.slug].side == "russia"
    assert {topic.slug for topic in topic_infos} == {"territory", "ceasefire"}
    # Topic.keywords comes with the proposer's migration; until then, none.
    assert all(isinstance(topic.keywords, tuple) for topic in topic_infos)


@pytest.mark.django_db
def test_a_publisher_is_matched_by_name_alias_or_slug(parties):
    ActorFactory(slug="ukrainska-pravda", name="Ukrainska Pravda", aliases="UP", kind="media")
    actors, _ = fetch.proposer_inputs()
    assert fetch.actor_named("Ukrainska Pravda", actors) == "ukrainska-pravda"
    assert fetch.actor_named("  ukrainska   pravda ", actors) == "ukrainska-pravda"
    assert fetch.actor_named("up", actors) == "ukrainska-pravda"
    assert fetch.actor_named("kremlin", actors) == "russia"
    assert fetch.actor_named("Pravda", actors) is None  # a part of a name names no one
    assert fetch.actor_named("", actors) is None


@pytest.mark.django_db
def test_a_name_two_actors_answer_to_names_neither(parties):
    ActorFactory(slug="pravda-1", name="Pravda One", aliases="Pravda", kind="media")
    ActorFactory(slug="pravda-2", name="Pravda Two", aliases="Pravda", kind="media")
    assert fetch.actor_named("Pravda", fetch.actors_as_read()) is None
    assert fetch.publisher_named("Pravda") is None
    assert fetch.publisher_named("pravda one").slug == "pravda-1"


# --- Counterparts ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_closer_wording_ranks_first(parties, topics):
    russia, ukraine = parties
    territory = topics[0]
    closest = DemandFactory(
        party=ukraine,
        topic=territory,
        quote="Russian troops withdraw from the occupied territories of the four regions",
        paraphrase="Russia withdraws its troops from the four regions.",
    )
    middling = DemandFactory(
        party=ukraine,
        topic=territory,
        quote="full territorial integrity within the borders of 1991",
        paraphrase="Ukraine keeps all its territories.",
    )
    DemandFactory(party=ukraine, topic=territory, quote="no word in common", paraphrase="Nothing alike here.")
    found = ranked("Russia demands that Ukraine withdraw its troops from the territories of the four regions.")
    assert found[:2] == [closest.slug, middling.slug]


@pytest.mark.django_db
def test_only_the_other_partys_terms_those_on_the_same_topic_first(parties, topics):
    russia, ukraine = parties
    territory, ceasefire = topics
    quote = "Ukraine must withdraw its troops from the four regions"
    answer = DemandFactory(party=ukraine, topic=territory, quote="troops withdraw from the four regions")
    DemandFactory(party=russia, topic=territory, quote=quote)  # the same party's own term, word for word
    # The other party's, on another topic, word for word: after the one on the topic, however alike.
    elsewhere = DemandFactory(party=ukraine, topic=ceasefire, quote=quote)
    mediator = StateFactory(slug="usa", name="United States", side="mediator")
    DemandFactory(party=mediator, topic=territory, quote=quote)  # no negotiating party
    assert ranked(quote) == [answer.slug, elsewhere.slug]
    # And from the other side, the same way round.
    assert ranked(quote, party="ukraine") == [Demand.objects.get(party=russia, topic=territory).slug]


@pytest.mark.django_db
def test_a_topic_with_none_of_the_other_partys_terms_offers_the_closest_on_other_topics(parties, topics):
    russia, ukraine = parties
    territory, ceasefire = topics
    answer = DemandFactory(party=ukraine, topic=ceasefire, quote="an unconditional ceasefire on land, sea and air")
    DemandFactory(party=ukraine, topic=ceasefire, quote="no word in common", paraphrase="Nothing alike here.")
    DemandFactory(party=russia, topic=ceasefire, quote="a ceasefire only after Ukraine demobilises")  # its own side
    found = fetch.counterparts_of(proposal("a ceasefire only after Ukraine demobilises"), {"russia": "russia"})
    # (PostgreSQL's trigrams find something alike in the last; SQLite's words do not: either way it comes after.)
    assert (found[0].slug, found[0].topic) == (answer.slug, "ceasefire")
    assert {hint.party for hint in found} == {"ukraine"}


@pytest.mark.django_db
def test_at_most_five_counterparts(parties, topics):
    for number in range(8):
        DemandFactory(party=parties[1], topic=topics[0], quote=f"withdraw troops {number}")
    assert len(ranked("withdraw troops")) == fetch.COUNTERPARTS_SHOWN == 5


@pytest.mark.django_db
def test_no_counterparts_without_a_party_and_any_topic_without_a_topic(parties, topics, django_assert_num_queries):
    term = DemandFactory(party=parties[1], topic=topics[0], quote="withdraw troops")
    with django_assert_num_queries(0):
        assert ranked("withdraw troops", party=None) == []
        assert ranked("withdraw troops", party="putin-unknown") == []
    assert ranked("withdraw troops", topic=None) == [term.slug]


@pytest.mark.django_db
def test_a_counterpart_says_what_it_is(parties, topics):
    answer = DemandFactory(party=parties[1], topic=topics[0], quote="withdraw troops", paraphrase="Troops leave.")
    (hint,) = fetch.counterparts_of(proposal("withdraw its troops"), {"russia": "russia"})
    assert (hint.demand_id, hint.slug, hint.party, hint.topic) == (answer.pk, answer.slug, "ukraine", "territory")
    assert (hint.quote, hint.paraphrase, hint.url) == ("withdraw troops", "Troops leave.", answer.get_absolute_url())
    assert hint.score > 0


@pytest.mark.django_db
def test_postgresql_ranks_with_pg_trgm():
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's; SQLite ranks with FTS5 (the next test)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == (1,)
    with CaptureQueriesContext(connection) as queries:
        Demand.objects.closest_to("withdraw troops", 5)
    assert "SIMILARITY(" in queries[0]["sql"].upper()


@pytest.mark.django_db
def test_sqlite_ranks_with_its_full_text_index():
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's; PostgreSQL ranks with pg_trgm (the test before)")
    with CaptureQueriesContext(connection) as queries:
        Demand.objects.closest_to("withdraw troops", 5)
    assert "bm25(negotiations_demand_fts)" in queries[0]["sql"] and "MATCH" in queries[0]["sql"]
    with CaptureQueriesContext(connection) as queries:
        assert Demand.objects.closest_to("the of and", 5) == []  # stop words alone ask for nothing
    assert len(queries) == 0


def test_the_relation_rule_is_the_codebooks():
    assert fetch.RELATION_RULE is codebook.RELATION_RULE
    assert fetch.RELATIONS is codebook.RELATIONS


# --- Already recorded --------------------------------------------------------------------------------------


@pytest.fixture
def recorded(parties, topics):
    """A term recorded from another outlet's text, with a curly apostrophe where TEXT has a straight one, and a
    statement whose quote runs across two of TEXT's sentences."""
    other = SourceFactory(body="Moscow also insists on Ukraine’s neutrality and non-aligned status, TASS says.")
    statement = StatementFactory(
        actor=parties[0], source=other, quote="Moscow also insists on Ukraine’s neutrality and non-aligned status"
    )
    term = DemandFactory(
        party=parties[0], topic=topics[0], statement=statement, quote="Ukraine’s neutrality and non-aligned status"
    )
    across = StatementFactory(
        actor=parties[1],
        source=SourceFactory(body=TEXT),
        quote="non-aligned status. Kyiv proposes an unconditional ceasefire",
    )
    return term, statement, across


@pytest.mark.django_db
def test_a_quote_already_recorded_is_found_whatever_its_apostrophes(recorded):
    term, statement, across = recorded
    found = [
        proposal("Moscow also insists on Ukraine's neutrality and non-aligned status."),
        proposal("Russia demands that Ukraine withdraw its troops from the territories of the four regions."),
        proposal("Kyiv proposes an unconditional ceasefire on land, sea and in the air.", party="ukraine"),
    ]
    hints = fetch.recorded_hints(TEXT, found)
    # A term before a statement: the term is what a candidate becomes.
    assert hints[0] == fetch.RecordedHint("demand", term.pk, term.get_absolute_url(), str(term))
    assert 1 not in hints
    # Across two sentences: the one it overlaps in the text is recorded in part.
    assert hints[2].kind == "statement" and hints[2].id == across.pk
    assert hints[2].url == across.get_absolute_url() and hints[2].label == str(across)


@pytest.mark.django_db
def test_a_shorter_proposal_inside_a_recorded_quote_is_recorded(recorded):
    term = recorded[0]
    hints = fetch.recorded_hints(TEXT, [proposal("Ukraine's neutrality")])
    assert hints[0].id == term.pk


@pytest.mark.django_db
def test_one_query_finds_what_is_recorded_for_a_whole_document(recorded, django_assert_num_queries):
    found = [proposal(sentence.strip() + ".") for sentence in TEXT.split(".") if sentence.strip()]
    with django_assert_num_queries(1):
        hints = fetch.recorded_hints(TEXT, found * 20)
    assert len(hints) == 40  # the second and third sentences, twenty times each


@pytest.mark.django_db
def test_nothing_recorded_means_no_hint(parties, topics):
    DemandFactory(party=parties[0], topic=topics[0], quote="a quote from another text altogether")
    assert fetch.recorded_hints(TEXT, [proposal("Kyiv proposes an unconditional ceasefire")]) == {}
    assert fetch.recorded_hints(TEXT, []) == {}


# --- Candidates --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_candidates_complete_each_proposal_in_text_order(recorded, proposing):
    term = recorded[0]
    answer = DemandFactory(party=recorded[2].actor, topic=term.topic, quote="troops withdraw from the four regions")
    proposals = [
        proposal("Russia demands that Ukraine withdraw its troops from the territories of the four regions."),
        proposal("Moscow also insists on Ukraine's neutrality and non-aligned status."),
    ]
    given = proposing(proposals)
    document = Document(text=TEXT, title="Memoranda", publisher=None, published_on=datetime.date(2025, 6, 3))
    found = fetch.candidates(document)
    assert given["document"] is document and {actor.slug for actor in given["actors"]} >= {"russia", "ukraine"}
    assert [candidate.proposal for candidate in found] == proposals
    assert [hint.slug for hint in found[0].counterparts][0] == answer.slug and found[0].recorded is None
    assert found[1].recorded.id == term.pk


@pytest.mark.django_db
def test_a_candidate_as_json(recorded, proposing):
    term = recorded[0]
    DemandFactory(party=recorded[2].actor, topic=term.topic, quote="Ukraine keeps its neutrality as it chooses")
    proposing([proposal("Moscow also insists on Ukraine's neutrality and non-aligned status.", cited="isw")])
    (candidate,) = fetch.candidates(Document(text=TEXT))
    row = json.loads(json.dumps(fetch.candidate_as_json(candidate), ensure_ascii=False))
    assert row["quote"] == TEXT[row["start"] : row["end"]]
    assert {key: row[key] for key in ("locator", "speaker", "party", "reported_by", "cited", "stated_on")} == {
        "locator": "paragraph 1",
        "speaker": "russia",
        "party": "russia",
        "reported_by": None,
        "cited": "isw",
        "stated_on": "2025-06-02",
    }
    assert (row["date_precision"], row["date_basis"], row["date_note"]) == ("day", "explicit", "on 2 June")
    assert (row["topic"], row["stance"], row["wording"]) == ("territory", "demand", "reported")
    assert row["cues"] == ["demands"]
    (counterpart,) = row["counterparts"]
    assert set(counterpart) >= {"slug", "party", "topic", "score", "quote"} and counterpart["party"] == "ukraine"
    assert row["recorded"] == {"kind": "demand", "id": term.pk, "url": term.get_absolute_url(), "label": str(term)}


@pytest.mark.django_db
def test_an_undated_candidate_says_null(parties, proposing):
    proposing([proposal("Kyiv proposes", stated_on=None, date_precision="unknown", date_basis="reported")])
    (candidate,) = fetch.candidates(Document(text=TEXT))
    row = fetch.candidate_as_json(candidate)
    assert row["stated_on"] is None and row["recorded"] is None and row["counterparts"] == []
