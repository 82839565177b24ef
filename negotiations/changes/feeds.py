"""The Atom feed of every change to the record, or of one record's (`?record=demand-12`, as /changes/ reads it),
through `@public_page` in views.py like every public page."""

from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.urls import reverse

from negotiations.citing import history as changes
from negotiations.citing.citation import SITE
from negotiations.citing.feeds import SiteFeed, changes_title
from negotiations.citing.history import FEED_ENTRIES, KIND_LABELS, fields_html


@dataclass(frozen=True)
class Changes:
    record: tuple | None  # (kind, id), or None for every record
    entries: list
    absolute: object  # request.build_absolute_uri


def record_param(record):
    return f"{record[0]}-{record[1]}" if record else ""


def title_of(record, entries):
    """Every record's changes, or a record's, named by its latest label (its entries are newest first)."""
    if record is None:
        return changes_title()
    kind, pk = record
    label = next((entry.label for entry in entries if entry.kind == kind and entry.label), None)
    return changes_title(kind, label) if label else f"{SITE}: changes to {KIND_LABELS[kind].lower()} {pk}"


class ChangesFeed(SiteFeed):
    subtitle = "Every correction and addition since the record was first published, newest first."

    def get_object(self, request, query):
        if not query.is_valid():
            raise BadRequest(f"Cannot make this feed: {' '.join(query.errors.get('record', []))}")
        record = query.cleaned_data["record"]
        entries = changes.describe(list(changes.all_entries(record)[:FEED_ENTRIES]))
        return Changes(record, entries, request.build_absolute_uri)

    def title(self, obj):
        return title_of(obj.record, obj.entries)

    def link(self, obj):
        return f"{reverse('changes')}?record={record_param(obj.record)}" if obj.record else reverse("changes")

    def feed_url(self, obj):
        return f"{reverse('changes_feed')}?record={record_param(obj.record)}" if obj.record else reverse("changes_feed")

    def items(self, obj):
        return obj.entries

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
