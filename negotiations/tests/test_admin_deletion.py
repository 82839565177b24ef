"""Deleting a statement that holds terms, from the admin: one confirmation page lists what goes (the statement, its
terms, their links and former addresses), and one confirmation deletes it all, each removal in the history
(issue 23: it took a trip to delete each term first, since the database protects a statement's terms)."""

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils.html import strip_tags

from negotiations.models import Counterpart, Demand, FeaturedComparison, FormerSlug, Statement
from negotiations.tests.factories import StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed(memoranda):
    """The Russian memorandum and one of its terms renamed once: each has a former address."""
    FormerSlug.objects.create(kind="statement", slug="ru-memo-old", statement=memoranda.left)
    FormerSlug.objects.create(kind="demand", slug="ru-recognise-old", demand=memoranda.terms["ru-recognise"])
    return memoranda


def delete_url(statement):
    return reverse("admin:negotiations_statement_delete", args=[statement.pk])


def test_the_confirmation_lists_the_statement_its_terms_their_links_and_former_addresses(client, curator, renamed):
    response = client.get(delete_url(renamed.left))
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.context["protected"] and not response.context["perms_lacking"]
    assert "Are you sure you want to delete the statement" in html
    terms = [term for slug, term in renamed.terms.items() if slug.startswith("ru-")]
    for term in terms:
        assert reverse("admin:negotiations_demand_change", args=[term.pk]) in html
    for link in Counterpart.objects.filter(demand__statement=renamed.left):
        assert reverse("admin:negotiations_counterpart_change", args=[link.pk]) in html
    assert "ru-memo-old" in html and "ru-recognise-old" in html
    assert dict(response.context["model_count"]) == {
        "statements": 1,
        "demands": 4,
        "counterparts": 3,
        "former slugs": 2,
    }
    # The terms are under their statement, not a list of their own.
    assert response.context["deleted_objects"][0].startswith("Statement: ")
    assert len(response.context["deleted_objects"]) == 2


def test_one_confirmation_deletes_the_statement_with_its_terms_each_in_the_history(client, curator, renamed):
    statement = renamed.left
    term_ids = sorted(statement.demands.values_list("pk", flat=True))
    link_ids = sorted(Counterpart.objects.filter(demand__statement=statement).values_list("pk", flat=True))

    response = client.post(delete_url(statement), {"post": "yes"})

    assert response.status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()
    assert not Demand.objects.filter(pk__in=term_ids).exists()
    assert not Counterpart.objects.filter(pk__in=link_ids).exists()
    assert not FormerSlug.objects.filter(slug__in=["ru-memo-old", "ru-recognise-old"]).exists()
    removed = Demand.history.filter(history_type="-")
    assert sorted(removed.values_list("id", flat=True)) == term_ids
    assert sorted(Counterpart.history.filter(history_type="-").values_list("id", flat=True)) == link_ids
    assert Statement.history.filter(id=statement.pk, history_type="-").exists()
    assert {row.history_user for row in removed} == {curator}
    # The admin's own log names each removal too.
    deleted = LogEntry.objects.filter(action_flag=DELETION)
    assert sorted(int(pk) for pk in deleted.values_list("object_id", flat=True)) == sorted([statement.pk, *term_ids])
    # The Ukrainian memorandum and its terms stay.
    assert renamed.right.demands.count() == 2


def test_the_removals_are_on_the_changes_page_and_the_addresses_answer_with_tombstones(
    client, curator, renamed, publish
):
    publish()
    statement, term = renamed.left, renamed.terms["ru-recognise"]
    assert client.post(delete_url(statement), {"post": "yes"}).status_code == 302
    publish()
    html = client.get("/changes/").content.decode()
    assert "Removed</span> · Statement: " in html and "Removed</span> · Term: " in html
    assert client.get(f"/demands/{term.slug}/").status_code == 410
    assert client.get(f"/statements/{statement.pk}/").status_code == 410


def test_delete_selected_takes_the_statements_terms_too(client, curator, renamed):
    statements = [renamed.left, renamed.right]
    changelist = reverse("admin:negotiations_statement_changelist")
    # Each row's box carries its version (django-concurrency): a row changed meanwhile stops the action.
    action = {"action": "delete_selected", "_selected_action": [f"{s.pk},{s.version}" for s in statements]}
    confirmation = client.post(changelist, action)
    assert confirmation.status_code == 200
    assert dict(confirmation.context["model_count"])["demands"] == 6
    assert not confirmation.context["protected"]

    assert client.post(changelist, action | {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk__in=[s.pk for s in statements]).exists()
    assert Demand.objects.count() == 0
    assert Demand.history.filter(history_type="-").count() == 6


def test_a_statement_the_home_page_compares_is_still_protected(client, curator, featured):
    response = client.get(delete_url(featured.left))
    assert [strip_tags(line) for line in response.context["protected"]] == [f"Featured comparison: {featured}"]
    assert client.post(delete_url(featured.left), {"post": "yes"}).status_code == 200
    assert Statement.objects.filter(pk=featured.left.pk).exists()
    assert FeaturedComparison.objects.exists()


def test_a_curator_who_may_not_delete_terms_is_told_so(client, curator, memoranda, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="a-long-password", is_staff=True)
    editor.user_permissions.set(
        django_user_model.user_permissions.field.related_model.objects.filter(
            codename__in=["delete_statement", "view_statement", "change_statement"]
        )
    )
    client.force_login(editor)
    response = client.get(delete_url(memoranda.left))
    assert response.context["perms_lacking"] == {"demand", "counterpart"}
    assert client.post(delete_url(memoranda.left), {"post": "yes"}).status_code == 403
    assert Demand.objects.filter(statement=memoranda.left).count() == 4


def test_the_database_still_refuses_a_statements_delete_that_leaves_its_terms(memoranda):
    with pytest.raises(ProtectedError):
        memoranda.left.delete()
    assert Statement.objects.filter(pk=memoranda.left.pk).exists()


def test_a_statement_without_terms_is_deleted_as_before(client, curator, db):
    statement = StatementFactory()
    assert client.post(delete_url(statement), {"post": "yes"}).status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()


def test_delete_selected_stops_when_a_row_changed_meanwhile(client, curator, memoranda):
    # The change list's boxes carry each row's version: what the curator saw is what goes, or nothing does.
    changelist = reverse("admin:negotiations_statement_changelist")
    stale = {"action": "delete_selected", "_selected_action": [f"{memoranda.left.pk},{memoranda.left.version}"]}
    Statement.objects.filter(pk=memoranda.left.pk).update(version=memoranda.left.version + 1)
    response = client.post(changelist, stale | {"post": "yes"})
    assert response.status_code == 302
    assert Statement.objects.filter(pk=memoranda.left.pk).exists()
    assert Demand.objects.filter(statement=memoranda.left).count() == 4
