"""The public record of changes, read from the records' history (django-simple-history).

Every save of a record writes a historical row; a change is the difference between a row and the version
before it (`diff_against`), over the public fields only, with the reason the curator gave for it
(`history_change_reason`, asked for as public in the admin). Never shown: who made it (`history_user`), or the
bookkeeping fields (the concurrency version, the copied dates and parties). The baseline written when the
curated records are loaded is the first published version, not a change.

Queries are bounded: one union over the eight history tables for the page, then per table at most two (the
page's rows, with their previous versions) and one per related table for the names that foreign keys point at.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, OuterRef, Q, Subquery, Value
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join

from negotiations.models import (
    BASELINE_REASON,
    PUBLIC_RECORDS,
    RECORD_KIND_LABELS,
    REDACTED,
    Actor,
    Demand,
    Redaction,
    Source,
    Statement,
    Topic,
)

# The public records, by the name a change's URL gives them (/changes/?record=demand-12).
MODELS = PUBLIC_RECORDS
KIND_LABELS = RECORD_KIND_LABELS
# Bookkeeping, not content: the concurrency version; a term's date, the places in date order (from the dates), a
# link's and the featured comparison's parties are copies. The featured comparison's note is the curators' own.
HIDDEN_FIELDS = {"id", "version"}
HIDDEN_PER_MODEL = {
    "statement": {"placed_on"},
    "demand": {"stated_on", "placed_on", "known_on", "speaker", "current_status"},
    "counterpart": {"demand_party", "answer_party"},
    "status": {"known_on"},
    "featured": {"left_side", "right_side", "note"},
}
# Beyond this, a before/after text is folded away (a source's whole article).
LONG_TEXT = 400
TYPE_WORDS = {"+": "added", "~": "changed", "-": "removed"}


def public_fields(kind):
    hidden = HIDDEN_FIELDS | HIDDEN_PER_MODEL.get(kind, set())
    return [f for f in MODELS[kind]._meta.concrete_fields if f.name not in hidden]


def excluded_fields(kind):
    """For `diff_against`: every field of the history row that is not public. A source's citations (kept in its
    history for the data versions, SOURCE_HISTORY) are left out too: comparing them reads two more rows a version,
    and the record of changes has never listed them."""
    historical = MODELS[kind].history.model
    public = {f.name for f in public_fields(kind)}
    hidden = [f.name for f in historical._meta.concrete_fields if f.name not in public]
    return hidden + [f.name for f in historical._history_m2m_fields]


@dataclass
class FieldChange:
    label: str
    before: str
    after: str

    @property
    def long(self):
        return len(self.before) > LONG_TEXT or len(self.after) > LONG_TEXT


@dataclass
class Entry:
    kind: str
    history_id: int
    record_id: int
    date: object
    type: str  # added, changed, removed
    label: str = ""
    url: str = ""
    fields: list = field(default_factory=list)
    redaction: Redaction | None = None  # when part of it was withdrawn: the entry says so, and when
    reason: str = ""  # the curator's, given in the admin as public

    @property
    def holds_redacted_text(self):
        texts = [self.label, self.reason, *(text for change in self.fields for text in (change.before, change.after))]
        return any(REDACTED in text for text in texts)

    @property
    def reason_label(self):
        return {"added": "Reason for the addition", "removed": "Reason for the removal"}.get(
            self.type, "Reason for the correction"
        )

    @property
    def redaction_notice(self):
        """What the public reads of a redaction: that it happened, when and why in general terms; never the text."""
        if self.redaction is None:
            return ""
        return f"Part of this entry was redacted on {self.redaction.redacted_at:%-d %B %Y}: {self.redaction.note}."

    @property
    def kind_label(self):
        return KIND_LABELS[self.kind]

    @property
    def anchor(self):
        return f"change-{self.kind}-{self.history_id}"

    @property
    def record_param(self):
        return f"{self.kind}-{self.record_id}"


def history_rows(kind):
    """One history table's rows that are changes, as the union's common columns."""
    # order_by(): the history tables' own order, which a part of a UNION may not carry.
    rows = MODELS[kind].history.exclude(history_change_reason=BASELINE_REASON).order_by()
    # Not "kind": Actor, Source and Statement have a field of that name.
    return rows.annotate(record_kind=Value(kind, output_field=CharField())).values(
        "record_kind", "history_id", "id", "history_date", "history_type"
    )


def all_entries(record=None):
    """Every change, newest first, as light rows (record_kind, history_id, id, date, type) to paginate; `record` is
    (kind, id) for one record's changes."""
    if record is not None:
        kind, pk = record
        rows = history_rows(kind).filter(id=pk)
        if kind == "demand":
            # A term's changes include those of its status, each recorded as a record of its own.
            rows = rows.union(history_rows("status").filter(demand_id=pk), all=True)
    else:
        first, *others = (history_rows(kind) for kind in MODELS)
        rows = first.union(*others, all=True)
    return rows.order_by("-history_date", "-history_id")


def previous_version(historical):
    """The history_id of the version just before each row (a correlated subquery)."""
    earlier = historical.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    return Subquery(earlier.order_by("-history_date", "-history_id").values("history_id")[:1])


def describe(light_rows):
    """Entries for the rows of one page: each with its record's label, link and the fields that changed.
    Rows whose public fields did not change (a save that changed nothing) are left out."""
    by_kind = {}
    for row in light_rows:
        by_kind.setdefault(row["record_kind"], []).append(row["history_id"])
    versions = {}
    for kind, ids in by_kind.items():
        historical = MODELS[kind].history.model
        rows = list(historical.objects.filter(history_id__in=ids).annotate(previous_id=previous_version(historical)))
        earlier = historical.objects.in_bulk([r.previous_id for r in rows if r.previous_id], field_name="history_id")
        for row in rows:
            versions[(kind, row.history_id)] = (row, earlier.get(row.previous_id))
    names = related_names(versions.values())
    entries = []
    for light in light_rows:
        kind = light["record_kind"]
        row, before = versions[(kind, light["history_id"])]
        entry = entry_of(kind, row, before, names)
        if entry is not None:
            entries.append(entry)
    mark_redactions(entries)
    return entries


def mark_redactions(entries):
    """Entries showing redacted text say when and why it was redacted (one query, only when one does)."""
    redacted = [entry for entry in entries if entry.holds_redacted_text]
    if redacted:
        redactions = Redaction.objects.of_records({(entry.kind, entry.record_id) for entry in redacted})
        for entry in redacted:
            entry.redaction = redactions.get((entry.kind, entry.record_id))


def entry_of(kind, row, before, names):
    entry = Entry(kind, row.history_id, row.id, row.history_date, TYPE_WORDS.get(row.history_type, "changed"))
    entry.label = label_of(kind, row, names)
    entry.reason = row.history_change_reason or ""
    # A removed record's address answers with its tombstone (records/views.py): what it was, and when it went.
    entry.url = url_of(kind, row, names)
    if entry.type == "changed":
        if before is None:
            return None  # no earlier version was recorded: there is nothing to compare it with
        delta = row.diff_against(before, excluded_fields=excluded_fields(kind))
        fields_by_name = {f.name: f for f in public_fields(kind)}
        entry.fields = [
            FieldChange(
                label=str(fields_by_name[change.field].verbose_name).capitalize(),
                before=shown(fields_by_name[change.field], change.old, names),
                after=shown(fields_by_name[change.field], change.new, names),
            )
            for change in delta.changes
            if change.field in fields_by_name
        ]
        if not entry.fields:
            return None
    return entry


def related_names(versions):
    """The names foreign keys point at, one query per related table."""
    wanted = {}
    for row, before in versions:
        for version in (row, before):
            if version is None:
                continue
            for f in version._meta.concrete_fields:
                if f.is_relation and f.name != "history_user" and getattr(version, f.attname) is not None:
                    wanted.setdefault(f.related_model, set()).add(getattr(version, f.attname))
    names = {}
    for model, ids in wanted.items():
        if model in (Topic, Actor):
            found = model.objects.filter(pk__in=ids).values_list("pk", "name")
        elif model is Source or model is Statement:
            found = model.objects.filter(pk__in=ids).values_list("pk", "title")
        elif model is Demand:
            found = []
            for pk, name, slug in model.objects.filter(pk__in=ids).values_list("pk", "paraphrase", "slug"):
                names[("demand-slug", pk)] = slug
                found.append((pk, name))
        else:
            continue
        names |= {(model, pk): name for pk, name in found}
    return names


def shown(model_field, value, names):
    if value is None or value == "":
        return "(empty)"
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"record {value} (since removed)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


LABEL_FIELDS = {"topic": "name", "actor": "name", "source": "title", "statement": "title", "demand": "paraphrase"}


def label_of(kind, row, names):
    if kind == "counterpart":
        first = names.get((Demand, row.demand_id), "a term")
        second = names.get((Demand, row.answer_id), "a term")
        return f"{first} ↔ {second}"
    if kind == "status":
        return f"{row.get_status_display()}: {names.get((Demand, row.demand_id), 'a term')}"
    if kind == "featured":
        first = names.get((Statement, row.left_id), "a statement")
        second = names.get((Statement, row.right_id), "a statement")
        return f"{first} and {second}"
    return getattr(row, LABEL_FIELDS[kind])


RECORD_PAGES = {
    "actor": "actor_detail",
    "source": "source_detail",
    "statement": "statement_detail",
    "demand": "demand_detail",
}


def url_of(kind, row, names):
    """The record's page (a term for a link between terms, the home page for its comparison; topics have no page
    of their own)."""
    if kind in ("counterpart", "status"):
        # A link's first term's page; a status change's term, at its status history.
        slug = names.get(("demand-slug", row.demand_id))
        anchor = "#status" if kind == "status" else ""
        return reverse("demand_detail", args=[slug]) + anchor if slug else ""
    if kind == "featured":
        return reverse("home")
    if kind not in RECORD_PAGES:
        return ""
    try:
        return reverse(RECORD_PAGES[kind], args=[row.id if kind == "statement" else row.slug])
    except NoReverseMatch:
        return ""


def corrections_of(kind, pk):
    """A record's corrections since it was first published, oldest first: its changed versions whose public
    fields differ from the version before. One query."""
    historical = MODELS[kind].history.model
    versions = list(historical.objects.filter(id=pk).order_by("history_date", "history_id"))
    excluded = excluded_fields(kind)
    return [
        row.history_date
        for before, row in zip(versions, versions[1:], strict=False)
        if row.history_type == "~" and row.diff_against(before, excluded_fields=excluded).changes
    ]


def changed_since(kind, pk, moment):
    """What a reader of the record as it stood at `moment` has not seen: the labels of its public fields that differ
    now, and when it was removed (None while it stands). Two queries."""
    rows = MODELS[kind].history.filter(id=pk).order_by("-history_date", "-history_id")
    now, then = rows.first(), rows.filter(history_date__lte=moment).first()
    if now is None or then is None:
        return [], None
    fields_by_name = {f.name: f for f in public_fields(kind)}
    delta = now.diff_against(then, excluded_fields=excluded_fields(kind))
    changed = [fields_by_name[change.field] for change in delta.changes if change.field in fields_by_name]
    labels = [str(model_field.verbose_name).capitalize() for model_field in changed]
    return labels, now.history_date if now.history_type == "-" else None


def removal_url(kind, row):
    """The entry of a record's removal on /changes/ (the first page of its own changes: the newest is first)."""
    entry = Entry(kind, row.history_id, row.id, row.history_date, TYPE_WORDS["-"])
    return f"{reverse('changes')}?record={entry.record_param}#{entry.anchor}"


def fields_html(entry):
    notice = format_html("<p>{}</p>", entry.redaction_notice) if entry.redaction else ""
    if entry.reason:
        notice = format_html("{}<p>{}: {}</p>", notice, entry.reason_label, entry.reason)
    if not entry.fields:
        return notice
    rows = format_html_join("", "<li>{}: “{}” → “{}”</li>", ((f.label, f.before, f.after) for f in entry.fields))
    return format_html("{}<ul>{}</ul>", notice, rows)


FEED_ENTRIES = 50
