"""How a page describes itself when its link is shared (a link preview, a search result): its title, a one-line
description, its canonical address and its OpenGraph type. Decided here for every record kind and the comparison;
the page puts it in its context as `share` and base.html's head writes it (templatetags `sharing_head`), with the
address made absolute from the request, as permalinks and citations are (the page cache keys on the host asked for).

A record read at `?version=N` is canonical to that address: it is a different document (the text as it stood then,
the one its citation's permalink names), and a journalist who cites or shares that version expects the link to
preview and open what they quoted, not today's text; its description says which version it is."""

from dataclasses import dataclass

SITE_DESCRIPTION = (
    "What Russia and Ukraine each demand in the ceasefire negotiations, since when, where it was said, and how the "
    "two sides' terms answer each other, with a source to cite for every line."
)
# A preview shows a line or two; search engines cut near here too.
DESCRIPTION_MAX = 300


@dataclass(frozen=True)
class Share:
    title: str
    description: str
    path: str  # the canonical address: the record's, or the view state's canonical query; made absolute in the head
    type: str = "article"


def one_line(text, limit=DESCRIPTION_MAX):
    """The text on one line, cut at a word with “…” past `limit` characters."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def at_version(path, reading):
    """`path`, or its permalink at the past version read (citing/versions.Reading)."""
    return f"{path}?version={reading.version}" if reading is not None else path


def as_it_stood(reading):
    return f" As it stood at data version {reading.version}." if reading is not None else ""


def of_demand(demand, statement, reading=None):
    """A term: the paraphrase first (the record's own words for it), then what and whose it is."""
    described = (
        f"{demand.paraphrase} {demand.get_stance_display()} of {demand.party.name} on {demand.topic.name}, "
        f"in {statement.title} ({statement.date_display})."
    )
    return Share(
        f"{demand.party.name}: {demand.paraphrase}",
        one_line(described + as_it_stood(reading)),
        at_version(demand.get_absolute_url(), reading),
    )


def of_statement(statement, reading=None):
    summary = f" {statement.summary}" if statement.summary else ""
    return Share(
        statement.title,
        one_line(f"{statement.actor.name}, {statement.date_display}.{summary}{as_it_stood(reading)}"),
        at_version(statement.get_absolute_url(), reading),
    )


def of_source(source, statements, demands, reading=None):
    published = f", {source.published_on.day} {source.published_on:%B %Y}" if source.published_on else ""
    quoted = f"{len(statements)} statement{'s' if len(statements) != 1 else ''} and {len(demands)} term"
    quoted += "s" if len(demands) != 1 else ""
    return Share(
        source.title,
        one_line(
            f"{source.get_kind_display()} by {source.publisher.name}{published}: {quoted} quoted from it."
            f"{as_it_stood(reading)}"
        ),
        at_version(source.get_absolute_url(), reading),
    )


def of_actor(actor):
    role = f": {actor.role}" if actor.role else ""
    return Share(
        actor.name,
        one_line(
            f"{actor.name} ({actor.get_kind_display()}, {actor.get_side_display()}){role}. What they said and "
            "the terms they hold, with sources."
        ),
        actor.get_absolute_url(),
        type="profile",
    )


def of_topic(topic):
    about = f" {topic.description}" if topic.description else ""
    return Share(
        topic.name,
        one_line(f"Russia's and Ukraine's terms on {topic.name.lower()}, in date order.{about}"),
        topic.get_absolute_url(),
    )


def of_comparison(title, sides, summary, topics, path, scope=""):
    """The compare page: `sides` each side's name and number of terms (“Russian memorandum (2 June 2025)”, or
    “Russia” in a date range, which `scope` then names: “from 1 June 2025 to 30 June 2025”), `summary` its
    comparison.Summary, `topics` how many topics it shows: “Term by term: Russian memorandum (2 June 2025), 14
    terms; Ukrainian memorandum (1 June 2025), 6 terms; on 9 topics, 11 opposed.”"""
    counts = "; ".join(f"{name}, {count} term{'s' if count != 1 else ''}" for name, count in sides)
    opposed = summary.relation_counts.get("opposed")
    tail = f", {opposed} opposed" if opposed else ""
    lead = f"Term by term{', ' + scope if scope else ''}"
    return Share(title, one_line(f"{lead}: {counts}; on {topics} topic{'s' if topics != 1 else ''}{tail}."), path)
