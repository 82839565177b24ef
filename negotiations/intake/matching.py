"""Whether a document brought in is one the record holds already (issue 23): the Sources that match its capture
by address, by title and publisher (typography forgiven: intake/typography.py), or by their text holding its
cleaned text. The review page offers them, so that a curator quotes from the Source the record has rather than
making a second one with the same text."""

import re

from negotiations.intake.typography import typography_key
from negotiations.models import Source

MATCHES_SHOWN = 10
WORD = re.compile(r"\w+")


def sources_matching(intake, publisher):
    """The Sources matching `intake`'s capture, each with why, the address's matches first: [(source, why)].
    `publisher` is the actor the capture names (fetch.publisher_named), None when none is known."""
    found = {}
    if intake.url:
        for source in Source.objects.filter(url=intake.url).select_related("publisher"):
            found.setdefault(source, "the same address")
    title = typography_key(intake.title)
    if title and publisher is not None:
        for source in Source.objects.filter(publisher=publisher).select_related("publisher"):
            if typography_key(source.title) == title:
                found.setdefault(source, "the same title and publisher")
    for source in sources_holding(intake.body):
        found.setdefault(source, "its text holds this one")
    return list(found.items())[:MATCHES_SHOWN]


def sources_holding(text):
    """The Sources whose text holds `text`, typography forgiven. The database pre-selects those holding its
    longest word (no quote, dash or space in it to differ), so that few bodies are read."""
    key = typography_key(text)
    if not key:
        return []
    words = WORD.findall(text)
    candidates = Source.objects.exclude(body="").select_related("publisher")
    if words:
        candidates = candidates.filter(body__contains=max(words, key=len))
    return [source for source in candidates if key in typography_key(source.body)]
