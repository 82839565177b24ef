"""/topics/ and /topics/<slug>/: the topics with each side's counts, and one topic's story in two lanes."""

import datetime
from types import SimpleNamespace

import pytest

from negotiations.models import Topic
from negotiations.tests.factories import (
    CounterpartFactory,
    DemandFactory,
    StateFactory,
    StatementFactory,
    TopicFactory,
)
from negotiations.topics.story import RUSSIA, UKRAINE, tell


def term(key, side, day):
    return SimpleNamespace(pk=key, side=side, day=day)


def told(terms, links=()):
    return tell(terms, links, side_of=lambda t: t.side, day_of=lambda t: t.day)


def test_a_story_puts_each_sides_terms_in_its_lane_in_date_order():
    first, second = datetime.date(2024, 7, 4), datetime.date(2025, 6, 2)
    story = told([term(1, RUSSIA, first), term(2, UKRAINE, second), term(3, RUSSIA, second)])
    assert [row.day for row in story.rows] == [first, second]
    assert [e.term.pk for e in story.rows[1].russia] == [3]
    assert [e.term.pk for e in story.rows[1].ukraine] == [2]
    assert story.opened_by == RUSSIA
    assert story.counts == {RUSSIA: 2, UKRAINE: 1}


def test_each_sides_first_term_is_marked():
    story = told([term(1, RUSSIA, datetime.date(2024, 1, 1)), term(2, RUSSIA, datetime.date(2025, 1, 1))])
    assert [e.first for row in story.rows for e in row.russia] == [True, False]


def test_a_later_term_answering_what_an_earlier_one_answered_is_a_restatement():
    answer = term(9, UKRAINE, datetime.date(2024, 6, 1))
    earlier, later = term(1, RUSSIA, datetime.date(2024, 7, 4)), term(2, RUSSIA, datetime.date(2025, 6, 2))
    unrelated = term(3, RUSSIA, datetime.date(2025, 6, 3))
    story = told([answer, earlier, later, unrelated], [(1, answer, "opposed"), (2, answer, "opposed")])
    entries = {e.term.pk: e for row in story.rows for e in row.russia}
    assert entries[2].restates is earlier
    assert entries[1].restates is None and entries[3].restates is None


def test_both_sides_on_the_same_first_day_opened_it_together():
    day = datetime.date(2025, 6, 2)
    assert told([term(1, RUSSIA, day), term(2, UKRAINE, day)]).opened_by is None


@pytest.fixture
def mediator(db):
    return StateFactory(slug="united-states", name="United States", side="mediator")


@pytest.fixture
def territory(russia, ukraine):
    topic = TopicFactory(slug="territory", name="Territory", position=2)
    TopicFactory(slug="nuclear", name="Nuclear", position=6)
    july = StatementFactory(actor=russia, title="Putin's demands", stated_on=datetime.date(2024, 6, 14))
    memo = StatementFactory(actor=russia, title="Russian memorandum", stated_on=datetime.date(2025, 6, 2))
    october = StatementFactory(
        actor=ukraine, title="Victory plan", stated_on=datetime.date(2024, 10, 1), date_precision="month"
    )
    integrity = DemandFactory(slug="ua-integrity", party=ukraine, topic=topic, statement=october)
    withdraw_2024 = DemandFactory(slug="ru-withdraw-2024", party=russia, topic=topic, statement=july)
    withdraw_2025 = DemandFactory(slug="ru-withdraw-2025", party=russia, topic=topic, statement=memo)
    CounterpartFactory(demand=withdraw_2024, answer=integrity)
    CounterpartFactory(demand=withdraw_2025, answer=integrity)
    return topic


@pytest.mark.django_db
def test_the_topic_list_counts_each_sides_terms(client, territory):
    response = client.get("/topics/")
    assert response.status_code == 200
    counts = {topic.slug: row for topic, row in response.context["topics"]}
    assert (counts["territory"]["russia"], counts["territory"]["ukraine"]) == (2, 1)
    assert 'href="/topics/territory/"' in response.content.decode()


@pytest.mark.django_db
def test_the_topic_page_tells_the_story_oldest_first_with_precision_and_restatements(client, territory):
    response = client.get("/topics/territory/")
    assert response.status_code == 200
    html = response.content.decode()
    assert [row.label for row in response.context["story"].rows] == ["14 June 2024", "October 2024", "2 June 2025"]
    assert "Russia raised this topic first." in html
    assert "first term on this topic" in html
    assert 'restates the term of <a href="#term-ru-withdraw-2024">14 June 2024</a>' in html
    assert "(month precision)" in html
    assert 'href="/demands/ua-integrity/"' in html


@pytest.mark.django_db
def test_the_topic_list_leaves_out_topics_with_no_term_and_points_to_their_pages(client, territory, mediator):
    # The `territory` fixture leaves Nuclear without a term; a term a mediator holds is no party's term.
    DemandFactory(party=mediator, topic=TopicFactory(slug="sanctions-economy", name="Sanctions", position=11))
    response = client.get("/topics/")
    assert [topic.slug for topic, _ in response.context["topics"]] == ["territory"]
    html = response.content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    assert "/topics/nuclear/" not in table and "/topics/sanctions-economy/" not in table
    # Their pages say why they are empty, and stay reachable from the list.
    assert [topic.slug for topic in response.context["empty_topics"]] == ["nuclear", "sanctions-economy"]
    after = html[html.index("</table>") :]
    assert 'href="/topics/nuclear/"' in after and 'href="/topics/sanctions-economy/"' in after


@pytest.mark.django_db
def test_a_topic_is_shown_when_either_party_holds_a_term_on_it(territory, mediator):
    DemandFactory(party=mediator, topic=TopicFactory(slug="sanctions-economy", position=11))
    assert [topic.slug for topic in Topic.objects.with_terms()] == ["territory"]
    flags = {topic.slug: topic.has_terms for topic in Topic.objects.flag_terms()}
    assert flags == {"territory": True, "nuclear": False, "sanctions-economy": False}


def test_a_topic_with_no_term_says_why_it_is_empty(client, db):
    TopicFactory(slug="justice-claims", name="Justice and claims", coverage_note="No article gives a party's term.")
    html = client.get("/topics/justice-claims/").content.decode()
    assert "No term on this topic yet. No article gives a party&#x27;s term." in html


@pytest.mark.django_db
def test_an_unknown_topic_is_a_404(client, territory):
    assert client.get("/topics/weather/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("terms", [1, 20])
def test_topic_page_queries_do_not_grow_with_the_terms(client, django_assert_num_queries, russia, ukraine, terms):
    topic = TopicFactory(slug="territory", position=2)
    for _ in range(terms):
        ru = DemandFactory(party=russia, topic=topic, statement=StatementFactory(actor=russia))
        CounterpartFactory(
            demand=ru, answer=DemandFactory(party=ukraine, topic=topic, quote="an unconditional ceasefire")
        )
    # data version, the topic, its terms with speakers and sources beside (no cited source here), their links
    with django_assert_num_queries(6):
        client.get("/topics/territory/")
    with django_assert_num_queries(3):
        client.get("/topics/")


@pytest.mark.django_db
def test_the_compare_pages_topic_headings_lead_to_the_topic(client, memoranda):
    assert 'href="/topics/territory/"' in client.get("/compare/").content.decode()


@pytest.mark.django_db
def test_a_long_story_tells_the_latest_terms_and_points_to_the_earlier_ones(client, monkeypatch, russia):
    monkeypatch.setattr("negotiations.topics.fetch.STORY_TERM_LIMIT", 3)
    topic = TopicFactory(slug="territory", position=2)
    for n in range(5):
        DemandFactory(
            party=russia, topic=topic, statement=StatementFactory(actor=russia, stated_on=datetime.date(2025, 1, 1 + n))
        )
    response = client.get("/topics/territory/")
    assert [row.day.day for row in response.context["story"].rows] == [3, 4, 5]
    assert "2 earlier terms are in the explorer" in response.content.decode()
