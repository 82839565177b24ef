"""A term's page shows its status over time: put forward by its own statement, then each recorded change in the
rule's order with its date (precision and basis), its evidence linked and its quote with whose words; the status
now at the top, a superseded term never shown as current; and, at a past data version, the history as it stood."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

BODY = "Moscow refused the offer outright. In March 2025 Kyiv dropped it for a new plan."


@pytest.fixture
def term(ukraine):
    statement = StatementFactory(actor=ukraine, title="Ukraine's offer", stated_on=datetime.date(2025, 3, 11))
    return DemandFactory(party=ukraine, statement=statement, paraphrase="A 30-day ceasefire.", stance="proposal")


def evidence(actor, quote, day, precision="day", title="Evidence"):
    source = SourceFactory(body=BODY, published_on=datetime.date(2025, 4, 2))
    return StatementFactory(
        actor=actor, source=source, quote=quote, stated_on=day, date_precision=precision, title=title
    )


@pytest.fixture
def history(term, russia, ukraine):
    """Countered on 14 March 2025 (to the day), then superseded in March 2025 (to the month: known from the 31st)."""
    refusal = evidence(russia, "Moscow refused the offer outright", datetime.date(2025, 3, 14), title="The refusal")
    countered = StatusChangeFactory(
        demand=term, status="countered", evidence=refusal, quote="Moscow refused the offer outright", note="As read."
    )
    plan = DemandFactory(party=ukraine, paraphrase="A new plan.", statement=StatementFactory(actor=ukraine))
    dropped = evidence(ukraine, "Kyiv dropped it", datetime.date(2025, 3, 1), precision="month", title="The drop")
    superseded = StatusChangeFactory(
        demand=term, status="superseded", evidence=dropped, quote="Kyiv dropped it for a new plan", superseded_by=plan
    )
    return countered, superseded, plan


def page(client, demand, **params):
    response = client.get(demand.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_term_with_no_recorded_change_is_put_forward_by_its_own_statement(client, term):
    html = page(client, term)
    assert "<strong>put forward</strong>, 11 March 2025" in html
    history = html.split('id="status"')[1]
    assert "<strong>Put forward</strong> — 11 March 2025" in history
    assert f'href="{term.statement.get_absolute_url()}">Ukraine&#x27;s offer</a>' in history
    assert "No later change of its status is recorded." in history


def test_each_change_shows_its_status_date_evidence_and_quote_in_the_rules_order(client, term, history):
    countered, superseded, plan = history
    section = page(client, term).split('id="status"')[1]
    first, second = (
        section.index(f'id="status-change-{countered.pk}"'),
        section.index(f'id="status-change-{superseded.pk}"'),
    )
    # Known on 14 March, then on 31 March (a month-dated change counts from the month's end).
    assert section.index("<strong>Put forward</strong>") < first < second
    assert "<strong>Countered</strong> — 14 March 2025" in section
    assert f'<a href="{countered.evidence.get_absolute_url()}">The refusal</a>' in section
    assert "“Moscow refused the offer outright”" in section and "As read." in section
    # Whose words: the source's report (the evidence's wording), named before the quote.
    assert 'class="words-by"' in section
    assert f'<strong>Superseded</strong> by <a href="{plan.get_absolute_url()}">A new plan.</a> — March 2025' in section


def test_a_superseded_term_says_so_at_the_top_never_as_current(client, term, history):
    *_, plan = history
    top = page(client, term).split('id="status"')[0]
    assert f'<strong>Superseded</strong> on March 2025 by <a href="{plan.get_absolute_url()}">A new plan.</a>' in top
    assert "put forward</strong>" not in top


def test_a_countered_term_shows_that_status_now(client, term, russia):
    refusal = evidence(russia, "Moscow refused the offer outright", datetime.date(2025, 3, 14))
    StatusChangeFactory(demand=term, status="countered", evidence=refusal, quote="Moscow refused the offer outright")
    assert "<strong>countered</strong>, 14 March 2025" in page(client, term).split('id="status"')[0]


def test_a_quote_beyond_the_evidences_own_is_credited_to_the_source(term, history):
    countered, superseded, _ = history
    assert countered.wording == countered.evidence.wording
    superseded.evidence.wording = "own"
    assert superseded.wording == "reported"  # its quote runs past the evidence's own quote


def test_the_term_page_at_a_past_version_shows_the_history_as_it_stood(client, term, russia, publish):
    refusal = evidence(russia, "Moscow refused the offer outright", datetime.date(2025, 3, 14), title="The refusal")
    change = StatusChangeFactory(
        demand=term, status="countered", evidence=refusal, quote="Moscow refused the offer outright"
    )
    before = publish()
    change.note = "Added later."
    change.save()
    StatusChangeFactory(
        demand=term,
        status="withdrawn",
        evidence=evidence(term.party, "Kyiv dropped it", datetime.date(2025, 3, 20)),
        quote="Kyiv dropped it",
    )
    publish()
    then = page(client, term, version=before)
    assert "<strong>Countered</strong> — 14 March 2025" in then and "Withdrawn" not in then
    assert "Added later." not in then
    assert "<strong>countered</strong>, 14 March 2025" in then.split('id="status"')[0]
    now = page(client, term)
    assert "<strong>withdrawn</strong>, 20 March 2025" in now and "Added later." in now


def test_the_term_page_reads_its_status_history_in_one_query(client, term, history):
    # Two more changes cost no more queries than none: the history is one query, whatever its length.
    client.get(term.get_absolute_url())
    with CaptureQueriesContext(connection) as with_two:
        client.get(term.get_absolute_url() + "?x=1")
    for day in (20, 21):
        StatusChangeFactory(
            demand=term,
            status="restated",
            evidence=evidence(term.party, "Kyiv dropped it", datetime.date(2025, 3, day)),
            quote="Kyiv dropped it",
        )
    with CaptureQueriesContext(connection) as with_four:
        client.get(term.get_absolute_url() + "?x=2")
    assert len(with_four) == len(with_two)
