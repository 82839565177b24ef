"""Cached pages: served again without queries, 304 for a browser's repeat visit, fresh after any edit."""

import pytest
from django.core.management import call_command

from negotiations.models import DataVersion, Demand, FeaturedComparison
from negotiations.tests.factories import CounterpartFactory, DemandFactory, StatementFactory

pytestmark = pytest.mark.django_db

URL = "/compare/?topic=territory"


def test_a_repeated_view_is_served_from_the_cache_with_one_query(client, memoranda, django_assert_num_queries):
    first = client.get(URL)
    with django_assert_num_queries(1):  # the data version
        again = client.get(URL)
    assert again.content == first.content
    assert again["Vary"] == first["Vary"]


def test_fragment_and_full_page_are_cached_apart(client, memoranda):
    page = client.get(URL)
    fragment = client.get(URL, HTTP_HX_REQUEST="true")
    assert b"<html" in page.content and b"<html" not in fragment.content
    assert b"<html" in client.get(URL).content
    assert b"<html" not in client.get(URL, HTTP_HX_REQUEST="true").content


def test_repeat_visit_with_the_etag_or_date_is_a_304(client, memoranda):
    first = client.get(URL)
    assert client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(URL, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.django_db(transaction=True)  # the version advances when the edit commits, as in production
def test_a_curators_edit_is_visible_on_the_next_request(admin_client, memoranda, client):
    before = client.get(URL)
    assert "Recognise the annexations." in before.content.decode()
    demand = Demand.objects.get(slug="ru-recognise")
    form = {
        "slug": demand.slug,
        "party": demand.party_id,
        "topic": demand.topic_id,
        "stance": demand.stance,
        "paraphrase": "Recognise the annexations (edited).",
        "quote": demand.quote,
        "wording": demand.wording,
        "locator": demand.locator,
        "position": demand.position,
        "statement": demand.statement_id,
        "counterpart_links-TOTAL_FORMS": "0",
        "counterpart_links-INITIAL_FORMS": "0",
        "status_changes-TOTAL_FORMS": "0",
        "status_changes-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/negotiations/demand/{demand.pk}/change/", form)
    assert response.status_code == 302
    after = client.get(URL)
    assert "Recognise the annexations (edited)." in after.content.decode()
    assert after["ETag"] != before["ETag"]
    assert client.get(URL, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


def test_deleting_a_record_advances_the_data_version(django_capture_on_commit_callbacks):
    link = CounterpartFactory()
    start = DataVersion.current().version
    with django_capture_on_commit_callbacks(execute=True):
        link.delete()
    assert DataVersion.current().version > start


def test_loading_fixtures_advances_the_data_version(django_capture_on_commit_callbacks):
    start = DataVersion.current().version
    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", "ceasefire", verbosity=0)
    assert DataVersion.current().version > start


@pytest.mark.django_db(transaction=True)  # the version advances when the choice commits, as in production
def test_featuring_another_comparison_updates_the_cached_home_page(admin_client, memoranda, ukraine, client):
    featured = FeaturedComparison.objects.create(left=memoranda.left, right=memoranda.right)
    before = client.get("/")
    assert before.context["right_statement"] == memoranda.right
    offer = DemandFactory(party=ukraine, statement=StatementFactory(title="Zelenskyy's offer", actor=ukraine)).statement
    # A new record is a new data version, but the home page still compares the memoranda.
    assert client.get("/").context["right_statement"] == memoranda.right
    form = {"left": memoranda.left.pk, "right": offer.pk, "note": ""}
    response = admin_client.post(f"/admin/negotiations/featuredcomparison/{featured.pk}/change/", form)
    assert response.status_code == 302
    after = client.get("/")
    assert after.context["right_statement"] == offer
    assert "Zelenskyy&#x27;s offer, " in after.content.decode()  # the summary names it
    assert client.get("/", HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200


@pytest.mark.parametrize("path", ["demand", "changes_feed", "about"])
def test_a_page_asked_for_at_another_host_or_scheme_never_carries_the_first_visitors(client, memoranda, settings, path):
    # Permalinks, citations, feeds and the data's address are written with the host and scheme asked for; the
    # cache served the first visitor's to everyone (issue 21).
    settings.ALLOWED_HOSTS = ["positions.example.org", "mirror.example.net"]
    url = {
        "demand": Demand.objects.order_by("pk").first().get_absolute_url(),
        "changes_feed": "/changes/feed/",
        "about": "/about/",
    }[path]
    first = client.get(url, HTTP_HOST="positions.example.org").content.decode()
    assert "http://positions.example.org/" in first
    other_host = client.get(url, HTTP_HOST="mirror.example.net").content.decode()
    assert "mirror.example.net/" in other_host and "positions.example.org" not in other_host
    secure = client.get(url, HTTP_HOST="positions.example.org", HTTP_X_FORWARDED_PROTO="https").content.decode()
    assert "https://positions.example.org/" in secure and "http://positions.example.org/" not in secure
