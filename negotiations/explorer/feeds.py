"""The Atom feed of the new and changed terms that match an explorer filter (django.contrib.syndication). It goes
through `@public_page` like every public page: the query string parsed once by the explorer's own DemandFilter,
cached by data version."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.html import format_html

from negotiations.citing import history as changes
from negotiations.citing import wording
from negotiations.citing.citation import SITE
from negotiations.citing.feeds import SiteFeed
from negotiations.citing.history import FEED_ENTRIES, fields_html
from negotiations.models import Demand, StatusChange


@dataclass(frozen=True)
class Filtered:
    query: object  # the DemandFilter
    state: object  # its canonical query string, without the page
    absolute: object  # request.build_absolute_uri: an Atom entry's id is an absolute IRI


class DemandsFeed(SiteFeed):
    """The terms the explorer shows for the same query string, latest change first: a term is an entry again
    each time it changes, and each recorded change of its status is an entry too."""

    subtitle = "New and changed terms matching a filter of the demands explorer, and the changes of their status."

    def get_object(self, request, query):
        """The feed's filter: the explorer's query (its page number aside, which a feed has no use for)."""
        query.data_version = request.data_version.version
        if not query.is_valid():
            messages = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in query.errors.items())
            raise BadRequest(f"Cannot make this feed: {messages}")
        state = query.form.state.copy()  # the page's view state, which the feed leaves as it is
        state.pop("page", None)
        return Filtered(query, state, request.build_absolute_uri)

    def title(self, filtered):
        return filtered.query.in_words().title(SITE)

    def link(self, filtered):
        return f"{reverse('demand_list')}?{filtered.state.urlencode()}" if filtered.state else reverse("demand_list")

    def feed_url(self, filtered):
        return f"{reverse('demand_feed')}?{filtered.state.urlencode()}" if filtered.state else reverse("demand_feed")

    def items(self, filtered):
        """The new and changed terms, and the recorded changes of their status, latest first."""
        entries = [*self.term_entries(filtered), *self.status_entries(filtered)]
        return sorted(entries, key=lambda entry: (entry.updated, entry.published, entry.guid), reverse=True)[
            :FEED_ENTRIES
        ]

    def term_entries(self, filtered):
        demands = list(
            # The statement's speaker and source's publisher: whose words each quote is.
            filtered.query.qs.select_related("party", "topic", "statement__actor", "statement__source__publisher")
            .defer("statement__source__body")
            .annotate(**last_version(Demand))
            .exclude(last_change=None)
            .order_by("-last_change", "-pk")[:FEED_ENTRIES]
        )
        rows = [{"record_kind": "demand", "history_id": demand.last_history_id} for demand in demands]
        described = {entry.history_id: entry for entry in changes.describe(rows)}
        return [term_entry(demand, described.get(demand.last_history_id), filtered.absolute) for demand in demands]

    def status_entries(self, filtered):
        """Each recorded change of a matching term's status (known by `as_of` when the query has one), an entry of
        its own: dated when the change was recorded or last corrected, as a term's entry is, so that a reader sees
        it when it is new; the day it happened is in its text."""
        records = (
            StatusChange.objects.known_by(filtered.query.as_of)
            .filter(demand__in=filtered.query.qs.order_by().values("pk"))
            .select_related("demand__party", "evidence__actor", "evidence__source__publisher", "superseded_by")
            .defer("evidence__source__body")
            .annotate(**last_version(StatusChange))
            .exclude(last_change=None)
            .order_by("-last_change", "-pk")[:FEED_ENTRIES]
        )
        return [status_entry(change, filtered.absolute) for change in records]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item.updated

    def item_pubdate(self, item):
        return item.published


@dataclass(frozen=True)
class Entry:
    """One entry of the feed, a term's or a status change's, as the feed writes it."""

    title: str
    description: str
    link: str
    guid: str  # absolute, and new for each version of the record, so that a feed reader shows a change again
    published: datetime.datetime  # when the record was first published in the dashboard (its first version)
    updated: datetime.datetime  # when it was last written (its latest version): a correction's date


def last_version(model):
    """When a record was last written (its latest history row) and that row's id, and when it was first published
    (its first history row: for the curated records, the fixture load that published them), as annotations."""
    rows = model.history.model.objects.filter(id=OuterRef("pk"))
    latest = rows.order_by("-history_date", "-history_id")
    return {
        "last_change": Subquery(latest.values("history_date")[:1]),
        "last_history_id": Subquery(latest.values("history_id")[:1]),
        "first_published": Subquery(rows.order_by("history_date", "history_id").values("history_date")[:1]),
    }


def term_entry(demand, entry, absolute):
    """A term, titled by what it is (“Russia: Neutrality of Ukraine.”), and “Corrected · …” once a curator changed
    it: its paraphrase, whose words its quote is (wording.py), and what changed. Published when it was first
    published, updated when last corrected: on the day the record is launched every term is an entry of that day,
    which a feed reader lists once; a correction is a new entry (its id names the version) with the same
    publication date."""
    corrected = entry is not None and entry.type == "changed"
    words = wording.whose_words(demand.wording, demand.statement)
    quote = format_html(
        "<p>{} · {} · {}</p><p>{}:</p><blockquote>{}</blockquote>",
        demand.party.name,
        demand.topic.name,
        demand.get_stance_display(),
        words.label,
        demand.quote,
    )
    return Entry(
        title=f"{'Corrected · ' if corrected else ''}{demand.party.name}: {demand.paraphrase}",
        description=format_html("{}{}", quote, fields_html(entry) if entry is not None else ""),
        link=demand.get_absolute_url(),
        guid=absolute(f"{demand.get_absolute_url()}#version-{demand.last_history_id}"),
        published=demand.first_published,
        updated=demand.last_change,
    )


def status_entry(change, absolute):
    """A change of a term's status: the status, the day its evidence gives (with its precision), the evidence's
    words with whose they are, and, for a superseded term, the term that replaces it."""
    demand, evidence = change.demand, change.evidence
    words = wording.whose_words(evidence.wording, evidence)
    replaced = (
        format_html(
            '<p>Replaced by: <a href="{}">{}</a></p>',
            absolute(change.superseded_by.get_absolute_url()),
            change.superseded_by.paraphrase,
        )
        if change.superseded_by is not None
        else ""
    )
    description = format_html(
        '<p>{} · {} · {} · evidence: <a href="{}">{}</a></p><p>{}:</p><blockquote>{}</blockquote>{}{}',
        demand.party.name,
        change.get_status_display(),
        evidence.date_display,
        absolute(evidence.get_absolute_url()),
        evidence.title,
        words.label,
        change.quote,
        replaced,
        format_html("<p>{}</p>", change.note) if change.note else "",
    )
    return Entry(
        title=f"{change.get_status_display()} · {demand.party.name}: {demand.paraphrase}",
        description=description,
        link=demand.get_absolute_url(),
        guid=absolute(f"{demand.get_absolute_url()}#status-{change.pk}-version-{change.last_history_id}"),
        published=change.first_published,
        updated=change.last_change,
    )
