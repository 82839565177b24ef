"""The timeline: pure layout, and the page with its picture, table and undated list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from negotiations.models import Demand
from negotiations.tests.factories import DemandFactory, StatementFactory, TopicFactory
from negotiations.timeline import fetch
from negotiations.timeline.picture import Mark, frame_svg, layout, monthly_picture, period_of


def mark(day, precision="day", side="russia", lane=0, approximate=False):
    return Mark("k", side, lane, day, precision, approximate, "label", "/demands/x/")


def two_marks():
    return layout([mark(datetime.date(2024, 7, 4)), mark(datetime.date(2025, 6, 2), side="ukraine", lane=2)], 3)


def test_axis_covers_whole_years():
    picture = two_marks()
    assert (picture["first"], picture["last"]) == (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
    assert [tick.label for tick in picture["ticks"][:5]] == ["2024", "Q2", "Q3", "Q4", "2025"]


def test_marks_sit_in_their_lanes():
    first, second = two_marks()["marks"]
    assert first.x < second.x
    assert first.y < second.y


def test_a_month_precision_date_is_drawn_as_the_whole_month():
    picture = layout([mark(datetime.date(2024, 10, 1), precision="month"), mark(datetime.date(2024, 10, 15))], 1)
    month, day = picture["marks"]
    assert month.span > 0 and day.span == 0
    assert month.x <= day.x <= month.x + month.span


def test_period_of_each_precision():
    day = datetime.date(2024, 2, 10)
    assert period_of(day, "month") == (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    assert period_of(day, "year") == (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    assert period_of(day, "day") == (day, day)


def test_no_marks_no_picture():
    assert layout([], 13) is None


@pytest.fixture
def some_dated_and_undated(russia, ukraine, demand_on):
    demand_on(datetime.date(2025, 5, 1), party=russia)
    demand_on(datetime.date(2025, 6, 2), party=russia)
    demand_on(datetime.date(2024, 11, 15), party=ukraine)
    demand_on(None, party=russia)


@pytest.mark.django_db
def test_timeline_page_draws_dated_terms(client, some_dated_and_undated):
    response = client.get("/timeline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'aria-labelledby="timeline-title"' in html
    assert 'href="/demands/?from=2025-04-01&amp;to=2025-06-30"' in html  # a quarter on the axis
    assert len(response.context["picture"]["marks"]) == len(response.context["dated"]) == 3


@pytest.mark.django_db
def test_timeline_page_lists_undated_terms(client, some_dated_and_undated):
    response = client.get("/timeline/")
    assert "Terms the texts give no date for" in response.content.decode()
    assert len(response.context["undated"]) == 1
    assert all(demand.stated_on is None for demand in response.context["undated"])


# The page: data version, topics, the monthly counts (on the data version's first render: the terms counted per
# month, and the parties' sides; test_monthly_counts shows later renders read them from the cache), the undated
# terms, the dated terms with their statements. Its table: the same but the undated terms.
@pytest.mark.django_db
@pytest.mark.parametrize("url,queries", [("/timeline/", 6), ("/timeline/table/", 5)])
@pytest.mark.parametrize("rows", [2, 20])
def test_timeline_queries_do_not_grow_with_the_terms(client, django_assert_num_queries, russia, rows, url, queries):
    for n in range(rows):
        DemandFactory(party=russia, statement=StatementFactory(stated_on=datetime.date(2025, 1, 1 + n)))
    with django_assert_num_queries(queries):
        client.get(url)


@pytest.mark.django_db
def test_many_terms_are_drawn_as_monthly_counts_that_lead_to_the_explorer(client, monkeypatch, russia):
    # The limit is a design parameter of fetch.timeline_of(), which takes no arguments and reads no setting:
    # patching it where it is used is the only seam short of creating 601 terms.
    monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 5)
    for n in range(12):
        DemandFactory(party=russia, statement=StatementFactory(stated_on=datetime.date(2025, 5, 1 + n)))
    assert client.get("/timeline/").context["binned"]
    # The months one by one, each with its link, are the table's rows; the picture draws them as paths.
    response = client.get("/timeline/table/")
    marks = response.context["months"]
    assert response.context["binned"]
    assert sum(mark.count for mark in marks) == 12
    topic = marks[0].url.split("topic=")[1].split("&")[0]
    assert marks[0].url == f"/demands/?party=russia&topic={topic}&from=2025-05-01&to=2025-05-31"


def test_marks_on_the_same_day_and_lane_step_aside_so_each_is_visible():
    day = datetime.date(2025, 6, 2)
    placed = layout([mark(day), mark(day), mark(day), mark(day, side="ukraine")], 1)["marks"]
    russian = [p.x for p in placed if p.mark.side == "russia"]
    assert len(set(russian)) == 3
    assert min(b - a for a, b in zip(sorted(russian), sorted(russian)[1:], strict=False)) >= 8
    # The other side's mark sits in its own half of the lane, untouched.
    assert placed[3].x == min(russian)


def test_marks_a_day_apart_step_aside_too():
    placed = layout([mark(datetime.date(2025, 6, 1)), mark(datetime.date(2025, 6, 2))], 1)["marks"]
    assert abs(placed[0].x - placed[1].x) >= 8


def test_month_bars_on_the_same_month_stack_away_from_the_lane_middle():
    day = datetime.date(2024, 10, 1)
    first, second = layout([mark(day, precision="month"), mark(day, precision="month")], 1)["marks"]
    assert second.y < first.y  # Russia's half is above the middle


def test_a_year_on_the_axis_leads_to_the_whole_year():
    year = two_marks()["ticks"][0]
    assert (year.label, year.period.start, year.period.end) == (
        "2024",
        datetime.date(2024, 1, 1),
        datetime.date(2024, 12, 31),
    )


@pytest.mark.django_db
def test_lane_labels_lead_to_the_topics_story(client, some_dated_and_undated):
    html = client.get("/timeline/").content.decode()
    assert 'href="/topics/' in html
    assert 'href="/demands/?from=2025-01-01&amp;to=2025-12-31"' in html


@pytest.mark.django_db
def test_the_table_can_be_narrowed_by_topic_and_side(client, russia, ukraine, demand_on):
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    nuclear = TopicFactory(slug="nuclear", name="Nuclear", position=6)
    demand_on(datetime.date(2025, 5, 1), party=russia, topic=territory, slug="ru-t")
    demand_on(datetime.date(2025, 5, 2), party=russia, topic=nuclear, slug="ru-n")
    demand_on(datetime.date(2025, 5, 3), party=ukraine, topic=territory, slug="ua-t")
    response = client.get("/timeline/", {"topic": "territory", "side": "russia"})
    assert [d.slug for d in response.context["dated"]] == ["ru-t"]
    assert len(response.context["picture"]["marks"]) == 3  # the picture still shows everything
    assert '<details class="timeline-table" id="timeline-table" open>' in response.content.decode()
    assert "There is no topic" in client.get("/timeline/", {"topic": "weather"}).content.decode()


def test_a_marks_svg_escapes_its_label_and_links_to_its_url():
    (placed,) = layout([Mark("k", "russia", 0, datetime.date(2025, 6, 2), "day", True, "<b>A & B</b>", "/d/x/")], 1)[
        "marks"
    ]
    svg = str(placed.svg)
    assert svg.startswith('<a href="/d/x/"><title>&lt;b&gt;A &amp; B&lt;/b&gt; (no exact day)</title><circle ')
    assert 'class="mark-russia mark-approximate"' in svg


def test_a_monthly_bar_is_a_row_of_the_table():
    bar = Mark(
        "k",
        "ukraine",
        1,
        datetime.date(2025, 5, 1),
        "month",
        False,
        "12 terms",
        "/d/?m=5",
        count=12,
        lane_name="Territory",
    )
    (placed,) = layout([bar], 2)["marks"]
    assert str(placed.month_row) == (
        '<tr><td class="nowrap">May 2025</td><td>Ukraine</td><td>Territory</td><td><a href="/d/?m=5">12</a></td></tr>'
    )
    assert "<rect " in str(placed.svg) and "mark-period" in str(placed.svg)


def test_monthly_bars_are_drawn_as_one_path_per_lane_and_side():
    def month(number):
        return datetime.date(2025, number, 1)

    counts = {
        (month(1), "russia", "t"): 1,
        (month(2), "russia", "t"): 4,
        (month(3), "russia", "t"): 1,
        (month(1), "ukraine", "t"): 1,
        (month(2), "russia", "a"): 1,
    }
    picture = monthly_picture(
        counts, {"t": (0, "Territory"), "a": (1, "Army")}, 2, lambda side, topic: f"/demands/?party={side}&t={topic}"
    )
    paths = picture["paths"]
    assert [(path.lane, path.side) for path in paths] == [(0, "russia"), (0, "ukraine"), (1, "russia")]
    first = paths[0]
    assert first.d.count("M") == 3  # one closed rectangle per month
    assert (first.count, first.url) == (6, "/demands/?party=russia&t=t")
    assert first.label == "Russia, Territory: 6 terms from January 2025 to March 2025, counted per month"
    # The same bars, frame and ticks as the months placed one by one.
    lane_of = {"t": 0, "a": 1}
    bars = [
        Mark(key, side, lane_of[topic], day, "month", False, "", "", count=count)
        for key, count in counts.items()
        for day, side, topic in [key]
    ]
    one_by_one = layout(bars, 2)
    february = next(p for p in one_by_one["marks"] if p.mark.key == (month(2), "russia", "t"))
    assert f"M{february.x} {february.bar_y}h{february.span}v{february.height}h-{february.span}z" in first.d
    assert picture["ticks"] == one_by_one["ticks"] and picture["height"] == one_by_one["height"]
    assert monthly_picture({}, {}, 2, None) is None


@pytest.fixture
def many_terms(monkeypatch, russia, ukraine):
    """More dated terms than the timeline draws one by one, so it counts them per month."""
    monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 5)
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    nuclear = TopicFactory(slug="nuclear", name="Nuclear", position=6)
    for n in range(6):
        DemandFactory(
            party=russia, topic=territory, statement=StatementFactory(stated_on=datetime.date(2025, 1 + n, 3))
        )
    DemandFactory(party=ukraine, topic=territory, statement=StatementFactory(stated_on=datetime.date(2025, 2, 9)))
    DemandFactory(party=russia, topic=nuclear, statement=StatementFactory(stated_on=datetime.date(2024, 7, 1)))


@pytest.mark.django_db
def test_the_binned_timeline_draws_one_path_per_lane_and_side_not_an_element_per_bar(client, many_terms):
    response = client.get("/timeline/")
    html = response.content.decode()
    assert response.context["binned"]
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count("<path ") == 3  # Territory: Russia and Ukraine; Nuclear: Russia
    assert "<rect" not in svg and "<circle" not in svg
    assert "from=2025-03-01" not in html  # no link per month in the page
    assert 'href="/demands/?party=russia&amp;topic=territory"' in svg
    assert "Russia, Territory: 6 terms from January 2025 to June 2025" in svg


@pytest.mark.django_db
@pytest.mark.parametrize("binned", [False, True])
def test_the_table_is_not_in_the_page_until_asked_for(client, many_terms, monkeypatch, binned):
    if not binned:
        monkeypatch.setattr("negotiations.timeline.fetch.TIMELINE_TERM_LIMIT", 600)
    response = client.get("/timeline/")
    html = response.content.decode()
    assert "<table" not in html
    details = html[html.index('<details class="timeline-table"') :]
    details = details[: details.index("</details>")]
    # htmx loads the table in place when the disclosure first opens; without JavaScript the link serves it.
    assert 'hx-get="/timeline/table/"' in details and 'hx-trigger="toggle once"' in details
    assert '<a href="/timeline/table/">' in details


@pytest.mark.django_db
def test_the_table_url_serves_the_monthly_table_without_javascript(client, many_terms):
    response = client.get("/timeline/table/")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert response.template_name == "negotiations/timeline.html"
    assert '<table class="data-table">' in html and 'id="timeline-table-body"' in html
    assert html.count("<tr><td") == 8  # six Russian months on Territory, one Ukrainian, one Russian on Nuclear
    assert 'href="/demands/?party=russia&amp;topic=territory&amp;from=2025-03-01&amp;to=2025-03-31"' in html
    assert "<svg viewBox" not in html  # the table alone, not the picture again


@pytest.mark.django_db
def test_the_table_url_answers_htmx_with_only_the_table(client, many_terms):
    response = client.get("/timeline/table/", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.template_name == "negotiations/timeline.html#table"
    assert html.lstrip().startswith('<div id="timeline-table-body"') and "<html" not in html
    assert "HX-Request" in response["Vary"]
    restored = client.get("/timeline/table/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restored.content.decode()


@pytest.mark.django_db
def test_the_table_url_narrows_by_topic_and_side(client, many_terms):
    html = client.get("/timeline/table/", {"topic": "territory", "side": "ukraine"}).content.decode()
    assert html.count("<tr><td") == 1 and "February 2025" in html
    # The narrowing form asks the table's own address, in place under htmx.
    assert 'action="/timeline/table/"' in html and 'hx-get="/timeline/table/"' in html
    assert 'hx-target="#timeline-table-body"' in html
    assert "There is no topic" in client.get("/timeline/table/", {"topic": "weather"}).content.decode()


@pytest.mark.django_db
def test_the_table_url_lists_the_terms_one_by_one_when_there_are_few(client, russia, ukraine, demand_on):
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    demand_on(datetime.date(2025, 5, 1), party=russia, topic=territory, slug="ru-t")
    demand_on(datetime.date(2025, 5, 3), party=ukraine, topic=territory, slug="ua-t")
    response = client.get("/timeline/table/", {"side": "ukraine"})
    assert [d.slug for d in response.context["dated"]] == ["ua-t"]
    assert 'href="/demands/ua-t/"' in response.content.decode()


@pytest.mark.django_db
def test_the_monthly_counts_are_read_in_order_from_the_month_index(many_terms):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL chooses by its statistics: EXPLAIN ANALYZE at 100,000 terms is in the commit message")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + str(Demand.objects.monthly_counts().query))
        steps = " / ".join(row[-1] for row in cursor.fetchall())
    # Counted as the index is scanned: no temporary B-tree to group 100,000 rows, and no read of the table.
    assert "COVERING INDEX demand_month_idx" in steps and "TEMP B-TREE" not in steps, steps


def test_a_monthly_row_escapes_the_topics_name_and_its_link():
    bar = Mark(
        "k",
        "russia",
        0,
        datetime.date(2025, 5, 1),
        "month",
        False,
        "",
        '/d/?a=1&b="2"',
        count=3,
        lane_name="<b>A & B</b>",
    )
    assert str(bar.month_row) == (
        '<tr><td class="nowrap">May 2025</td><td>Russia</td><td>&lt;b&gt;A &amp; B&lt;/b&gt;</td>'
        '<td><a href="/d/?a=1&amp;b=&quot;2&quot;">3</a></td></tr>'
    )


def test_the_frame_links_each_year_and_quarter_and_rules_each_lane():
    picture = two_marks()
    svg = str(frame_svg(picture, 3, lambda p: f"/y/{p}"))
    assert svg.count("<a href=") == len(picture["ticks"]) == 2 * 4
    assert "<title>Demands from 1 January 2024 to 31 December 2024</title>" in svg
    assert svg.count('class="lane-rule"') == 3


@pytest.mark.django_db
def test_the_lane_labels_are_links_to_the_topics_beside_the_picture_escaped(client, russia, demand_on):
    topic = TopicFactory(slug="a-b", name="A & B", position=1)
    demand_on(datetime.date(2025, 6, 2), party=russia, topic=topic)
    html = client.get("/timeline/").content.decode()
    start = html.index('<ol class="lane-labels"')
    labels = html[start : html.index("</ol>", start)]
    assert '<a href="/topics/a-b/" title="A &amp; B: each side\'s terms over time">A &amp; B</a>' in labels


def test_each_mark_has_a_target_of_24_px_around_it_leading_to_its_term():
    day = datetime.date(2025, 6, 2)
    # Seven years on the axis: a month is 9 px wide.
    earliest = mark(datetime.date(2019, 1, 1), side="ukraine")
    point, bar, _ = layout([mark(day), mark(day, precision="month", side="ukraine"), earliest], 1)["marks"]
    assert str(point.target_svg) == (
        f'<a href="/demands/x/" tabindex="-1"><rect x="{round(point.x - 12, 1)}" y="{point.y - 12}" width="24" '
        f'height="24" class="mark-target"/></a>'
    )
    # A bar narrower than the target is widened about its middle; the target is centred on the bar's lane half.
    assert bar.span < 24
    assert f'x="{round(bar.x + bar.span / 2 - 12, 1)}"' in str(bar.target_svg)
    assert 'width="24" height="24"' in str(bar.target_svg)


@pytest.mark.django_db
def test_a_topic_with_no_term_takes_no_lane_on_the_timeline_nor_a_place_in_its_tables_menu(client, russia, demand_on):
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    TopicFactory(slug="justice-claims", name="Justice and claims", position=8)
    demand_on(datetime.date(2025, 6, 2), party=russia, topic=territory)
    for url in ("/timeline/", "/timeline/table/"):
        response = client.get(url)
        assert [topic.slug for topic in response.context["topics"]] == ["territory"], url
        html = response.content.decode()
        assert 'href="/topics/territory/"' in html, url
        assert "justice-claims" not in html and "Justice and claims" not in html, url


@pytest.mark.django_db
def test_the_lanes_are_read_once_a_data_version_and_anew_at_the_next(russia, demand_on):
    territory = TopicFactory(slug="territory", name="Territory", position=2)
    justice = TopicFactory(slug="justice-claims", name="Justice and claims", position=8)
    demand_on(datetime.date(2025, 6, 2), party=russia, topic=territory)
    assert [topic.slug for topic in fetch.timeline_basis(41).topics] == ["territory"]
    demand_on(datetime.date(2025, 6, 3), party=russia, topic=justice)
    with CaptureQueriesContext(connection) as read:
        assert [topic.slug for topic in fetch.timeline_basis(41).topics] == ["territory"]  # the version's lanes
    assert not any("negotiations_topic" in query["sql"] for query in read.captured_queries)
    assert [topic.slug for topic in fetch.timeline_basis(42).topics] == ["territory", "justice-claims"]
