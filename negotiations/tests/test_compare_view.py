"""/compare/ and the home page: the two memoranda side by side, filters, htmx fragment, bad input."""

import datetime

import pytest
from django.urls import reverse

from negotiations.models import Demand, Statement

from .factories import CounterpartFactory, DemandFactory, StateFactory, StatementFactory, TopicFactory

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def test_home_shows_every_term_of_both_memoranda(client, curated):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    for demand in Demand.objects.filter(statement__kind="official_document"):
        assert demand.paraphrase.replace("'", "&#x27;") in html, demand.slug
    assert response.context["summary"].left_count == 14
    assert response.context["summary"].right_count == 6
    assert response.context["left_statement"].slug == "russian-memorandum-2025-06-02"
    assert response.context["right_statement"].slug == "ukrainian-memorandum-2025-06-01"


def test_compare_full_page_on_a_plain_get(client, curated):
    response = client.get(reverse("compare"))
    assert response.template_name == "negotiations/compare.html"
    html = response.content.decode()
    assert "<html" in html and 'id="comparison"' in html
    assert '<th scope="col" id="side-left">Russia</th>' in html


def test_compare_htmx_returns_only_the_comparison_fragment(client, curated):
    response = client.get(reverse("compare"), {"relation": "opposed"}, **HX)
    assert response.template_name == "negotiations/compare.html#comparison"
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comparison"')
    assert "<html" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_compare_history_restore_gets_the_full_page(client, curated):
    response = client.get(reverse("compare"), **HX, HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert response.template_name == "negotiations/compare.html"
    assert "<html" in response.content.decode()


def test_relation_filter_keeps_only_rows_where_the_sides_disagree(client, curated):
    response = client.get(reverse("compare"), {"relation": "opposed"})
    groups = response.context["groups"]
    assert groups
    assert all("opposed" in row.relations for group in groups for row in group.rows)
    assert "No answering term" not in response.content.decode()


def test_topic_filter_shows_only_those_topics_and_accepts_several(client, curated):
    response = client.get(reverse("compare"), {"topic": ["territory", "humanitarian"]})
    assert [group.topic.slug for group in response.context["groups"]] == ["territory", "humanitarian"]


def test_territory_row_aligns_russian_claims_against_territorial_integrity(client, curated):
    response = client.get(reverse("compare"), {"topic": "territory"})
    (group,) = response.context["groups"]
    row = next(row for row in group.rows if row.right)
    assert [term.slug for term in row.right] == ["ua-memo-full-territorial-integrity"]
    assert {"ru-memo-recognise-control-of-four-oblasts-and-crimea", "ru-memo-withdraw-from-the-territories"} <= {
        term.slug for term in row.left
    }
    assert row.relations == {"opposed"}


def test_one_sided_topic_is_shown_and_a_lone_term_says_it_has_no_answer(client, curated):
    response = client.get(reverse("compare"), {"topic": "language-identity-religion"})
    (group,) = response.context["groups"]
    assert group.one_sided
    html = response.content.decode()
    assert "terms on one side only" in html
    assert "No answering term" in html


def test_any_two_statements_by_slug_or_id(client, curated):
    left = Statement.objects.get(slug="putin-2025-05-reuters-conditions")
    response = client.get(reverse("compare"), {"left": str(left.pk), "right": "ukrainian-memorandum-2025-06-01"})
    assert response.status_code == 200
    assert response.context["summary"].left_count == 5
    assert response.context["left_label"] == "Vladimir Putin"


def test_date_range_compares_each_sides_terms_in_the_range(client, curated):
    response = client.get(reverse("compare"), {"from": "2025-05-01", "to": "2025-06-30"})
    expected_left = Demand.objects.for_party("russia").stated_between(
        datetime.date(2025, 5, 1), datetime.date(2025, 6, 30)
    )
    assert response.context["summary"].left_count == expected_left.count()
    assert response.context["left_statement"] is None
    assert "terms whose date the texts do not give are left out" in response.content.decode()


@pytest.mark.parametrize("value", ["999999", "no-such-statement", "99999999999999999999999"])
def test_unknown_statement_is_a_404(client, curated, value):
    assert client.get(reverse("compare"), {"left": value}).status_code == 404
    assert client.get(reverse("compare"), {"right": value}, **HX).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2025-13-01"}, "Enter a real date as YYYY-MM-DD"),
        ({"from": "yesterday"}, "Enter a real date as YYYY-MM-DD"),
        ({"from": "2025-02-29"}, "Enter a real date as YYYY-MM-DD"),
        ({"from": "2025-07-01", "to": "2025-05-01"}, "swap the dates"),
        ({"topic": "weather"}, "There is no topic"),
        ({"relation": "hostile"}, "There is no relation"),
        ({"left": "russian-memorandum-2025-06-02", "from": "2025-01-01"}, "not both"),
        ({"from": "2025-01-01\x00"}, "Enter a real date as YYYY-MM-DD"),
    ],
)
@pytest.mark.parametrize("headers", [{}, HX], ids=["page", "htmx"])
def test_bad_input_shows_a_message_never_a_500(client, curated, params, message, headers):
    response = client.get(reverse("compare"), params, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "This comparison could not be made" in html


def test_leap_day_is_a_valid_date(client, curated):
    response = client.get(reverse("compare"), {"from": "2024-02-29"})
    assert response.status_code == 200
    assert not response.context["form"].errors


def test_post_is_refused(client, curated):
    assert client.post(reverse("compare")).status_code == 405


def make_memoranda(terms_per_side):
    russia = StateFactory(slug="russia", name="Russia", side="russia")
    ukraine = StateFactory(slug="ukraine", name="Ukraine", side="ukraine")
    topic = TopicFactory(slug="territory", position=2)
    left = StatementFactory(actor=russia, kind="official_document", stated_on=datetime.date(2025, 6, 2))
    right = StatementFactory(actor=ukraine, kind="official_document", stated_on=datetime.date(2025, 6, 1))
    for _ in range(terms_per_side):
        ru = DemandFactory(party=russia, statement=left, topic=topic)
        ua = DemandFactory(party=ukraine, statement=right, topic=topic, quote="an unconditional ceasefire")
        CounterpartFactory(demand=ru, answer=ua)


@pytest.mark.parametrize("terms_per_side", [1, 15])
def test_compare_page_queries_do_not_grow_with_the_terms(client, django_assert_num_queries, terms_per_side):
    make_memoranda(terms_per_side)
    # data version, memoranda menu, left and right memoranda, left and right terms with their speakers and
    # sources (fetched beside, 3 queries a side; no cited source here), links, topics, the form's topic choices
    with django_assert_num_queries(13):
        response = client.get(reverse("compare"))
    assert response.context["summary"].left_count == terms_per_side


@pytest.mark.parametrize("terms_per_side", [1, 15])
def test_compare_fragment_queries_do_not_grow_with_the_terms(client, django_assert_num_queries, terms_per_side):
    make_memoranda(terms_per_side)
    # The same less the memoranda menu and the topic checkboxes, which are outside the fragment.
    with django_assert_num_queries(11):
        client.get(reverse("compare"), **HX)


@pytest.mark.parametrize("per_topic", [3, 30])
def test_a_crowded_date_range_shows_the_latest_terms_per_topic_and_links_to_the_rest(
    client, django_assert_num_queries, per_topic
):
    russia = StateFactory(slug="russia", name="Russia", side="russia")
    topic = TopicFactory(slug="territory", name="Territory", position=2)
    for n in range(per_topic):
        statement = StatementFactory(actor=russia, stated_on=datetime.date(2025, 5, 1) + datetime.timedelta(days=n))
        DemandFactory(party=russia, topic=topic, statement=statement)
    ukraine = StateFactory(slug="ukraine", name="Ukraine", side="ukraine")
    DemandFactory(party=ukraine, topic=topic, statement=StatementFactory(actor=ukraine))
    # data version, for each side the chosen ids and their terms with speakers and sources, the counts per
    # side and topic, links, topics
    with django_assert_num_queries(12):
        response = client.get(reverse("compare"), {"from": "2025-05-01", "to": "2025-06-30"}, **HX)
    (group,) = response.context["groups"]
    shown = sum(len(row.left) for row in group.rows)
    assert shown == min(per_topic, 8)
    assert sum(len(row.right) for row in group.rows) == 1
    assert response.context["summary"].left_count == per_topic
    html = response.content.decode()
    if per_topic > 8:
        assert f"{per_topic - 8} more of Russia's terms on territory in this range" in html
        assert "party=russia&amp;topic=territory&amp;from=2025-05-01&amp;to=2025-06-30" in html
