"""Pure timeline logic: no request, no ORM. The marks for terms (one by one, or counted per month) and
their layout on lanes along a shared axis."""

import calendar
import datetime
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape  # Django's escape() is this, behind a check for lazy strings that costs more
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from negotiations.dates import DateRange

SIDE_NAMES = {"russia": "Russia", "ukraine": "Ukraine"}

WIDTH = 960
LABEL_WIDTH = 230
LANE_HEIGHT = 30
AXIS_HEIGHT = 44
PLOT_WIDTH = WIDTH - LABEL_WIDTH - 20
# Each mark's invisible target, a square this many pixels wide around it (WCAG 2.2's 24 px target size) at the
# picture's own scale (a phone's): the marks stay small, so that a day's terms stay apart.
TARGET_SIZE = 24
# Marks of one side on one spot of a lane (up to three terms of one statement) step aside by this much, so that
# each can be seen and focused: points to the right, bars away from the lane's middle.
STACK_STEP = 8
BAR_STEP = 3

# A term is the caller's record (a Demand, in the app; see term_marks); a picture is the frame and marks as the
# template reads them (see axis and layout).
type Term = Any
type Picture = dict[str, Any]
type XOf = Callable[[datetime.date], float]  # a day's place on the axis, in pixels from the left


@dataclass(frozen=True)
class Mark:
    key: object  # the term's key, or (topic key, side, month) for a monthly count
    side: str  # "russia" or "ukraine"
    lane: int
    day: datetime.date
    precision: str  # day, month, year
    approximate: bool  # the day is a report's date or derived from "last week": drawn hollow
    label: str
    url: str
    count: int = 1  # more than one when terms are counted per month
    lane_name: str = ""
    topic_id: object = None

    @property
    def month_row(self) -> str:
        """A monthly count as a row of the table that stands in for the picture. An f-string of escaped parts
        rather than format_html, which escapes and wraps every argument: the table has 1,404 rows."""
        return mark_safe(
            f'<tr><td class="nowrap">{month_name(self.day)}</td><td>{escape(SIDE_NAMES.get(self.side, self.side))}</td>'
            f'<td>{escape(self.lane_name)}</td><td><a href="{escape(self.url)}">{self.count:d}</a></td></tr>'
        )


@dataclass(frozen=True)
class PlacedMark:
    mark: Mark
    x: float
    y: float
    span: float  # width in pixels of the period the date stands for (0 for an exact day)
    height: float = 6  # a monthly count's bar grows with the count

    @property
    def bar_y(self) -> float:
        return round(self.y - self.height / 2, 1)

    # Corners for the square and the bar, so templates need no arithmetic.
    @property
    def square_x(self) -> float:
        return round(self.x - 4.5, 1)

    @property
    def square_y(self) -> float:
        return round(self.y - 4.5, 1)

    # The mark's SVG and its row in the table, built here rather than in the template: a timeline of 100,000
    # terms draws 1,404 monthly bars and lists them again, and per-mark template tags were most of its render.
    @property
    def svg(self) -> str:
        """A link, titled with what it stands for, around a bar (a period), a circle (Russia) or a square."""
        mark = self.mark
        hollow = " mark-approximate" if mark.approximate else ""
        if self.span:
            shape = format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="mark-{} mark-period"/>',
                self.x, self.bar_y, self.span, self.height, mark.side,
            )  # fmt: skip
        elif mark.side == "russia":
            shape = format_html('<circle cx="{}" cy="{}" r="5" class="mark-russia{}"/>', self.x, self.y, hollow)
        else:
            shape = format_html(
                '<rect x="{}" y="{}" width="9" height="9" class="mark-ukraine{}"/>',
                self.square_x,
                self.square_y,
                hollow,
            )
        title = mark.label + (" (no exact day)" if mark.approximate else "")
        return format_html('<a href="{}"><title>{}</title>{}</a>', mark.url, title, shape)

    @property
    def target_svg(self) -> str:
        """The mark's target: a transparent square of TARGET_SIZE around it (a bar's whole width, when wider), a second
        link to its term. Targets lie under every mark, so that a tap on a mark opens that mark even where its
        neighbour's target reaches; out of the tab order and hidden from assistive technology, for which the mark's
        own link is the one."""
        half = TARGET_SIZE / 2
        if self.span:
            width = max(self.span, TARGET_SIZE)
            x = self.x + self.span / 2 - width / 2
        else:
            width, x = TARGET_SIZE, self.x
            x -= half
        return format_html(
            '<a href="{}" tabindex="-1"><rect x="{}" y="{}" width="{}" height="{}" class="mark-target"/></a>',
            self.mark.url, round(x, 1), round(self.y - half, 1), round(width, 1), TARGET_SIZE,
        )  # fmt: skip

    @property
    def month_row(self) -> str:
        return self.mark.month_row


@dataclass(frozen=True)
class BarPath:
    """A side's monthly bars on one lane, drawn as one SVG path: a picture of 100,000 terms has 1,404 bars, and
    an element, a link and a title for each were most of the page. The path leads to the side's terms on the
    lane's topic; the months one by one are in the table."""

    lane: int
    side: str
    d: str
    count: int
    label: str
    url: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    period: DateRange  # the year (major ticks) or the quarter a tick's link leads to
    major: bool


def term_marks(terms: Iterable[Term], lane_of: Mapping[Any, int]) -> list[Mark]:
    """One mark per dated term (Demand-like: party, topic_id, stated_on, statement, paraphrase)."""
    return [
        Mark(
            key=term.pk,
            side=term.party.side,
            lane=lane_of[term.topic_id],
            day=term.stated_on,
            precision=term.statement.date_precision,
            approximate=term.statement.date_is_approximate,
            label=f"{term.party.name}, {term.statement.date_display}: {term.paraphrase}",
            url=term.get_absolute_url(),
            topic_id=term.topic_id,
        )
        for term in terms
    ]


def monthly_marks(
    rows: Iterable[Mapping[str, Any]],
    lanes: Mapping[Any, tuple[int, Any]],
    side_labels: Mapping[str, str],
    link_for: Callable[[str, Any, DateRange], str],
) -> list[Mark]:
    """One bar per month, side and topic, from rows of `month`, `side`, `topic_id` and `count`.

    `lanes` maps a topic's key to (lane number, topic); `link_for(side, topic, period)` is where a bar leads.
    """
    # The table lists 1,404 months at 100,000 terms: each month's period and name are worked out once.
    months: dict[datetime.date, tuple[DateRange, datetime.date, str]] = {}
    marks = []
    for row in rows:
        if row["month"] not in months:
            start, end = period_of(row["month"], "month")
            months[row["month"]] = DateRange(start, end), start, month_name(start)
        period, start, name = months[row["month"]]
        side, (lane, topic) = row["side"], lanes[row["topic_id"]]
        marks.append(
            Mark(
                key=(row["topic_id"], side, start),
                side=side,
                lane=lane,
                day=start,
                precision="month",
                approximate=False,
                label=f"{side_labels[side]}: {row['count']} terms in {name}",
                url=link_for(side, topic, period),
                count=row["count"],
                lane_name=topic.name,
                topic_id=row["topic_id"],
            )
        )
    return marks


@functools.lru_cache(maxsize=1024)
def month_name(day: datetime.date) -> str:
    """“May 2025”: strftime's month name costs microseconds, and the same few dozen months recur per lane."""
    return f"{day:%B %Y}"


def period_of(day: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date of this precision may stand for."""
    if precision == "year":
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return datetime.date(day.year, day.month, 1), datetime.date(day.year, day.month, last)
    return day, day


def axis(earliest: datetime.date, latest: datetime.date, lane_count: int) -> tuple[Picture, XOf]:
    """The frame every picture shares: whole years from `earliest`'s to `latest`'s, their years and quarters as
    ticks, and the sizes; with the function placing a day on it."""
    first, last = datetime.date(earliest.year, 1, 1), datetime.date(latest.year, 12, 31)
    total_days = (last - first).days + 1

    def x_of(day: datetime.date) -> float:
        return round(LABEL_WIDTH + (day - first).days / total_days * PLOT_WIDTH, 1)

    ticks = []
    for year in range(first.year, last.year + 1):
        for quarter in range(4):
            start = datetime.date(year, quarter * 3 + 1, 1)
            end = period_of(datetime.date(year, quarter * 3 + 3, 1), "month")[1]
            if quarter == 0:
                # A year's label leads to the whole year, not to its first quarter.
                ticks.append(Tick(x_of(start), str(year), DateRange(*period_of(start, "year")), major=True))
            else:
                ticks.append(Tick(x_of(start), f"Q{quarter + 1}", DateRange(start, end), major=False))
    frame = {
        "ticks": ticks,
        "width": WIDTH,
        "height": AXIS_HEIGHT + lane_count * LANE_HEIGHT + 10,
        "plot_right": LABEL_WIDTH + PLOT_WIDTH,
        "label_width": LABEL_WIDTH,
        "plot_width": WIDTH - LABEL_WIDTH,
        "lane_height": LANE_HEIGHT,
        "axis_height": AXIS_HEIGHT,
        "first": first,
        "last": last,
    }
    return frame, x_of


def frame_svg(picture: Picture, lane_count: int, tick_link: Callable[[DateRange], str]) -> str:
    """The picture's axis and lanes as SVG: each year and quarter a link (`tick_link(period)`), and the rule under
    each lane. The lanes' labels are the page's (HTML beside the picture, so that they stay in view while a narrow
    screen scrolls it). Written here, not by template tags: formatting and localising their coordinates was most of
    the picture's render once the bars became paths."""
    parts = [tick_svg(tick, picture, tick_link(tick.period)) for tick in picture["ticks"]]
    parts += [lane_svg(index, picture) for index in range(lane_count)]
    return mark_safe("\n".join(parts))


def tick_svg(tick: Tick, picture: Picture, link: str) -> str:
    """A year's or a quarter's line across the lanes and its label above them, a link to its terms."""
    axis_height = picture["axis_height"]
    return format_html(
        '<a href="{}"><title>Demands {}</title><line x1="{}" x2="{}" y1="{}" y2="{}" class="{}"/>'
        '<text x="{}" dx="3" y="{}" class="{}">{}</text></a>',
        link,
        tick.period.describe(),
        tick.x,
        tick.x,
        axis_height - 14,
        picture["height"],
        "tick-major" if tick.major else "tick",
        tick.x,
        axis_height - 20,
        "tick-label-major" if tick.major else "tick-label",
        tick.label,
    )  # fmt: skip


def lane_svg(index: int, picture: Picture) -> str:
    """The rule under a lane."""
    rule = picture["axis_height"] + (index + 1) * picture["lane_height"]
    return format_html(
        '<line x1="{}" x2="{}" y1="{}" y2="{}" class="lane-rule"/>',
        picture["label_width"], picture["plot_right"], rule, rule,
    )  # fmt: skip


def mark_y(lane: int, side: str) -> tuple[float, int]:
    """A mark's middle: Russia's half of the lane above its middle, Ukraine's below."""
    away = -1 if side == "russia" else 1
    return AXIS_HEIGHT + lane * LANE_HEIGHT + LANE_HEIGHT / 2 + 5 * away, away


def bar_height(count: int, largest: int) -> float:
    """A monthly count's bar grows with the count's square root, so one month's surge leaves the others legible."""
    return 6 if largest == 1 else round(2 + 8 * (count / largest) ** 0.5, 1)


def layout(marks: Sequence[Mark], lane_count: int) -> Picture | None:
    """Place marks on lanes (one per topic) along a shared axis of whole years. None when there are no marks."""
    if not marks:
        return None
    earliest = min(mark.day for mark in marks)
    latest = max(period_of(mark.day, mark.precision)[1] for mark in marks)
    frame, x_of = axis(earliest, latest, lane_count)

    largest = max(mark.count for mark in marks)
    placed = []
    taken: Counter[tuple[int, str, datetime.date, datetime.date]] = Counter()
    occupied: dict[tuple[int, str], list[float]] = {}
    for mark in marks:
        start, end = period_of(mark.day, mark.precision)
        y, away = mark_y(mark.lane, mark.side)
        span = 0.0 if start == end else round(x_of(end + datetime.timedelta(days=1)) - x_of(start), 1)
        height = bar_height(mark.count, largest)
        x = x_of(start)
        if span:
            spot = (mark.lane, mark.side, start, end)
            y += taken[spot] * BAR_STEP * away
            taken[spot] += 1
        else:
            # Days a few pixels apart collide as surely as the same day: step right until the mark is clear.
            points = occupied.setdefault((mark.lane, mark.side), [])
            while any(abs(x - other) < STACK_STEP for other in points):
                x += STACK_STEP
            points.append(x)
        placed.append(PlacedMark(mark, round(x, 1), y, span, height))
    return {**frame, "marks": placed}


def monthly_picture(
    counts: Mapping[tuple[datetime.date, str, Any], int],
    lanes: Mapping[Any, tuple[int, str]],
    lane_count: int,
    link_for: Callable[[str, Any], str],
) -> Picture | None:
    """The picture when terms are counted per month: layout()'s frame, and one BarPath per lane and side drawing
    the bars layout() would place for the months one by one (in lane order, Russia first). `counts` maps (first
    day of a month, side, topic key) to a number of terms; `lanes` a topic key to (lane number, topic name);
    `link_for(side, topic key)` is where a path leads. None when there are no counts.

    The months' own marks are not built: at 100,000 terms the picture has 1,404 bars, and a Mark and a
    PlacedMark for each cost more than the query."""
    if not counts:
        return None
    months = sorted({month for month, _, _ in counts})
    frame, x_of = axis(months[0], months[-1], lane_count)
    edges = month_edges(months, x_of)
    largest = max(counts.values())
    heights = {count: bar_height(count, largest) for count in set(counts.values())}
    paths = [
        bar_path(lane, side, sorted(months_of), edges, heights, lanes[topic][1], link_for(side, topic))
        for (lane, _, topic, side), months_of in sorted(bars_by_lane(counts, lanes).items())
    ]
    return {**frame, "marks": [], "paths": paths}


def month_edges(months: Iterable[datetime.date], x_of: XOf) -> dict[datetime.date, tuple[str, str, str]]:
    """Each month's bar as the three pieces of path around its top and height: its left edge, its width and the
    way back, written once for every lane and side."""
    edges = {}
    for month in months:
        x, span = x_of(month), round(x_of(next_month(month)) - x_of(month), 1)
        edges[month] = (f"M{x} ", f"h{span}v", f"h-{span}z")
    return edges


def bars_by_lane(
    counts: Mapping[tuple[datetime.date, str, Any], int], lanes: Mapping[Any, tuple[int, str]]
) -> dict[tuple[int, bool, Any, str], list[tuple[datetime.date, int]]]:
    """The (month, count) pairs of each lane and side, keyed so that sorting puts the lanes in order and, within
    a lane, Russia first."""
    bars: dict[tuple[int, bool, Any, str], list[tuple[datetime.date, int]]] = {}
    for (month, side, topic), count in counts.items():
        bars.setdefault((lanes[topic][0], side != "russia", topic, side), []).append((month, count))
    return bars


def bar_path(
    lane: int,
    side: str,
    months_of: Sequence[tuple[datetime.date, int]],
    edges: Mapping[datetime.date, tuple[str, str, str]],
    heights: Mapping[int, float],
    topic_name: str,
    url: str,
) -> BarPath:
    """A side's bars on a lane, `months_of` (month, count) pairs in month order, as one path titled with its total
    and the months it spans."""
    y = mark_y(lane, side)[0]
    d = []
    for month, count in months_of:
        left, width, right = edges[month]
        height = heights[count]
        d.append(f"{left}{round(y - height / 2, 1)}{width}{height}{right}")
    total = sum(count for _, count in months_of)
    return BarPath(
        lane=lane,
        side=side,
        d="".join(d),
        count=total,
        label=(
            f"{SIDE_NAMES.get(side, side)}, {topic_name}: {total} term{'' if total == 1 else 's'} "
            f"from {months_of[0][0]:%B %Y} to {months_of[-1][0]:%B %Y}, counted per month"
        ),
        url=url,
    )


def next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
