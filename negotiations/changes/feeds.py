"""The Atom feed of every change to the record (django.contrib.syndication), through `@public_page` in urls.py
like every public page."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from negotiations.citing import history as changes
from negotiations.citing.citation import SITE
from negotiations.citing.history import FEED_ENTRIES, fields_html


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = f"{SITE}: changes to the record"
    subtitle = "Every correction and addition since the record was first published, newest first."

    def link(self):
        return reverse("changes")

    def items(self):
        return changes.describe(list(changes.all_entries()[:FEED_ENTRIES]))

    def item_title(self, entry):
        return f"{entry.type.capitalize()} · {entry.kind_label}: {entry.label}"

    def item_description(self, entry):
        return fields_html(entry) or f"{entry.kind_label} {entry.type}."

    def item_link(self, entry):
        return f"{reverse('changes')}?record={entry.record_param}#{entry.anchor}"

    def item_updateddate(self, entry):
        return entry.date

    def item_pubdate(self, entry):
        return entry.date
