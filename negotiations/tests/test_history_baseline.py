"""Loading the curated records writes a baseline history row per record: the first edit shows a diff and can
be reverted in the admin to the loaded text; loading again writes no duplicate."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from negotiations.citing.history import BASELINE_REASON, MODELS
from negotiations.models import Statement
from negotiations.tests.conftest import admin_form_data
from negotiations.tests.factories import DemandFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", MODELS.values(), ids=lambda model: model.__name__)
def test_loading_writes_one_baseline_row_per_record(curated, model):
    assert model.objects.count() > 0
    assert model.history.count() == model.objects.count()
    assert set(model.history.values_list("history_type", "history_change_reason").distinct()) == {
        ("+", BASELINE_REASON)
    }


def test_loading_again_writes_no_duplicate_history(curated):
    before = {name: model.history.count() for name, model in MODELS.items()}
    call_command("loaddata", "ceasefire", verbosity=0)
    assert {name: model.history.count() for name, model in MODELS.items()} == before


def test_the_first_edit_of_a_loaded_record_shows_its_diff(curated, edit_in_admin):
    statement = Statement.objects.order_by("pk").first()
    loaded = statement.summary
    edit_in_admin(statement, summary="A curator's corrected summary.")
    edited, baseline = statement.history.order_by("-history_date")[:2]
    delta = edited.diff_against(baseline)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "summary"] == [
        ("summary", loaded, "A curator's corrected summary.")
    ]


def test_the_first_edit_of_a_loaded_record_can_be_reverted_to_the_loaded_text(client, curated, edit_in_admin):
    statement = Statement.objects.order_by("pk").first()
    loaded = statement.summary
    edit_in_admin(statement, summary="A curator's corrected summary.")
    baseline = statement.history.earliest()
    revert_url = reverse("admin:negotiations_statement_simple_history", args=[statement.pk, baseline.history_id])
    reverting = client.get(revert_url)
    assert reverting.status_code == 200
    assert reverting.context["adminform"].form.initial["summary"] == loaded
    assert client.post(revert_url, admin_form_data(statement, summary=loaded)).status_code == 302
    statement.refresh_from_db()
    assert statement.summary == loaded


def test_saving_a_statement_does_not_resave_its_unchanged_terms(edit_in_admin, client):
    statement = StatementFactory()
    demand = DemandFactory(statement=statement)
    url = reverse("admin:negotiations_statement_change", args=[statement.pk])
    page = client.get(url)
    inline = page.context["inline_admin_formsets"][0].formset
    data = admin_form_data(statement, summary="Edited.")
    data |= {f"demands-{key}": value for key, value in inline.management_form.initial.items()}
    for form in inline.forms:
        data |= {form.add_prefix(name): form[name].value() for name in form.fields if form[name].value() is not None}
    assert client.post(url, data).status_code == 302
    assert demand.history.count() == 1
    assert statement.history.count() == 2
