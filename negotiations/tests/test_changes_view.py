"""/changes/, its Atom feed, the explorer's feed and "Corrected on": a curator's edit is public, and only
its public fields are."""

import datetime
import re

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from negotiations.citing.history import MODELS
from negotiations.tests.conftest import admin_form_data
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, as_a_fixture_load_leaves_them

pytestmark = pytest.mark.django_db


def entries_of(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return [(entry.title, entry.get("summary", "")) for entry in feed.entries]


@pytest.fixture
def loaded(russia, ukraine):
    """Terms as the curated records are: loaded, with their baseline history."""
    topic_terms = {
        "russian": DemandFactory(party=russia, paraphrase="Neutrality of Ukraine.", stance="demand"),
        "ukrainian": DemandFactory(party=ukraine, paraphrase="Security guarantees.", stance="proposal"),
    }
    # As a fixture load leaves them: no history, then the baseline written after loading.
    as_a_fixture_load_leaves_them()
    return topic_terms


@pytest.fixture
def corrected(loaded, edit_in_admin):
    """The Russian term's paraphrase corrected by a curator in the admin."""
    edit_in_admin(loaded["russian"], paraphrase="Permanent neutrality of Ukraine.")
    return loaded["russian"]


def test_a_curators_edit_appears_on_the_changes_page_with_before_and_after(client, corrected):
    html = client.get("/changes/").content.decode()
    assert "Permanent neutrality of Ukraine." in html
    assert "<del>Neutrality of Ukraine.</del>" in html
    assert "<ins>Permanent neutrality of Ukraine.</ins>" in html
    assert "Paraphrase" in html


def test_the_changes_page_never_names_the_curator(client, corrected, curator):
    # Their reason for a change is public (asked for as such in the admin, issue 23); who made it is not.
    html = client.get("/changes/").content.decode()
    assert curator.username not in html and curator.email not in html


def test_the_loaded_records_are_not_changes(client, loaded):
    response = client.get("/changes/")
    assert response.context["entries"] == []
    assert "No change since the record was first published." in response.content.decode()


def test_a_save_that_changes_nothing_public_is_not_listed(client, loaded, edit_in_admin):
    edit_in_admin(loaded["russian"])
    assert client.get("/changes/").context["entries"] == []


def test_one_records_changes_are_listed_on_their_own(client, corrected, loaded, edit_in_admin):
    edit_in_admin(loaded["ukrainian"], locator="Ukrainian memorandum §3")
    response = client.get("/changes/", {"record": f"demand-{corrected.pk}"})
    assert [entry.record_id for entry in response.context["entries"]] == [corrected.pk]


def test_an_unknown_record_is_a_message_not_an_error(client, corrected):
    response = client.get("/changes/", {"record": "nonsense-x"})
    assert response.status_code == 200
    assert "There is no record by that name." in response.content.decode()


def test_the_changes_page_htmx_returns_only_the_results_fragment(client, corrected, hx):
    response = client.get("/changes/", **hx)
    assert response.template_name == "negotiations/change_list.html#results"
    assert b'id="results"' in response.content
    assert b"<html" not in response.content


def test_a_corrected_record_page_says_corrected_on_and_links_to_its_changes(client, corrected):
    html = client.get(corrected.get_absolute_url()).content.decode()
    today = datetime.date.today()
    assert f"Corrected on {today.day} {today:%B %Y}" in html
    assert f'href="/changes/?record=demand-{corrected.pk}"' in html


def test_an_uncorrected_record_page_says_nothing_of_corrections(client, loaded):
    assert "Corrected on" not in client.get(loaded["ukrainian"].get_absolute_url()).content.decode()


def test_a_corrected_source_statement_and_actor_say_so_too(client, loaded, edit_in_admin):
    statement = loaded["russian"].statement
    edit_in_admin(statement, summary="A better summary.")
    assert "Corrected on" in client.get(statement.get_absolute_url()).content.decode()
    source = SourceFactory()
    edit_in_admin(source, title="A corrected title")
    assert "Corrected on" in client.get(source.get_absolute_url()).content.decode()
    actor = statement.actor
    edit_in_admin(actor, role="A corrected role")
    assert "Corrected on" in client.get(actor.get_absolute_url()).content.decode()


def test_the_changes_feed_carries_the_edit_but_not_the_curator(client, corrected, curator):
    response = client.get("/changes/feed/")
    assert curator.username.encode() not in response.content
    entries = entries_of(response)
    assert entries[0][0] == "Changed · Term: Permanent neutrality of Ukraine."
    assert "Neutrality of Ukraine." in entries[0][1]


def test_the_demands_feed_carries_a_changed_term_matching_the_filter(client, corrected):
    entries = entries_of(client.get("/demands/feed/", {"party": "russia"}))
    assert entries[0][0] == "Corrected · Russia: Permanent neutrality of Ukraine."


def test_the_demands_feed_says_whose_words_each_quote_is(client, corrected):
    statement = corrected.statement
    (entry,) = entries_of(client.get("/demands/feed/", {"party": "russia"}))
    reported = f"{statement.source.publisher.name}, reporting {statement.title} ({statement.actor.name}):"
    assert f"<p>{reported}</p><blockquote>{corrected.quote}</blockquote>" in entry[1]


def test_the_demands_feed_leaves_out_terms_the_filter_does_not_match(client, corrected):
    titles = [title for title, _ in entries_of(client.get("/demands/feed/", {"party": "ukraine"}))]
    assert titles == ["Ukraine: Security guarantees."]


def test_the_demands_feed_reads_the_explorers_date_range(client, corrected):
    assert entries_of(client.get("/demands/feed/", {"from": "2030-01-01"})) == []


def test_the_demands_feed_refuses_a_bad_filter_with_a_400(client, corrected):
    assert client.get("/demands/feed/", {"from": "2025-13-01"}).status_code == 400


def test_the_explorer_links_its_feed_with_the_same_filter(client, corrected):
    html = client.get("/demands/", {"party": "russia"}).content.decode()
    assert (
        'type="application/atom+xml" title="Ceasefire Positions: terms of Russia" href="http://testserver/demands/feed/?party=russia"'
        in html
    )
    assert 'href="/feeds/?feed=%2Fdemands%2Ffeed%2F%3Fparty%3Drussia"' in html


@pytest.mark.parametrize("edits", [1, 12])
def test_changes_page_queries_do_not_grow_with_the_changes(
    client, loaded, edit_in_admin, edits, django_assert_num_queries
):
    for n in range(edits):
        edit_in_admin(loaded["russian"], paraphrase=f"Version {n}.")
        edit_in_admin(loaded["russian"].statement, summary=f"Summary {n}.")
    client.logout()
    # data version, count, the page's rows; per history table (terms, statements): its rows with their previous
    # versions' ids, those versions; the names foreign keys point at (actors, topics, statements, sources)
    with django_assert_num_queries(11):
        response = client.get("/changes/")
    assert len(response.context["entries"]) == 2 * edits


def test_loaddata_in_tests_still_loads_and_writes_the_baseline_once(db):
    call_command("loaddata", "ceasefire", verbosity=0)
    call_command("loaddata", "ceasefire", verbosity=0)
    for model in MODELS.values():
        assert model.history.count() == model.objects.count() > 0, model.__name__


def test_feed_entries_have_absolute_ids_and_the_filtered_feed_names_itself(client, corrected):
    for url in ["/changes/feed/", "/demands/feed/?party=russia"]:
        ids = [entry.id for entry in feedparser.parse(client.get(url).content).entries]
        assert ids and all(id_.startswith("http://testserver/") for id_ in ids), ids
    feed = feedparser.parse(client.get("/demands/feed/?party=russia").content).feed
    (self_link,) = [link.href for link in feed.links if link.rel == "self"]
    assert self_link == "http://testserver/demands/feed/?party=russia"


@pytest.fixture
def featured_anew(featured, edit_in_admin, ukraine):
    """The curated home page (the memoranda, loaded with their baseline), then a curator's choice of another
    Ukrainian statement, with a note of their own."""
    as_a_fixture_load_leaves_them()
    offer = DemandFactory(party=ukraine, statement=StatementFactory(title="Zelenskyy's offer", actor=ukraine)).statement
    edit_in_admin(featured, right=offer.pk, note="Internal: the desk asked for it")
    return featured


def test_a_change_of_the_home_pages_comparison_is_public(client, featured_anew):
    response = client.get("/changes/", {"record": "featured-1"})
    (entry,) = response.context["entries"]
    assert (entry.kind_label, entry.label, entry.url) == (
        "Home page comparison",
        "Russian memorandum and Zelenskyy's offer",
        "/",
    )
    assert [(f.label, f.before, f.after) for f in entry.fields] == [
        ("Right statement", "Ukrainian memorandum", "Zelenskyy's offer")
    ]
    html = response.content.decode()
    assert "Internal: the desk asked for it" not in html
    assert "Home page comparison" in client.get("/changes/").content.decode()
    title, summary = entries_of(client.get("/changes/feed/"))[0]
    assert title == "Changed · Home page comparison: Russian memorandum and Zelenskyy's offer"
    assert "Internal" not in summary


# --- The curator's reason, public (issue 23) --------------------------------------------------------------------

REASON = "Paraphrase checked against the memorandum."


@pytest.fixture
def corrected_with_a_reason(loaded, edit_in_admin):
    edit_in_admin(loaded["russian"], paraphrase="Permanent neutrality of Ukraine.", change_reason=REASON)
    return loaded["russian"]


def test_the_reason_given_in_the_admin_is_kept_in_the_history(corrected_with_a_reason):
    latest = corrected_with_a_reason.history.latest("history_date", "history_id")
    assert (latest.history_type, latest.history_change_reason) == ("~", REASON)


def test_the_admin_history_page_shows_the_reason(client, corrected_with_a_reason):
    url = reverse("admin:negotiations_demand_history", args=[corrected_with_a_reason.pk])
    html = client.get(url).content.decode()
    assert f"<td>\n          {REASON}\n        </td>" in html


def test_the_changes_page_shows_the_reason_as_the_reason_for_the_correction_never_the_curator(
    client, corrected_with_a_reason, curator
):
    html = client.get("/changes/").content.decode()
    assert f"<strong>Reason for the correction:</strong> {REASON}" in html
    assert curator.username not in html


def test_the_changes_feed_carries_the_reason(client, corrected_with_a_reason, curator):
    response = client.get("/changes/feed/")
    assert curator.username.encode() not in response.content
    assert f"Reason for the correction: {REASON}" in entries_of(response)[0][1]


def test_a_save_without_a_reason_says_none(client, corrected):
    assert "Reason for the" not in client.get("/changes/").content.decode()
    assert corrected.history.latest("history_date", "history_id").history_change_reason is None


def test_the_terms_saved_on_a_statements_page_take_its_reason(client, loaded, curator):
    term = loaded["russian"]
    statement = term.statement
    data = admin_form_data(statement, change_reason="Terms renumbered.") | {
        "demands-TOTAL_FORMS": "1",
        "demands-INITIAL_FORMS": "1",
        "demands-0-id": str(term.pk),
        "demands-0-statement": str(statement.pk),
    }
    data |= {f"demands-0-{name}": value for name, value in admin_form_data(term, position="5").items()}
    response = client.post(reverse("admin:negotiations_statement_change", args=[statement.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    latest = term.history.latest("history_date", "history_id")
    assert (latest.position, latest.history_change_reason) == (5, "Terms renumbered.")


@pytest.mark.parametrize("model", ["topic", "actor", "source", "statement", "demand", "counterpart", "featured"])
def test_every_public_records_change_form_asks_for_a_reason_and_its_inline_rows_do_not(client, curator, model):
    url = reverse(f"admin:negotiations_{'featuredcomparison' if model == 'featured' else model}_add")
    html = client.get(url).content.decode()
    assert html.count('name="change_reason"') == 1
    assert "Reason for this change (public)" in html
    assert not re.search(r'name="[^"]+-change_reason"', html)


def test_a_reason_too_long_is_refused_with_a_message(client, loaded, curator):
    term = loaded["russian"]
    url = reverse("admin:negotiations_demand_change", args=[term.pk])
    response = client.post(url, admin_form_data(term, change_reason="x" * 101))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["change_reason"] == [
        "Ensure this value has at most 100 characters (it has 101)."
    ]
