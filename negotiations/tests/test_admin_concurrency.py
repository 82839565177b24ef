"""Two curators saving the same record: the second save, from a form opened before the first, is merged with it
where they changed different fields, and refused, showing both values, where they changed one differently."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client

from negotiations.models import Actor, Counterpart, Demand, FeaturedComparison, Source, Statement, Topic

pytestmark = pytest.mark.django_db

REFUSED = "Someone else saved this record after you opened it"


@pytest.fixture
def curators(curated):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "a-long-password-1")
    sessions = Client(), Client()
    for session in sessions:
        session.force_login(user)
    return sessions


def form_data(response):
    """What the browser would post back: every field of the change form and its inlines, as rendered."""
    data = {}

    def add(form):
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def change_url(record):
    return f"/admin/negotiations/{type(record).__name__.lower()}/{record.pk}/change/"


def opened_twice(curators, record):
    """The record's change form, opened by both curators from the same version."""
    a, b = curators
    url = change_url(record)
    return url, form_data(a.get(url)), form_data(b.get(url))


def saved(response):
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return response


def test_edits_to_different_fields_of_one_record_are_merged(curators):
    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url, form_a, form_b = opened_twice(curators, demand)

    saved(a.post(url, form_a | {"paraphrase": "Edited by curator A."}))
    saved(b.post(url, form_b | {"locator": "Edited by curator B"}))

    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator) == ("Edited by curator A.", "Edited by curator B")
    notes = [str(message) for message in b.get("/admin/").context["messages"]]
    assert "Another curator had saved Paraphrase meanwhile: their changes were kept with yours." in notes
    # Each save is one version in the history, B's on top of A's.
    latest = demand.history.order_by("-history_date", "-history_id")[:2]
    assert [(row.paraphrase, row.locator) for row in latest][1] == ("Edited by curator A.", form_a["locator"])


def test_the_same_change_by_both_is_no_clash(curators):
    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url, form_a, form_b = opened_twice(curators, demand)
    saved(a.post(url, form_a | {"paraphrase": "Both wrote this."}))
    saved(b.post(url, form_b | {"paraphrase": "Both wrote this.", "locator": "And B this"}))
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator) == ("Both wrote this.", "And B this")


def test_a_clash_is_refused_showing_theirs_beside_yours_and_keeping_your_input(curators):
    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url, form_a, form_b = opened_twice(curators, demand)
    saved(a.post(url, form_a | {"paraphrase": "Edited by curator A.", "position": "7"}))

    response = b.post(url, form_b | {"paraphrase": "Edited by curator B.", "locator": "Located by B"})

    assert response.status_code == 200
    form = response.context["adminform"].form
    html = response.content.decode()
    assert f"{REFUSED}, changing Paraphrase and Position. You both changed Paraphrase" in html
    assert form.errors["paraphrase"] == [
        "Another curator saved this meanwhile: “Edited by curator A.”. Yours is below: save again to keep it, "
        "or change it."
    ]
    # B's input stays (theirs only beside it); A's change to a field B did not touch is taken in.
    assert form["paraphrase"].value() == "Edited by curator B."
    assert form["locator"].value() == "Located by B"
    assert form["position"].value() == "7"
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator, demand.position) == ("Edited by curator A.", form_a["locator"], 7)

    # The form now carries the current version: saved again after review, B's paraphrase stands, A's position too.
    saved(b.post(url, form_data(response)))
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator, demand.position) == ("Edited by curator B.", "Located by B", 7)


def test_a_clash_on_a_menu_shows_the_other_curators_choice_by_name(curators):
    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    topics = Topic.objects.exclude(pk=demand.topic_id).order_by("pk")[:2]
    url, form_a, form_b = opened_twice(curators, demand)
    saved(a.post(url, form_a | {"topic": str(topics[0].pk)}))
    response = b.post(url, form_b | {"topic": str(topics[1].pk)})
    assert (
        response.context["adminform"]
        .form.errors["topic"][0]
        .startswith(f"Another curator saved this meanwhile: “{topics[0].name}”.")
    )


def test_a_form_without_its_opening_values_counts_every_difference_as_a_clash(curators):
    # Nothing says which fields this curator changed: each field that differs from the record is shown with both.
    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url, form_a, form_b = opened_twice(curators, demand)
    saved(a.post(url, form_a | {"paraphrase": "Edited by curator A."}))
    response = b.post(url, form_b | {"original": "forged", "locator": "Located by B"})
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert f"{REFUSED}. You both changed Paraphrase and Locator" in response.content.decode()
    assert form.errors["paraphrase"][0].startswith("Another curator saved this meanwhile: “Edited by curator A.”")
    assert form.errors["locator"][0].startswith(f"Another curator saved this meanwhile: “{form_a['locator']}”")
    assert form["locator"].value() == "Located by B"
    # Reviewed, the curator takes the other's paraphrase and keeps their locator.
    saved(b.post(url, form_data(response) | {"paraphrase": "Edited by curator A."}))
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator) == ("Edited by curator A.", "Located by B")


def test_a_fresh_form_after_the_other_save_is_accepted(curators):
    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url = change_url(demand)
    saved(a.post(url, form_data(a.get(url)) | {"paraphrase": "Edited by curator A."}))
    saved(b.post(url, form_data(b.get(url)) | {"locator": "Edited by curator B"}))
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator) == ("Edited by curator A.", "Edited by curator B")


RECORDS = {
    Topic: lambda: Topic.objects.order_by("pk").first(),
    Actor: lambda: Actor.objects.get(slug="putin"),
    Source: lambda: Source.objects.filter(cites__isnull=False).order_by("pk").first(),
    # A statement with terms: its Demands inline is posted too.
    Statement: lambda: Statement.objects.get(slug="russian-memorandum-2025-06-02"),
    Demand: lambda: Demand.objects.filter(counterparts__isnull=False).order_by("pk").first(),
    Counterpart: lambda: Counterpart.objects.order_by("pk").first(),
    # The home page's comparison, as the curated records feature it.
    FeaturedComparison: lambda: FeaturedComparison.objects.get(),
}
# Per form: a field each curator edits (one curator each in a merge, both in a clash).
EDITED = {
    Topic: ("description", "name"),
    Actor: ("role", "aliases"),
    Source: ("title", "date_note"),
    Statement: ("summary", "date_note"),
    Demand: ("paraphrase", "locator"),
    Counterpart: ("note", "relation"),
    FeaturedComparison: ("note", None),
}
NEW_VALUES = {"relation": "partial"}


def new_value(name, who):
    return NEW_VALUES.get(name, f"Edited by curator {who}")


@pytest.mark.parametrize("model", list(RECORDS), ids=lambda model: model.__name__)
def test_every_change_form_merges_edits_to_different_fields(curators, model):
    a, b = curators
    record = RECORDS[model]()
    first, second = EDITED[model]
    url, form_a, form_b = opened_twice(curators, record)
    saved(a.post(url, form_a | {first: new_value(first, "A")}))
    saved(b.post(url, form_b | ({second: new_value(second, "B")} if second else {})))
    record.refresh_from_db()
    assert getattr(record, first) == new_value(first, "A")
    if second:
        assert getattr(record, second) == new_value(second, "B")


@pytest.mark.parametrize("model", list(RECORDS), ids=lambda model: model.__name__)
def test_every_change_form_refuses_a_clash_then_saves_it_after_review(curators, model):
    a, b = curators
    record = RECORDS[model]()
    edited = EDITED[model][0]
    url, form_a, form_b = opened_twice(curators, record)
    saved(a.post(url, form_a | {edited: "Edited by curator A"}))
    refused = b.post(url, form_b | {edited: "Edited by curator B"})
    assert refused.status_code == 200
    assert REFUSED in refused.content.decode()
    record.refresh_from_db()
    assert getattr(record, edited) == "Edited by curator A"
    saved(b.post(url, form_data(refused)))
    record.refresh_from_db()
    assert getattr(record, edited) == "Edited by curator B"


def test_a_change_to_what_a_source_cites_merges_with_an_edit_of_its_title(curators):
    a, b = curators
    source = RECORDS[Source]()
    other = Source.objects.exclude(pk=source.pk).exclude(cited_by=source).order_by("pk").first()
    url, form_a, form_b = opened_twice(curators, source)
    cites = [*form_a["cites"], str(other.pk)]
    saved(a.post(url, form_a | {"cites": cites}))
    saved(b.post(url, form_b | {"title": "Retitled by B"}))
    source.refresh_from_db()
    assert source.title == "Retitled by B"
    assert sorted(str(pk) for pk in source.cites.values_list("pk", flat=True)) == sorted(cites)


def inline_name(form, demand, field):
    row = next(name for name, value in form.items() if name.endswith("-id") and value == str(demand.pk))
    return row.replace("-id", f"-{field}")


def test_a_stale_inline_term_merges_an_edit_of_another_field(curators):
    a, b = curators
    statement = Statement.objects.get(slug="russian-memorandum-2025-06-02")
    demand = statement.demands.order_by("position", "pk").first()
    form_b = form_data(b.get(change_url(statement)))
    saved(a.post(change_url(demand), form_data(a.get(change_url(demand))) | {"paraphrase": "Edited by curator A."}))

    form_b[inline_name(form_b, demand, "locator")] = "Edited by curator B"
    saved(b.post(change_url(statement), form_b))
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator) == ("Edited by curator A.", "Edited by curator B")


def test_a_clash_in_an_inline_term_is_refused_on_its_row_then_saved_after_review(curators):
    a, b = curators
    statement = Statement.objects.get(slug="russian-memorandum-2025-06-02")
    demand = statement.demands.order_by("position", "pk").first()
    form_b = form_data(b.get(change_url(statement)))
    saved(a.post(change_url(demand), form_data(a.get(change_url(demand))) | {"paraphrase": "Edited by curator A."}))

    form_b[inline_name(form_b, demand, "paraphrase")] = "Edited by curator B."
    response = b.post(change_url(statement), form_b)
    assert response.status_code == 200
    html = response.content.decode()
    # What curator A changed, and nothing else: the row's id, Delete box and statement were named too (issue 21).
    assert f"{REFUSED}, changing Paraphrase. You both changed Paraphrase" in html
    assert "Another curator saved this meanwhile: “Edited by curator A.”" in html
    demand.refresh_from_db()
    assert demand.paraphrase == "Edited by curator A."

    saved(b.post(change_url(statement), form_data(response)))
    demand.refresh_from_db()
    assert demand.paraphrase == "Edited by curator B."


def test_reverting_to_an_old_copy_through_its_form_is_accepted(curators):
    a, _ = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url = change_url(demand)
    for paraphrase in ("First edit.", "Second edit."):
        form = form_data(a.get(url))
        form["paraphrase"] = paraphrase
        assert a.post(url, form).status_code == 302
    first = demand.history.get(paraphrase="First edit.")
    revert_url = f"/admin/negotiations/demand/{demand.pk}/history/{first.history_id}/"
    assert a.post(revert_url, form_data(a.get(revert_url))).status_code == 302
    demand.refresh_from_db()
    assert demand.paraphrase == "First edit."


@pytest.mark.django_db(transaction=True)
def test_reverting_outside_a_wrapping_transaction_saves_as_a_real_request_does(curators):
    # A real request has no test transaction around it: on PostgreSQL the version check's row lock then needs the
    # view's own transaction, as Django's change view has (issue 21: every revert was a 500 on PostgreSQL).
    test_reverting_to_an_old_copy_through_its_form_is_accepted(curators)


def test_a_save_racing_past_the_form_check_is_a_409_not_a_500(curators, monkeypatch):
    # Two saves in the same instant: both pass the form's check, and the database refuses the second UPDATE.
    from negotiations.admin import VersionedForm

    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    stale = form_data(b.get(change_url(demand)))
    first = form_data(a.get(change_url(demand))) | {"paraphrase": "Edited by A."}
    assert a.post(change_url(demand), first).status_code == 302
    monkeypatch.setattr(VersionedForm, "clean", lambda form: super(VersionedForm, form).clean())
    response = b.post(change_url(demand), stale | {"locator": "Edited by B."})
    assert response.status_code == 409
    assert "Someone else saved this record at the same moment" in response.content.decode()
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator != "Edited by B.") == ("Edited by A.", True)


def test_a_save_landing_between_the_merge_and_the_update_is_a_409(curators, monkeypatch):
    # The form's merge passed; another save lands before this one's UPDATE, which the version condition refuses.
    from negotiations.admin import DemandAdmin

    a, b = curators
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    url, form_a, form_b = opened_twice(curators, demand)
    saved(a.post(url, form_a | {"paraphrase": "Edited by A."}))
    merged_save = DemandAdmin.save_model

    def another_save_first(admin, request, obj, form, change):
        Demand.objects.filter(pk=obj.pk).update(version=F("version") + 1, locator="Saved in the same instant")
        merged_save(admin, request, obj, form, change)

    monkeypatch.setattr(DemandAdmin, "save_model", another_save_first)
    response = b.post(url, form_b | {"position": "9"})
    assert response.status_code == 409
    assert "Someone else saved this record at the same moment" in response.content.decode()
    # Nothing of B's save was written (the request's transaction, the simulated other save in it, rolled back).
    demand.refresh_from_db()
    assert (demand.paraphrase, demand.locator, demand.position) == (
        "Edited by A.",
        form_a["locator"],
        int(form_a["position"]),
    )
