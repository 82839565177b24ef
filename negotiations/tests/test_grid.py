"""The grid's pure logic: N columns of plain objects in, rows by topic out. No database."""

import datetime
from dataclasses import dataclass

from negotiations.grid.grid import Column, Link, Recorded, align, differences, standing, status_on

TOPICS = [("ceasefire", "Ceasefire"), ("territory", "Territory"), ("nato", "NATO"), ("sanctions", "Sanctions")]
MARCH, JUNE = datetime.date(2025, 3, 15), datetime.date(2025, 6, 30)


@dataclass(frozen=True)
class Term:
    pk: str
    topic_id: str
    known_on: datetime.date | None = None


def keys(cell):
    return [term.pk for term in cell.terms]


def column(key, party, *terms, day=None, more=()):
    return Column(key, party, list(terms), day, frozenset(more))


def by_topic(rows):
    return {row.topic: row for row in rows}


# --- Alignment of N documents by topic


def test_n_columns_align_by_topic_in_the_topics_order_each_cell_in_the_columns_order():
    columns = [
        column("ru-march", "russia", Term("r2", "territory"), Term("r1", "ceasefire"), Term("r3", "territory")),
        column("ua-june", "ukraine", Term("u1", "territory")),
        column("ru-june", "russia", Term("r4", "sanctions")),
    ]
    rows = align(TOPICS, columns)
    assert [row.topic for row in rows] == ["Ceasefire", "Territory", "Sanctions"]  # NATO: no column speaks
    territory = by_topic(rows)["Territory"]
    assert [keys(cell) for cell in territory.cells] == [["r2", "r3"], ["u1"], []]
    assert [cell.column.key for cell in territory.cells] == ["ru-march", "ua-june", "ru-june"]
    assert len(territory.pairs) == 2


def test_a_topic_with_terms_only_beyond_those_shown_is_a_row_and_says_there_are_more():
    columns = [column("a", "russia", Term("r1", "ceasefire")), column("b", "russia", more={"nato"})]
    nato = by_topic(align(TOPICS, columns))["NATO"]
    assert [cell.more for cell in nato.cells] == [False, True]
    assert not nato.cells[1].silent and nato.cells[0].silent


# --- Neighbour relations


def test_links_between_two_parties_neighbours_are_read_left_to_right_whichever_way_they_were_stored():
    columns = [
        column("ru", "russia", Term("r1", "territory"), Term("r2", "territory")),
        column("ua", "ukraine", Term("u1", "territory")),
    ]
    links = [Link("u1", "r1", "opposed"), Link("r2", "u1", "partial"), Link("r1", "u9", "compatible")]
    (row,) = align(TOPICS, columns, links)
    (pair,) = row.pairs
    assert not pair.same_party
    assert {(link.a, link.b, link.relation) for link in pair.links} == {
        ("r1", "u1", "opposed"),
        ("r2", "u1", "partial"),
    }
    (entry,) = row.cells[1].entries
    assert {(link.relation, other.pk) for link, other in entry.links} == {("opposed", "r1"), ("partial", "r2")}


def test_only_neighbours_are_related():
    columns = [
        column("ru", "russia", Term("r1", "territory")),
        column("ru2", "russia", Term("r2", "territory")),
        column("ua", "ukraine", Term("u1", "territory")),
    ]
    (row,) = align(TOPICS, columns, [Link("r1", "u1", "opposed")])
    assert [pair.links for pair in row.pairs] == [[], []]


def test_one_partys_neighbours_keep_add_drop_and_supersede_terms():
    old, kept, new, gone = (
        Term("r1", "territory"),
        Term("r2", "territory"),
        Term("r3", "territory"),
        Term("r4", "territory"),
    )
    records = {"r1": [Recorded("superseded", JUNE, 1, superseded_by=new)]}
    columns = [column("march", "russia", old, kept, gone, day=MARCH), column("june", "russia", kept, new, day=JUNE)]
    (row,) = align(TOPICS, columns, [], records)
    (pair,) = row.pairs
    assert pair.same_party
    assert (pair.kept, pair.new, pair.dropped, pair.superseded) == (["r2"], ["r3"], ["r1", "r4"], [("r1", "r3")])
    june = row.cells[1]
    assert [(entry.term.pk, entry.new) for entry in june.entries] == [("r2", False), ("r3", True)]
    assert june.entries[1].supersedes == [old]
    assert [(term.pk, replacement and replacement.pk) for term, replacement in june.dropped] == [
        ("r1", "r3"),
        ("r4", None),
    ]


# --- The differences rule


def test_differences_hide_topics_where_every_column_holds_terms_linked_as_compatible():
    columns = [
        column("ru", "russia", Term("r1", "ceasefire"), Term("r2", "territory"), Term("r3", "nato")),
        column("ua", "ukraine", Term("u1", "ceasefire"), Term("u2", "territory")),
    ]
    links = [Link("r1", "u1", "compatible"), Link("r2", "u2", "compatible"), Link("r2", "u2x", "opposed")]
    rows = align(TOPICS, columns, links)
    assert [row.topic for row in differences(rows)] == ["NATO"]  # Ukraine is silent there


def test_differences_keep_a_topic_where_any_pair_is_not_all_compatible():
    columns = [
        column("ru", "russia", Term("r1", "ceasefire"), Term("r2", "ceasefire")),
        column("ua", "ukraine", Term("u1", "ceasefire")),
    ]
    rows = align(TOPICS, columns, [Link("r1", "u1", "compatible"), Link("r2", "u1", "opposed")])
    assert [row.topic for row in differences(rows)] == ["Ceasefire"]
    unlinked = align(TOPICS, [column("ru", "russia", Term("r1", "nato")), column("ua", "ukraine", Term("u1", "nato"))])
    assert [row.topic for row in differences(unlinked)] == ["NATO"]


def test_differences_hide_a_topic_one_party_holds_unchanged_and_mark_what_changed():
    same, other = Term("r1", "ceasefire"), Term("r2", "territory")
    columns = [column("a", "russia", same, other), column("b", "russia", same)]
    rows = align(TOPICS, columns)
    assert [row.topic for row in differences(rows)] == ["Territory"]
    (territory,) = differences(rows)
    assert territory.cells[1].marked and [term.pk for term, _ in territory.cells[1].dropped] == ["r2"]
    assert not territory.cells[0].marked  # the first column has no left neighbour


def test_two_parties_cells_are_marked_new_or_silent_against_the_left():
    columns = [
        column("ru", "russia", Term("r1", "ceasefire")),
        column("ua", "ukraine", Term("u1", "territory")),
    ]
    ceasefire, territory = align(TOPICS, columns)
    assert ceasefire.cells[1].dropped and not ceasefire.cells[1].new
    assert territory.cells[1].new and not territory.cells[1].dropped


def test_a_changed_relation_is_marked_where_the_pair_on_the_left_met_otherwise():
    columns = [
        column("ru-march", "russia", Term("r1", "territory")),
        column("ua", "ukraine", Term("u1", "territory")),
        column("ru-june", "russia", Term("r2", "territory")),
        column("ua-july", "ukraine", Term("u1", "territory")),
    ]
    links = [Link("r1", "u1", "opposed"), Link("u1", "r2", "partial")]
    (row,) = align(TOPICS, columns, links)
    assert [pair.relations for pair in row.pairs] == [{"opposed"}, {"partial"}, {"partial"}]
    assert [cell.changed_relation for cell in row.cells] == [False, False, True, False]


def test_no_changed_relation_across_a_pair_of_one_party():
    columns = [
        column("ru-march", "russia", Term("r1", "territory")),
        column("ru-june", "russia", Term("r1", "territory")),
        column("ua", "ukraine", Term("u1", "territory")),
    ]
    (row,) = align(TOPICS, columns, [Link("r1", "u1", "opposed")])
    assert not any(cell.changed_relation for cell in row.cells)


# --- The as-of rule, through statuses.py


def test_a_position_as_of_a_date_leaves_out_withdrawn_and_superseded_terms_from_their_date_on():
    withdrawn = Term("w", "ceasefire", datetime.date(2025, 1, 10))
    superseded = Term("s", "territory", datetime.date(2025, 1, 10))
    replacement = Term("n", "territory", datetime.date(2025, 5, 1))
    later = Term("l", "nato", datetime.date(2025, 7, 1))
    undated_changes = Term("u", "sanctions", datetime.date(2024, 12, 1))
    records = {
        "w": [Recorded("withdrawn", datetime.date(2025, 4, 1))],
        "s": [Recorded("superseded", datetime.date(2025, 5, 1), superseded_by=replacement)],
        "u": [Recorded("restated", datetime.date(2025, 2, 1)), Recorded("agreed", None)],
    }
    terms = [withdrawn, superseded, replacement, later, undated_changes]

    def position(day):
        return [t.pk for t in standing(terms, day, records_of=records, known_on=lambda term: term.known_on)]

    assert position(MARCH) == ["w", "s", "u"]
    assert position(JUNE) == ["n", "u"]
    assert position(datetime.date(2025, 7, 1)) == ["n", "l", "u"]


def test_each_cell_shows_the_status_on_its_columns_day_and_what_superseded_a_term():
    replacement = Term("n", "territory")
    records = [Recorded("countered", MARCH, 1), Recorded("superseded", datetime.date(2025, 5, 1), 2, replacement)]
    assert status_on(records, datetime.date(2025, 3, 1)) == ("put_forward", None)
    assert status_on(records, MARCH) == ("countered", None)
    assert status_on(records, JUNE) == ("superseded", replacement)
    assert status_on(records) == ("superseded", replacement)
    term = Term("s", "territory")
    columns = [column("today", "russia", term), column("march", "russia", term, day=MARCH)]
    (row,) = align(TOPICS, columns, [], {"s": records})
    assert [(cell.entries[0].status, cell.entries[0].status_label) for cell in row.cells] == [
        ("superseded", "Superseded"),
        ("countered", "Countered"),
    ]
    assert row.cells[0].entries[0].replacement == replacement
