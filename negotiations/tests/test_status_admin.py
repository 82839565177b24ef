"""Curators record a term's status over time inline on the term: each change with its evidence (by
autocomplete), its verbatim quote and, for superseded, the replacing term; the model's checks run on the form,
the reason given is the public reason, and two curators' edits of one change merge or clash as every record's do."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from negotiations.admin import STATUS_HELP
from negotiations.models import StatusChange
from negotiations.tests.conftest import admin_form_data
from negotiations.tests.factories import DemandFactory, SourceFactory, StatementFactory, StatusChangeFactory
from negotiations.tests.test_admin_concurrency import REFUSED, form_data, saved

pytestmark = pytest.mark.django_db

PREFIX = "status_changes"
EVIDENCE_TEXT = "Moscow refused the offer outright on Friday. Later it put forward its own plan instead."


@pytest.fixture
def term(russia, ukraine):
    statement = StatementFactory(actor=ukraine, stated_on=datetime.date(2025, 3, 11))
    return DemandFactory(party=ukraine, statement=statement, stance="proposal")


@pytest.fixture
def evidence(russia):
    source = SourceFactory(body=EVIDENCE_TEXT, published_on=datetime.date(2025, 3, 15))
    return StatementFactory(
        actor=russia, source=source, quote="Moscow refused the offer outright", stated_on=datetime.date(2025, 3, 14)
    )


def change_url(demand):
    return reverse("admin:negotiations_demand_change", args=[demand.pk])


def with_one_change(demand, reason="", **row):
    """The term's form as posted with one new status change in its inline."""
    data = admin_form_data(demand, change_reason=reason)
    data |= {f"{PREFIX}-TOTAL_FORMS": "1", f"{PREFIX}-INITIAL_FORMS": "0"}
    defaults = {"status": "countered", "quote": "Moscow refused the offer outright", "superseded_by": "", "note": ""}
    return data | {f"{PREFIX}-0-{name}": value for name, value in (defaults | row).items()}


def test_the_term_form_offers_the_status_inline_with_its_rule_and_autocompletes(client, curator, term):
    html = client.get(change_url(term)).content.decode()
    assert "Status over time" in html or "status over time" in html
    assert f'name="{PREFIX}-TOTAL_FORMS"' in html
    for field in ("evidence", "superseded_by"):
        # The autocomplete widget: a menu of every statement or term would be thousands of options.
        assert f'id="id_{PREFIX}-__prefix__-{field}"' in html
        assert 'data-field-name="' + field + '"' in html
    assert STATUS_HELP["status"].replace("“", "&ldquo;")[:40] in html or STATUS_HELP["status"][:40] in html


def test_a_status_change_saved_inline_keeps_its_evidence_date_and_the_public_reason(client, curator, term, evidence):
    response = client.post(change_url(term), with_one_change(term, "Refusal reported", evidence=evidence.pk))
    assert response.status_code == 302, response.context and response.context["inline_admin_formsets"]
    change = StatusChange.objects.get(demand=term)
    assert (change.status, change.evidence, change.known_on) == ("countered", evidence, datetime.date(2025, 3, 14))
    assert change.history.get().history_change_reason == "Refusal reported"


def row_errors(response):
    formset = next(f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == PREFIX)
    return formset.forms[0].errors


def test_a_quote_that_is_not_in_the_evidences_source_is_refused(client, curator, term, evidence):
    data = with_one_change(term, evidence=evidence.pk, quote="Moscow accepted the offer")
    response = client.post(change_url(term), data)
    assert response.status_code == 200
    assert "This quote is not in the text of its source" in str(row_errors(response)["quote"])
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    ("replacement", "expected"),
    [("other party", "later term of the same party"), ("itself", "another, later term"), ("none", "")],
)
def test_superseded_names_a_later_term_of_the_same_party(
    client, curator, term, evidence, russia, replacement, expected
):
    later = StatementFactory(actor=term.party, stated_on=datetime.date(2025, 6, 1))
    other = DemandFactory(party=russia, statement=later)
    chosen = {"other party": other.pk, "itself": term.pk, "none": ""}[replacement]
    response = client.post(
        change_url(term), with_one_change(term, evidence=evidence.pk, status="superseded", superseded_by=chosen)
    )
    assert response.status_code == 200
    errors = row_errors(response)
    assert errors, "a superseded change without the same party's later term was saved"
    if expected:
        assert expected in str(errors["superseded_by"])
    assert not StatusChange.objects.exists()


def test_superseded_by_the_same_partys_later_term_is_saved(client, curator, term, evidence):
    later = DemandFactory(
        party=term.party, statement=StatementFactory(actor=term.party, stated_on=datetime.date(2025, 6, 1))
    )
    data = with_one_change(term, evidence=evidence.pk, status="superseded", superseded_by=later.pk)
    assert client.post(change_url(term), data).status_code == 302
    assert StatusChange.objects.get().superseded_by == later


def test_the_status_change_list_and_its_history_answer_a_curator(client, curator, term, evidence):
    change = StatusChangeFactory(demand=term, evidence=evidence, quote="Moscow refused the offer outright")
    assert client.get(reverse("admin:negotiations_statuschange_changelist"), {"q": "refused"}).status_code == 200
    assert client.get(reverse("admin:negotiations_statuschange_change", args=[change.pk])).status_code == 200
    assert client.get(reverse("admin:negotiations_statuschange_history", args=[change.pk])).status_code == 200


@pytest.fixture
def curators(db):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "a-long-password-1")
    sessions = Client(), Client()
    for session in sessions:
        session.force_login(user)
    return sessions


def inline_field(form, field):
    return f"{PREFIX}-0-{field}"


def test_two_curators_editing_one_status_change_merge_or_clash(curators, term, evidence):
    a, b = curators
    change = StatusChangeFactory(
        demand=term, evidence=evidence, quote="Moscow refused the offer outright", status="countered"
    )
    url = change_url(term)
    form_a, form_b = form_data(a.get(url)), form_data(b.get(url))
    saved(a.post(url, form_a | {inline_field(form_a, "note"): "Edited by A."}))
    # B changed another field of the same row: merged.
    saved(b.post(url, form_b | {inline_field(form_b, "quote"): "it put forward its own plan"}))
    change.refresh_from_db()
    assert (change.note, change.quote) == ("Edited by A.", "it put forward its own plan")

    form_a, form_b = form_data(a.get(url)), form_data(b.get(url))
    saved(a.post(url, form_a | {inline_field(form_a, "note"): "A again."}))
    response = b.post(url, form_b | {inline_field(form_b, "note"): "B instead."})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    change.refresh_from_db()
    assert change.note == "A again."
