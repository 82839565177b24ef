"""The Atom feed of the new and changed terms that match an explorer filter (django.contrib.syndication). It goes
through `@public_page` like every public page: the query string parsed once by the explorer's own DemandFilter,
cached by data version."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from negotiations.citing import history as changes
from negotiations.citing import wording
from negotiations.citing.citation import SITE
from negotiations.citing.history import FEED_ENTRIES, fields_html
from negotiations.models import Demand


@dataclass(frozen=True)
class Filtered:
    query: object  # the DemandFilter
    state: object  # its canonical query string, without the page
    absolute: object  # request.build_absolute_uri: an Atom entry's id is an absolute IRI


class DemandsFeed(Feed):
    """The terms the explorer shows for the same query string, latest change first: a term is an entry again
    each time it changes."""

    feed_type = Atom1Feed
    subtitle = "New and changed terms matching a filter of the demands explorer."

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
        described = filtered.query.form.date_range.describe()
        return f"{SITE}: terms{' ' + described if described else ''}{' (filtered)' if filtered.state else ''}"

    def link(self, filtered):
        return f"{reverse('demand_list')}?{filtered.state.urlencode()}" if filtered.state else reverse("demand_list")

    def feed_url(self, filtered):
        return f"{reverse('demand_feed')}?{filtered.state.urlencode()}" if filtered.state else reverse("demand_feed")

    def items(self, filtered):
        historical = Demand.history.model
        latest = historical.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
        demands = list(
            # The statement's speaker and source's publisher: whose words each quote is.
            filtered.query.qs.select_related("party", "topic", "statement__actor", "statement__source__publisher")
            .defer("statement__source__body")
            .annotate(
                last_change=Subquery(latest.values("history_date")[:1]),
                last_history_id=Subquery(latest.values("history_id")[:1]),
            )
            .exclude(last_change=None)
            .order_by("-last_change", "-pk")[:FEED_ENTRIES]
        )
        rows = [{"record_kind": "demand", "history_id": demand.last_history_id} for demand in demands]
        described = {entry.history_id: entry for entry in changes.describe(rows)}
        # A new entry id for each version, so that a feed reader shows a changed term again.
        return [
            (
                demand,
                described.get(demand.last_history_id),
                filtered.absolute(f"{demand.get_absolute_url()}#version-{demand.last_history_id}"),
            )
            for demand in demands
        ]

    def item_title(self, item):
        demand, entry, _ = item
        what = "Changed" if entry is not None and entry.type == "changed" else "New"
        return f"{what} term · {demand.party.name}: {demand.paraphrase}"

    def item_description(self, item):
        demand, entry, _ = item
        # Whose words the quote is, as the term's page says it (wording.py).
        words = wording.whose_words(demand.wording, demand.statement)
        quote = format_html(
            "<p>{} · {} · {}</p><p>{}:</p><blockquote>{}</blockquote>",
            demand.party.name,
            demand.topic.name,
            demand.get_stance_display(),
            words.label,
            demand.quote,
        )
        return format_html("{}{}", quote, fields_html(entry) if entry is not None else "")

    def item_link(self, item):
        return item[0].get_absolute_url()

    def item_guid(self, item):
        return item[2]

    item_guid_is_permalink = False

    def item_updateddate(self, item):
        return item[0].last_change

    def item_pubdate(self, item):
        return item[0].last_change
