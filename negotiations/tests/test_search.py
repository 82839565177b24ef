"""Search: the words a search asks for, their highlighting, and DemandQuerySet.matching on both databases
(PostgreSQL full-text search; SQLite FTS5 with the porter stemmer, kept in step by triggers)."""

import pytest
from django.db import connection

from negotiations import models
from negotiations.models import Demand
from negotiations.search import (
    british_american,
    every_spelling,
    fts5_query,
    highlight,
    name_spellings,
    suggestions,
    variant_table,
    variants_of,
    words_of,
    written_without_latin_letters,
)
from negotiations.tests.factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory


def test_a_search_is_its_words_without_stop_words_or_repeats():
    assert words_of("The 30-day ceasefire, the CEASEFIRE") == ["30", "day", "ceasefire"]


def test_a_search_of_only_stop_words_has_no_words():
    assert words_of("of the") == []


def test_an_fts5_word_is_quoted_so_nothing_in_it_is_syntax():
    assert fts5_query('a"b') == '"a""b"'


def test_highlight_escapes_before_marking():
    marked = highlight("<b>Withdrawal</b> & more", ["withdrawals"])
    assert marked == "&lt;b&gt;<mark>Withdrawal</mark>&lt;/b&gt; &amp; more"


def test_highlight_marks_every_word_on_its_stem_in_any_order():
    marked = highlight("Refuses the proposed temporary (30-day) ceasefire.", words_of("ceasefire 30 day"))
    assert marked == "Refuses the proposed temporary (<mark>30</mark>-<mark>day</mark>) <mark>ceasefire</mark>."


def test_highlight_without_words_only_escapes():
    assert highlight("a < b", []) == "a &lt; b"


@pytest.mark.parametrize(
    ("word", "others"),
    [
        ("demilitarisation", ["demilitarization"]),
        ("demilitarization", ["demilitarisation"]),
        ("demobilised", ["demobilized"]),
        ("recognising", ["recognizing"]),
        ("neighbour", ["neighbor"]),
        ("defence", ["defense"]),
        ("centre", ["center"]),
        ("dialogue", ["dialog"]),
        ("analyse", ["analyze"]),
        # Too short a stem to be an ending: “size” is not “sise”.
        ("size", []),
        ("ceasefire", []),
    ],
)
def test_british_and_american_endings_give_the_other_spelling(word, others):
    assert british_american(word) == others


def test_an_actors_spellings_of_one_name_are_variants_but_other_names_are_not():
    assert (
        name_spellings("Volodymyr Zelenskyy", "Zelensky, Zelenskiy")
        == [frozenset({"zelenskyy", "zelensky", "zelenskiy"})] * 3
    )
    assert name_spellings("Aleksandar Vučić", "Vucic") == [frozenset({"vučić", "vucic"})] * 2
    # Ukraine's alias Kyiv is another name, not a spelling; a phrase alias is not one word.
    assert name_spellings("Ukraine", "Kyiv") == []
    assert name_spellings("Russia", "Russian Federation") == []
    # Abbreviations are too short to be told apart by their letters.
    assert name_spellings("United States", "US, USA") == []


def test_a_variant_table_maps_each_word_to_the_others_of_its_groups():
    table = variant_table([["Kyiv", "Kiev"], ["zelensky", "zelenskyy"], ["zelensky", "zelenskiy"]])
    assert table["kiev"] == {"kyiv"}
    assert table["kyiv"] == {"kiev"}
    assert table["zelensky"] == {"zelenskyy", "zelenskiy"}


def test_a_words_variants_come_from_its_endings_and_the_table_typed_word_first():
    table = variant_table([["kyiv", "kiev"]])
    assert variants_of("kiev", table) == ("kiev", "kyiv")
    assert variants_of("demilitarised", table) == ("demilitarised", "demilitarized")
    assert variants_of("ceasefire", table) == ("ceasefire",)
    # The table's words get their own other endings: a curator's “demobilise” finds “demobilized”.
    assert variants_of("demobilisation", variant_table([["demobilisation", "mobilisation"]])) == (
        "demobilisation",
        "demobilization",
        "mobilisation",
        "mobilization",
    )


def test_highlight_marks_every_spelling_that_matched():
    words = every_spelling([variants_of("kiev", variant_table([["kyiv", "kiev"]]))])
    assert highlight("Talks in Kyiv.", words) == "Talks in <mark>Kyiv</mark>."


VOCABULARY = frozenset({"ceasefire", "neutrality", "guarantees", "territory", "crimea"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cesefire", ["ceasefire"]),
        ("cesefire guarantees", ["ceasefire guarantees"]),
        ("cesefire garantees", ["ceasefire guarantees"]),
        ("ceasefire", []),  # every word is in the record: the filters found nothing, not the spelling
        ("xqzv", []),  # nothing close
    ],
)
def test_suggestions_replace_the_words_the_record_does_not_hold_with_its_closest(text, expected):
    assert suggestions(words_of(text), VOCABULARY) == expected


@pytest.mark.parametrize(
    ("text", "other_script"),
    [("перемирие", True), ("перемирие 30", True), ("Orbán", False), ("ceasefire", False), ("30 !", False)],
)
def test_a_search_without_latin_letters_is_told_apart(text, other_script):
    assert written_without_latin_letters(text) is other_script


@pytest.fixture
def ceasefire_terms(russia, ukraine):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", aliases="Kremlin", parent=russia, side="russia")
    return {
        "offer": DemandFactory(party=ukraine, paraphrase="A 30-day ceasefire, offered jointly with the United States."),
        "refusal": DemandFactory(
            party=russia,
            statement=StatementFactory(actor=putin),
            paraphrase="(ISW's assessment) Refuses the proposed temporary (30-day) ceasefire.",
        ),
        "withdraw": DemandFactory(
            party=russia, paraphrase="Ukraine leaves the four oblasts.", quote="complete withdrawal from the regions"
        ),
        "other": DemandFactory(party=ukraine, paraphrase="Security guarantees.", quote="guarantees"),
    }


def found(text, table=None):
    words = [variants_of(word, table or {}) for word in words_of(text)]
    return set(Demand.objects.matching(words).values_list("slug", flat=True))


def slugs(terms, *names):
    return {terms[name].slug for name in names}


@pytest.mark.django_db
def test_words_in_any_order_find_both_sides_terms(ceasefire_terms):
    # The 30-day ceasefire: Ukraine's offer and Russia's refusal, on SQLite as on PostgreSQL.
    assert found("30-day ceasefire") == slugs(ceasefire_terms, "offer", "refusal")
    assert found("ceasefire 30 day") == slugs(ceasefire_terms, "offer", "refusal")


@pytest.mark.django_db
def test_words_match_on_their_stems(ceasefire_terms):
    assert found("withdrawals") == slugs(ceasefire_terms, "withdraw")
    assert found("ceasefires offered") == slugs(ceasefire_terms, "offer")


@pytest.mark.django_db
def test_a_word_may_be_found_in_the_speakers_name_or_alias(ceasefire_terms):
    assert found("Kremlin ceasefire") == slugs(ceasefire_terms, "refusal")
    assert found("putin") == slugs(ceasefire_terms, "refusal")


@pytest.mark.django_db
def test_every_word_must_be_found(ceasefire_terms):
    assert found("ceasefire guarantees") == set()


@pytest.mark.django_db
def test_search_syntax_is_only_words(ceasefire_terms):
    for text in ['"', "ceasefire OR", "NEAR(a b)", "*", "'; DROP TABLE negotiations_demand; --", "c:eas"]:
        assert isinstance(found(text), set)
    assert Demand.objects.count() == 4


@pytest.mark.django_db
def test_a_term_saved_after_the_migrations_is_found_changed_and_gone(russia):
    # On SQLite the index is kept in step by triggers (migration 0008): insert, update and delete.
    term = DemandFactory(party=russia, paraphrase="Demilitarisation of the region.")
    assert term.slug in found("demilitarisation")
    term.paraphrase = "Neutral status."
    term.save()
    assert term.slug not in found("demilitarisation")
    assert term.slug in found("neutral")
    term.delete()
    assert found("neutral") == set()


@pytest.mark.django_db
def test_sqlite_uses_its_full_text_index():
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'negotiations_demand_fts'")
        (sql,) = cursor.fetchone()
    assert "fts5" in sql and "porter" in sql


@pytest.mark.django_db
def test_spellings_find_the_same_terms_on_both_databases(russia):
    british = DemandFactory(party=russia, paraphrase="Demilitarisation of Ukraine.")
    american = DemandFactory(party=russia, paraphrase="Demilitarize the Ukrainian army.", quote="demilitarization")
    kyiv = DemandFactory(party=russia, paraphrase="Kyiv renounces its claims.")
    table = variant_table([["kyiv", "kiev"]])
    assert found("demilitarisation") == found("demilitarization") == {british.slug, american.slug}
    assert found("kiev", table) == found("kyiv", table) == {kyiv.slug}
    assert found("kiev") == set()  # without the curators' variant, as before


@pytest.mark.django_db
def test_a_word_finds_terms_by_their_source_publisher_first_source_or_reporter(russia):
    tass = ActorFactory(name="TASS", kind="media")
    isw = ActorFactory(name="Institute for the Study of War", aliases="ISW", kind="think_tank")
    carried = DemandFactory(
        party=russia, statement=StatementFactory(actor=russia, source=SourceFactory(publisher=tass))
    )
    first = DemandFactory(
        party=russia, statement=StatementFactory(actor=russia, cited_source=SourceFactory(publisher=tass))
    )
    titled = DemandFactory(
        party=russia, statement=StatementFactory(actor=russia, source=SourceFactory(title="Euromaidan digest"))
    )
    reported = DemandFactory(party=russia, statement=StatementFactory(actor=russia, reported_by=isw))
    DemandFactory(party=russia)
    assert found("TASS") == {carried.slug, first.slug}
    assert found("euromaidan") == {titled.slug}
    assert found("ISW") == {reported.slug}
    assert found("TASS euromaidan") == set()


@pytest.mark.django_db
@pytest.mark.parametrize("listed_at_most", [0, 10_000])
def test_a_search_finds_the_same_terms_listed_first_or_tested_as_a_condition(russia, monkeypatch, listed_at_most):
    # Up to models.LISTED_AT_MOST terms found are handed on as a list of ids; beyond, the search is a condition.
    monkeypatch.setattr(models, "LISTED_AT_MOST", listed_at_most)
    tass = ActorFactory(name="TASS", kind="media")
    putin = ActorFactory(name="Vladimir Putin", parent=russia)
    said = DemandFactory(party=russia, statement=StatementFactory(actor=putin))
    carried = DemandFactory(party=russia, statement=StatementFactory(source=SourceFactory(publisher=tass)))
    written = DemandFactory(party=russia, paraphrase="Putin's TASS interview.")
    DemandFactory(party=russia)
    assert found("putin") == {said.slug, written.slug}
    assert found("tass") == {carried.slug, written.slug}
    assert found("putin tass") == {written.slug}
    assert found("russia") == set(Demand.objects.values_list("slug", flat=True))  # the party's name
