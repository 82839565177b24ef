"""Search: the words a search asks for, their highlighting, and DemandQuerySet.matching on both databases
(PostgreSQL full-text search; SQLite FTS5 with the porter stemmer, kept in step by triggers)."""

import pytest
from django.db import connection

from negotiations.models import Demand
from negotiations.search import fts5_query, highlight, variants_of, words_of
from negotiations.tests.factories import ActorFactory, DemandFactory, StatementFactory


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
