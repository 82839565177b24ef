"""The record as it stood at a published data version, read back from the records' history (django-simple-history).

A data version is the whole record as it stood when it was published (PublishedVersion, logged by every
DataVersion.advance): each record as its latest history row written by then says, unless that row says it was
removed. A source's history rows also keep what it cited then (SOURCE_HISTORY), so reporting chains read back too.

What it cannot know, it does not guess: a version issued before the log was kept is refused (`Reading.of`), and a
record with no history at all (made in bulk without one) is not in any version; every way the project makes records
writes one (loaddata's baseline, seed_synthetic, migration 0019 for what was there before). Two curators' saves
committing at the same instant may be read into the earlier of the two versions they published: a version is
told by time, and a save is dated when it is made, not when it commits.

Queries are bounded: one per model read (a window over the history rows written by the version's moment), never
one per record.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from negotiations.dates import placement
from negotiations.models import Actor, Demand, PublishedVersion, Source, Statement, Topic, VersionStamp

# Why a version cannot be read: (HTTP status, what to say).
FUTURE = 404
UNLOGGED = 410


class NotReadable(Exception):
    """A version that is not, or no longer can be, read back: `status` and a `message` saying why."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Reading:
    """A past data version to read the record at."""

    version: int
    published_at: datetime.datetime

    @property
    def stamp(self):
        return VersionStamp(self.version, self.published_at)

    @classmethod
    def of(cls, number, current):
        """The Reading of version `number`, or None when it is the `current` one (a VersionStamp): the record as it
        is now. NotReadable when it was never published, or was but cannot be rebuilt."""
        if number == current.version:
            return None
        if number < 1 or number > current.version:
            raise NotReadable(FUTURE, f"There is no data version {number}: the current one is {current.version}.")
        logged = PublishedVersion.objects.filter(version=number).first()
        if logged is None:
            raise NotReadable(
                UNLOGGED,
                f"Data version {number} was issued before this site kept a log of its published versions (or was "
                "lost when the record was restored from an older backup), so it cannot be rebuilt exactly; it is not "
                f"guessed at. Versions {first_logged_version() or current.version} to {current.version} can be "
                "read back; /changes/ lists every change.",
            )
        return cls(logged.version, logged.published_at)


def first_logged_version():
    return PublishedVersion.objects.order_by("version").values_list("version", flat=True).first()


def version_at(moment):
    """The last version published before `moment` (a record's removal), or None."""
    return PublishedVersion.objects.filter(published_at__lt=moment).order_by("-published_at", "-version").first()


# --- History rows as of a moment ------------------------------------------------------------------------------


def latest_rows(model, moment, ids=None):
    """Each record's latest history row written by `moment` (one query; removed records' rows included, with
    history_type "-"): `ids`, a list or a subquery of record ids, narrows it."""
    rows = model.history.model.objects.filter(history_date__lte=moment)
    if ids is not None:
        rows = rows.filter(id__in=ids)
    newest_first = [F("history_date").desc(), F("history_id").desc()]
    return rows.annotate(newest=Window(RowNumber(), partition_by=F("id"), order_by=newest_first)).filter(newest=1)


def values_at(model, moment, names, ids=None):
    """{id: (value of each of `names`)} of the records as they stood at `moment`: attribute names of the model's
    fields (`party_id`, `slug`), read from the history rows in one query."""
    rows = latest_rows(model, moment, ids).values_list("id", "history_type", *names)
    return {pk: values for pk, kind, *values in rows.iterator(chunk_size=2000) if kind != "-"}


def citations_at(moment, sources=None):
    """(citing source id, cited source id) as they stood at `moment`: what each source's version then cited,
    among the sources that stood then (a cited source's removal drops its citations without a version of the
    citing one). `sources`: the ids standing then, when the caller has read them."""
    latest = latest_rows(Source, moment).values("history_id")
    if sources is None:
        sources = values_at(Source, moment, ())
    historical = Source.history.model.cites.model
    pairs = historical.objects.filter(history__in=latest).values_list("from_source_id", "to_source_id")
    return sorted({(a, b) for a, b in pairs if a in sources and b in sources})


# --- Records as of a moment, for the record pages ------------------------------------------------------------


def instance_of(row):
    """A model instance (never saved) holding a history row's values."""
    return row.instance


@dataclass
class Snapshot:
    """The record at one moment, read model by model as a page asks for it, and kept: `get` a model's records by
    id (one query per call for those not read yet), `where` the records whose version then matches a field."""

    moment: datetime.datetime
    known: dict = field(default_factory=dict)

    def get(self, model, ids):
        wanted = {pk for pk in ids if pk is not None and (model, pk) not in self.known}
        if wanted:
            found = {row.id: row for row in latest_rows(model, self.moment, wanted)}
            for pk in wanted:
                row = found.get(pk)
                self.known[(model, pk)] = instance_of(row) if row is not None and row.history_type != "-" else None
        return {pk: self.known[(model, pk)] for pk in ids if pk is not None and self.known.get((model, pk))}

    def one(self, model, pk):
        return self.get(model, [pk]).get(pk)

    def where(self, model, **condition):
        """The records whose version at the moment has `condition` (one field, a value or `__in` a list): those
        whose history ever had it are read as of the moment, and kept if they still do."""
        (name, value), *_ = condition.items()
        ever = model.history.model.objects.filter(history_date__lte=self.moment, **condition).values("id")
        field_name, _, lookup = name.partition("__")
        test = (lambda v: v in value) if lookup == "in" else (lambda v: v == value)
        records = self.get(model, set(ever.values_list("id", flat=True)))
        return sorted((r for r in records.values() if test(getattr(r, field_name))), key=lambda r: r.pk)

    def link(self, records, *names):
        """Give each record its related records (`party`, `statement`…) as they stood: one query per model."""
        if not records:
            return records
        models = {name: records[0]._meta.get_field(name).related_model for name in names}
        for model in set(models.values()):
            self.get(model, {getattr(r, f"{name}_id") for r in records for name in names if models[name] is model})
        for record in records:
            for name, model in models.items():
                target = self.known.get((model, getattr(record, f"{name}_id")))
                if target is not None:
                    setattr(record, name, target)
        return records

    def cites(self, source_ids):
        """{source id: [the sources it cited then]}."""
        historical = Source.history.model.cites.model
        versions = latest_rows(Source, self.moment, list(source_ids)).values("history_id")
        pairs = list(historical.objects.filter(history__in=versions).values_list("from_source_id", "to_source_id"))
        cited = self.get(Source, {b for _, b in pairs})
        graph = {pk: [] for pk in source_ids}
        for a, b in sorted(pairs, key=lambda pair: pair[1]):
            if b in cited:
                graph[a].append(cited[b])
        return graph

    def cited_by(self, source_id):
        """The sources that cited it then."""
        historical = Source.history.model.cites.model
        ever = historical.objects.filter(to_source_id=source_id, history__history_date__lte=self.moment)
        citing = self.cites(set(ever.values_list("from_source_id", flat=True)))
        return [self.known[(Source, pk)] for pk, cited in citing.items() if any(s.pk == source_id for s in cited)]


def statement_at(snapshot, statement):
    """The statement with its speaker, reporter and sources (with their publishers) as they stood; its place in
    date order recomputed from them (a source's corrected date moves it without a version of it)."""
    snapshot.link([statement], "actor", "reported_by", "source", "cited_source")
    sources = [s for s in (statement.source, statement.cited_source) if s is not None]
    snapshot.link(sources, "publisher")
    statement.placed_on = placement(statement.stated_on, statement.source.published_on)
    return statement


def demand_at(snapshot, demand):
    snapshot.link([demand], "party", "topic", "statement")
    statement_at(snapshot, demand.statement)
    return demand


MODELS_BY_KIND = {"actor": Actor, "source": Source, "statement": Statement, "demand": Demand, "topic": Topic}


def last_version_of(model, **lookup):
    """The latest history row of the record that a lookup (`slug=…`) last named, or None: a removed record's
    tombstone, or a renamed one's new address."""
    named = model.history.model.objects.filter(**lookup).order_by("-history_date", "-history_id").first()
    if named is None:
        return None
    return model.history.model.objects.filter(id=named.id).order_by("-history_date", "-history_id").first()
