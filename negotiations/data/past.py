"""The data package as it stood at a past data version, rebuilt from the records' history (citing/versions.py).

Driven by the tables' own definitions (datapackage.TABLES): each column's path is read from the history, a
foreign key's (`party__slug`) through the related records as they stood then, so a column added to a table
comes along. The files are those the version's package served when it was current: the same columns, values
and order (Table.ordered), the same CSV writer. Queries: one per model a table reads, whatever its rows.
"""

import io
import json
import zipfile

from negotiations.citing import versions
from negotiations.data import datapackage
from negotiations.models import Actor, Source

# What the descriptor's list of sources reads (datapackage.held_sources).
HELD = {Source: {"slug", "title", "publisher_id", "url", "published_on", "body"}, Actor: {"name"}}


def paths_of(table):
    return [column.past or column.lookup or column.name for column in table.columns]


class Tables:
    """Some of one version's tables: each model they read is read once, with every field any of them needs."""

    def __init__(self, moment, tables, *, held=False):
        self.moment = moment
        self.read = {}
        needed = {model: set(names) for model, names in HELD.items()} if held else {}
        for table in tables:
            for path in paths_of(table):
                self.plan(table.model, path, needed)
        self.load(needed)

    def plan(self, model, path, needed):
        """Which fields of which models the path reads: {model: {attname}}."""
        first, _, rest = path.partition("__")
        if first == "pk":
            return
        field = model._meta.get_field(first)
        needed.setdefault(model, set()).add(field.attname)
        if rest:
            self.plan(field.related_model, rest, needed)

    def load(self, needed):
        for model, names in needed.items():
            if model is not Source.cites.through:
                names = sorted(names)
                found = versions.values_at(model, self.moment, names)
                self.read[model] = {pk: dict(zip(names, values, strict=True)) for pk, values in found.items()}

    def getter(self, model, path):
        """A function (id, record) -> the value at `path`: the path is read once, not once per cell (at 100,000
        terms, reading it per cell was most of the table's time)."""
        first, _, rest = path.partition("__")
        if first == "pk":
            return lambda pk, record: pk
        field = model._meta.get_field(first)
        name = field.attname
        if not rest:
            return lambda pk, record: record.get(name)
        related, inner = self.read[field.related_model], self.getter(field.related_model, rest)

        def follow(pk, record):
            value = record.get(name)
            target = None if value is None else related.get(value)
            return None if target is None else inner(value, target)

        return follow

    def records(self, table):
        """{id: {attname: value}} of the table's model as it stood: the citations are pairs of sources."""
        if table.model is Source.cites.through:
            pairs = versions.citations_at(self.moment, self.read.get(Source))
            return {n: {"from_source_id": a, "to_source_id": b} for n, (a, b) in enumerate(pairs)}
        return self.read[table.model]

    def rows(self, table):
        getters = [self.getter(table.model, path) for path in paths_of(table)]
        return [tuple(get(pk, record) for get in getters) for pk, record in self.records(table).items()]

    def csv_text(self, table):
        return "".join(datapackage.csv_lines(table, table.ordered(self.rows(table))))

    def held_sources(self):
        """As datapackage.held_sources: the articles whose text was held then, by date (undated last) and slug."""
        held = sorted(
            (source for source in self.read[Source].values() if source["body"]),
            key=lambda source: (source["published_on"] is None, source["published_on"] or "", source["slug"]),
        )
        publishers = self.read[Actor]
        return [
            (source["title"], publishers.get(source["publisher_id"], {}).get("name", ""), source["url"])
            for source in held
        ]


def table_text(reading, table):
    """One table's CSV text at the version."""
    return Tables(reading.published_at, [table]).csv_text(table)


def package(reading):
    """The version's descriptor and every table's CSV text, by their paths in the package."""
    tables = Tables(reading.published_at, datapackage.TABLES, held=True)
    files = {"datapackage.json": datapackage.descriptor(reading.stamp, tables.held_sources())}
    for table in datapackage.TABLES:
        files[datapackage.path_of(table.name, reading.version)] = tables.csv_text(table)
    return files


def zipped(files, version):
    """The package as one zip: `datapackage.json` and the tables at the paths it names. Each entry is dated at the
    version's publication, so a version's zip is the same bytes whenever it is made."""
    moment = version.changed_at.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            if name.endswith(".json"):
                content = json.dumps(content, ensure_ascii=False, indent=1) + "\n"
            archive.writestr(zipfile.ZipInfo(name, date_time=moment), content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
