"""Every public view and query parameter against hostile and malformed input: never a 5xx, nothing changed."""

import datetime
import json
import urllib.parse

import pytest
from django.contrib.auth import get_user_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiations.models import Demand, Statement
from negotiations.tests.factories import ActorFactory, DemandFactory, StatementFactory

pytestmark = pytest.mark.django_db

LIST_VIEWS = [
    "/",
    "/compare/",
    "/demands/",
    "/demands/export.csv",
    "/demands/export.json",
    "/statements/",
    "/timeline/",
    "/timeline/table/",
]
PARAMS = [
    "from", "to", "left", "right", "topic", "relation", "party", "stance", "q", "sort", "page", "actor", "side",
    "said_by", "source", "status", "as_of",
]  # fmt: skip
HOSTILE = [
    "2025-02-30",
    "2025-13-45",
    "0000-00-00",
    "9999-12-31",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "\x00",
    "abc\x00def",
    "%00",
    "x" * 5000,
    "' OR 1=1 --",
    "'; DROP TABLE negotiations_demand; --",
    '"><script>alert(1)</script>',
    "javascript:alert(1)",
    "../../etc/passwd",
    "🕊️ мир",
    "\ud800",
]


def assert_answered(response, url):
    assert response.status_code < 500, (url, response.status_code)


# The sweeps below run on the curated records on purpose: every page with realistic, whole-site data.
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_values_in_every_parameter_of_every_list_view(client, curated, hx, htmx, value):
    headers = hx if htmx else {}
    before = Demand.objects.count(), Statement.objects.count()
    for url in LIST_VIEWS:
        for param in PARAMS:
            query = urllib.parse.urlencode({param: value}, errors="surrogatepass")
            response = client.get(f"{url}?{query}", **headers)
            assert_answered(response, f"{url}?{param}=")
            if response.status_code == 200 and not response.streaming:
                assert b"<script>alert(1)</script>" not in response.content
    assert (Demand.objects.count(), Statement.objects.count()) == before


def test_a_reversed_range_gets_a_message_the_person_can_act_on(client, memoranda):
    html = client.get("/demands/?from=2025-07-01&to=2025-05-01").content.decode()
    assert "swap the dates" in html


def test_a_malformed_date_gets_a_message_the_person_can_act_on(client, memoranda):
    html = client.get("/compare/?from=2025-02-30").content.decode()
    assert "Enter a real date as YYYY-MM-DD" in html


def test_invalid_utf8_in_the_query_string_is_not_a_500(client, memoranda):
    for url in LIST_VIEWS:
        response = client.get(url, QUERY_STRING="from=%ff%fe&q=%c3%28")
        assert_answered(response, url)


@pytest.mark.parametrize(
    "url",
    [
        "/demands/%00/",
        "/demands/" + "a" * 3000 + "/",
        "/actors/%3Cscript%3E/",
        "/statements/99999999999999999999999/",
        "/statements/-1/",
        "/sources/..%2F..%2Fetc/",
    ],
)
def test_unknown_or_hostile_ids_are_404(client, memoranda, url):
    assert client.get(url).status_code == 404


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=st.sampled_from(LIST_VIEWS),
    query=st.dictionaries(
        st.sampled_from(PARAMS),
        st.one_of(
            st.text(max_size=40),
            st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
            st.integers().map(str),
        ),
        max_size=5,
    ),
    htmx=st.booleans(),
)
def test_generated_query_strings_never_get_a_5xx(client, curated, hx, url, query, htmx):
    encoded = urllib.parse.urlencode(query, errors="surrogatepass")
    response = client.get(f"{url}?{encoded}", **(hx if htmx else {}))
    assert_answered(response, f"{url}?{encoded}")


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_script_payloads_saved_by_a_curator_render_escaped_on_every_public_page(client, memoranda, russia):
    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    DemandFactory(party=russia, statement=StatementFactory(actor=putin, kind="public_remark"))
    curator = get_user_model().objects.create_superuser("curator", "c@example.org", "a-long-password-1")
    client.force_login(curator)
    actor = putin
    actor.name = f"Putin {PAYLOAD}"
    actor.save()
    demand = memoranda.terms["ru-recognise"]
    demand.paraphrase = f"Neutrality {PAYLOAD}"
    demand.save()
    statement = memoranda.left
    statement.summary = f"Summary {PAYLOAD}"
    statement.title = f"Memo {PAYLOAD}"
    statement.save()
    client.logout()
    pages = [
        "/",
        "/compare/?relation=opposed",
        "/demands/?q=Neutrality",
        f"/demands/{demand.slug}/",
        "/timeline/",
        "/timeline/table/",
        "/actors/",
        "/actors/putin/",
        f"/statements/{statement.pk}/",
        "/statements/",
        f"/sources/{statement.source.slug}/",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert PAYLOAD not in html, page
        assert "<script>alert" not in html and "<img src=x onerror" not in html, page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in client.get("/actors/putin/").content.decode()
    # The export carries the text as data, in a JSON file a browser does not render as a page.
    response = client.get("/demands/export.json", {"q": "Neutrality"})
    assert response["Content-Type"] == "application/json"
    rows = json.loads(b"".join(response.streaming_content))
    assert any(row["paraphrase"] == f"Neutrality {PAYLOAD}" for row in rows)
