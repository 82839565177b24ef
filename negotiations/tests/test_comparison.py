"""The alignment of two sides' terms into rows: plain objects in, rows out. No database."""

from dataclasses import dataclass

from negotiations.compare import comparison
from negotiations.compare.comparison import LEFT, RIGHT, Link, align, counted_only, filter_groups, summarise, tally

TOPICS = [
    ("ceasefire", "Ceasefire"),
    ("territory", "Territory"),
    ("nuclear", "Nuclear"),
    ("humanitarian", "Humanitarian"),
]


@dataclass(frozen=True)
class Term:
    pk: str
    topic_id: str


def keys(terms):
    return [term.pk for term in terms]


def test_a_term_answered_by_one_term_shares_a_row_with_it():
    left, right = [Term("r1", "territory")], [Term("u1", "territory")]
    groups = align(TOPICS, left, right, [Link("r1", "u1", "opposed")])
    assert [group.topic for group in groups] == ["Territory"]
    (row,) = groups[0].rows
    assert (keys(row.left), keys(row.right), row.relations) == (["r1"], ["u1"], {"opposed"})


def test_many_to_many_counterparts_form_one_row():
    left = [Term("r1", "territory"), Term("r2", "territory")]
    right = [Term("u1", "territory"), Term("u2", "territory")]
    links = [Link("r1", "u1", "opposed"), Link("r2", "u1", "opposed"), Link("r2", "u2", "partial")]
    (group,) = align(TOPICS, left, right, links)
    (row,) = group.rows
    assert keys(row.left) == ["r1", "r2"]
    assert keys(row.right) == ["u1", "u2"]
    assert len(row.links) == 3


def test_a_term_that_answers_two_terms_sits_across_from_both():
    left = [Term("r1", "ceasefire"), Term("r2", "ceasefire")]
    right = [Term("u1", "ceasefire")]
    (group,) = align(TOPICS, left, right, [Link("r1", "u1", "opposed"), Link("r2", "u1", "partial")])
    (row,) = group.rows
    assert keys(row.left) == ["r1", "r2"] and keys(row.right) == ["u1"]
    assert row.relations == {"opposed", "partial"}


def test_terms_with_no_counterpart_stand_alone_and_one_sided_topics_are_kept():
    left = [Term("r1", "nuclear"), Term("r2", "territory")]
    right = [Term("u1", "territory"), Term("u2", "humanitarian")]
    groups = align(TOPICS, left, right, [])
    assert [group.topic for group in groups] == ["Territory", "Nuclear", "Humanitarian"]
    territory, nuclear, humanitarian = groups
    assert [(keys(row.left), keys(row.right)) for row in territory.rows] == [(["r2"], []), ([], ["u1"])]
    assert not territory.one_sided
    assert nuclear.one_sided and humanitarian.one_sided
    assert keys(nuclear.rows[0].left) == ["r1"] and nuclear.rows[0].right == []


def test_a_counterpart_from_another_topic_visits_the_row_without_pulling_in_its_other_links():
    left = [Term("demobilise", "territory"), Term("option1", "ceasefire"), Term("withdraw", "territory")]
    right = [Term("unconditional", "ceasefire"), Term("integrity", "territory")]
    links = [
        Link("option1", "unconditional", "opposed"),
        Link("demobilise", "unconditional", "opposed"),
        Link("withdraw", "integrity", "opposed"),
    ]
    ceasefire, territory = align(TOPICS, left, right, links)
    # In Ceasefire: option1 and its answer, plus the visitor demobilise (a territory term here for the test).
    assert [(keys(row.left), keys(row.right)) for row in ceasefire.rows] == [
        (["demobilise", "option1"], ["unconditional"])
    ]
    # In Territory, `unconditional` visits demobilise's row but does not bring option1 along.
    assert [(keys(row.left), keys(row.right)) for row in territory.rows] == [
        (["demobilise"], ["unconditional"]),
        (["withdraw"], ["integrity"]),
    ]


def test_links_to_terms_outside_the_comparison_are_ignored():
    left, right = [Term("r1", "territory")], [Term("u1", "territory")]
    (group,) = align(TOPICS, left, right, [Link("r1", "elsewhere", "opposed"), Link("u1", "r1", "opposed")])
    assert [(keys(row.left), keys(row.right)) for row in group.rows] == [(["r1"], []), ([], ["u1"])]


def test_filter_by_relation_keeps_rows_where_the_sides_disagree():
    left = [Term("r1", "territory"), Term("r2", "humanitarian")]
    right = [Term("u1", "territory"), Term("u2", "humanitarian")]
    groups = align(TOPICS, left, right, [Link("r1", "u1", "opposed"), Link("r2", "u2", "compatible")])
    (group,) = filter_groups(groups, relation="opposed")
    assert group.topic == "Territory"
    assert filter_groups(groups) == groups


def test_summary_counts_sides_relations_and_the_topics_furthest_apart():
    left = [Term("r1", "territory"), Term("r2", "territory"), Term("r3", "ceasefire")]
    right = [Term("u1", "territory"), Term("u2", "ceasefire")]
    links = [Link("r1", "u1", "opposed"), Link("r2", "u1", "opposed"), Link("r3", "u2", "partial")]
    groups = align(TOPICS, left, right, links)
    summary = summarise(groups, left, right)
    assert (summary.left_count, summary.right_count) == (3, 2)
    assert summary.relation_counts == {"opposed": 2, "partial": 1}
    assert summary.furthest_apart == [("Territory", 2)]


def test_each_entry_lists_what_it_answers_and_whether_it_visits_from_another_topic():
    left = [Term("r1", "territory"), Term("r2", "ceasefire")]
    right = [Term("u1", "territory")]
    links = [Link("r1", "u1", "opposed", "note one"), Link("r2", "u1", "partial")]
    ceasefire, territory = align(TOPICS, left, right, links)
    (row,) = territory.rows
    r1, r2 = row.left_entries
    (u1,) = row.right_entries
    assert [(link.relation, other.pk) for link, other in r1.answers] == [("opposed", "u1")]
    assert [(link.relation, other.pk) for link, other in u1.answers] == [("opposed", "r1"), ("partial", "r2")]
    assert (r1.visiting, r2.visiting, u1.visiting) == (False, True, False)
    assert ceasefire.rows[0].right_entries[0].visiting


def test_a_tally_counts_each_topics_terms_per_side_in_the_topics_order_and_links_to_them():
    topics = [(1, "territory"), (2, "language"), (3, "sanctions")]
    counts = {(LEFT, 3): 5, (RIGHT, 3): 2, (LEFT, 1): 4}
    tallies, summary = tally(topics, counts, url_of=lambda topic: f"?topic={topic}")
    assert [(t.topic, t.left_count, t.right_count, t.url) for t in tallies] == [
        ("territory", 4, 0, "?topic=territory"),
        ("sanctions", 5, 2, "?topic=sanctions"),
    ]
    assert [t.one_sided for t in tallies] == [True, False]
    assert (summary.left_count, summary.right_count, summary.relation_counts) == (9, 2, {})


def test_a_range_is_counted_only_past_the_number_of_terms_one_page_shows():
    limit = comparison.COUNT_ONLY_ABOVE
    assert not counted_only({})
    assert not counted_only({(LEFT, 1): limit - 1, (RIGHT, 2): 1})
    assert counted_only({(LEFT, 1): limit, (RIGHT, 2): 1})
    # A year of the curated record (39 terms) is shown; the synthetic seed's ranges (thousands) are counted.
    assert not counted_only({(LEFT, 1): 30, (RIGHT, 1): 9})
    assert counted_only({(LEFT, 1): 40_000, (RIGHT, 1): 60_000})
