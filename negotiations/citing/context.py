"""What every record page adds for a reader who cites it: the citation, its JSON-LD, and its corrections."""

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from negotiations.citing import citation, feeds
from negotiations.citing import history as changes


def corrections_context(kind, record, reading=None):
    """What _corrected.html needs: the record's corrections since first published (up to the version read, when it
    is a past one: citing/versions.Reading), and where they are listed."""
    corrections = changes.corrections_of(kind, record.pk)
    if reading is not None:
        corrections = [day for day in corrections if day <= reading.published_at]
    return {
        "corrections": corrections,
        "changes_url": f"{reverse('changes')}?record={kind}-{record.pk}",
        # The record's changes as a feed: its page announces it (base.html's head).
        "feeds": [feeds.changes_feed(kind, record)],
    }


def reading_context(kind, record, reading):
    """What _as_of.html needs to say which past version the page shows, and what changed in the record since."""
    if reading is None:
        return {"reading": None}
    fields, removed_at = changes.changed_since(kind, record.pk, reading.published_at)
    return {"reading": reading, "changed_since": listed(fields), "removed_at": removed_at}


def listed(labels):
    """“paraphrase, quote and locator”."""
    words = [label.lower() for label in labels]
    return " and ".join(part for part in (", ".join(words[:-1]), words[-1]) if part) if words else ""


def record_context(request, kind, record, cite, json_ld=None, reading=None, **cite_with):
    """`cite` is one of citation.of_*, called with `cite_with` (a statement's or term's `sources`); `json_ld` a dict
    (citation.quotation) or None; `reading` the past version the page shows (citing/versions.Reading), or None for
    the record as it is now."""
    version = reading.stamp if reading is not None else request.data_version
    return {
        "citation": cite(record, version, request.build_absolute_uri, timezone.localdate(), **cite_with),
        # ld_json escapes what could close the <script> element, so the text is safe inside it.
        "json_ld": mark_safe(citation.ld_json(json_ld)) if json_ld else "",  # noqa: S308
        **corrections_context(kind, record, reading),
        **reading_context(kind, record, reading),
    }
