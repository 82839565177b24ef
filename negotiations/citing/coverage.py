"""What the record covers, said on the home page and on /about/: the articles held and the span of their dates, how
many publications the record draws on, and when it was last changed. Computed once per data version."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q

from negotiations.citing import history as changes
from negotiations.models import Source
from negotiations.web import caching

# How far back the newest change is looked for: /changes/ rows whose public fields did not change (a save that
# changed nothing) are not changes; past this many such rows in a row, the answer is "none found".
LOOKED_AT = 100
BATCH = 25


@dataclass(frozen=True)
class Coverage:
    held: int  # articles whose text is held
    sources: int  # every publication, held or known from the articles that cite it
    first: datetime.date | None  # the held articles' earliest and latest dates
    last: datetime.date | None

    @property
    def cited(self):
        """The publications known only from the articles that cite them."""
        return self.sources - self.held


def newest_change():
    """The date of the newest entry of the record of changes (changes.describe), a batch at a time."""
    rows = changes.all_entries()
    for start in range(0, LOOKED_AT, BATCH):
        batch = list(rows[start : start + BATCH])
        entries = changes.describe(batch)
        if entries:
            return entries[0].date
        if len(batch) < BATCH:
            break
    return None


def compute():
    held = Q(body__gt="")
    found = Source.objects.aggregate(
        held=Count("pk", filter=held),
        sources=Count("pk"),
        first=Min("published_on", filter=held),
        last=Max("published_on", filter=held),
    )
    return Coverage(**found)


def of(version):
    """The Coverage at a data version (a VersionStamp): one aggregate, once per version."""
    return caching.per_version("coverage", version.version, compute)


def last_change(version):
    """When the record last changed, as /changes/ lists it (None before any change): once per version."""
    return caching.per_version("last-change", version.version, newest_change)
