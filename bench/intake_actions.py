"""How many curator actions reproduce the Russian memorandum's curated terms (issue 23, "Measured"): through the
intake queue, against today's admin. Computed from the code and the data, nothing hard-coded: the admin's own
form classes say which fields there are and what they start as; the real intake path (the admin's bring-in,
extraction, `tasks.propose`, the queue's CandidateForm and source form) says what the queue proposes. Writes
bench/results/2026-12-05-intake-actions.md; run `DEBUG=1 .venv/bin/python bench/intake_actions.py`.

The curated terms are the Demands of the Statement titled "Russian memorandum" in fixtures/ceasefire.json
(fixtures/build.py: slug russian-memorandum-2025-06-02; its terms are the fourteen `ru-memo-*`). The database is a
temporary SQLite file: migrated, the whole curated fixture loaded, then that statement, its terms and their
counterpart links deleted. The rest of the record stays, so that the terms the memorandum's terms answer (the
Ukrainian memorandum's) exist to be linked in either path, as they would for a curator adding the memorandum.

What counts as an action: opening a page, pasting a text or a file, setting one field (typing, choosing in a
menu or an autocomplete, ticking a box), and pressing a button (save, submit, "Add another", Merge). A field
the curated record leaves at the form's initial value (its model default, or what the queue proposes) costs
nothing. Not counted in either path: slugs (the form derives one from the title or paraphrase; the curated
`ru-memo-*` naming is a convention, not content), the hidden concurrency fields and the optional change reason;
a term's position costs nothing where the terms are made in the curated order (the admin orders a statement's
terms by position then by entry; merging numbers them in text order), and one follow-up each where they are not.
"""

import datetime
import os
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = Path(tempfile.mkdtemp(prefix="intake-actions-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'db.sqlite3'}"  # never the project's database
os.environ["TASKS_BACKEND"] = "django.tasks.backends.dummy.DummyBackend"  # proposing is run below, in process
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Model, Q  # noqa: E402
from django.forms.models import model_to_dict  # noqa: E402
from django.test import RequestFactory  # noqa: E402

from negotiations.intake import tasks  # noqa: E402
from negotiations.intake.admin import SOURCE_FIELDS  # noqa: E402
from negotiations.intake.forms import BringInForm, CandidateForm  # noqa: E402
from negotiations.intake.typography import find_verbatim, typography_key  # noqa: E402
from negotiations.models import Counterpart, Demand, FeaturedComparison, Intake, Source, Statement  # noqa: E402

ARTICLE = ROOT / "fixtures" / "articles" / "004_aa088b757c5ea7de.txt"
RESULT = ROOT / "bench" / "results" / "2026-12-05-intake-actions.md"
MEMORANDUM = "Russian memorandum"  # the curated statement's title (fixtures/build.py)
NOT_COUNTED = {"slug", "position", "version", "original", "change_reason"}
# The candidate's fields that become the statement (review.statement_data), by the statement's field name.
STATEMENT_FROM_LEAD = {
    "actor": "speaker",
    "reported_by": "reported_by",
    "kind": "kind",
    "title": "title",
    "summary": "summary",
    "stated_on": "stated_on",
    "date_precision": "date_precision",
    "date_basis": "date_basis",
    "date_note": "date_note",
}
TERM_FIELDS = ("party", "topic", "stance", "paraphrase", "wording", "locator")  # review.save_demand's


@dataclass
class Curated:
    source: dict
    statement: dict
    terms: list[dict]
    links: dict[str, list[dict]]  # term pk -> its counterpart links (the term as `demand`)


@dataclass
class Path_:
    """One path's actions: by kind, and by term (statement-wide actions under "statement" or "source")."""

    kinds: Counter = field(default_factory=Counter)
    by_term: dict[str, Counter] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)  # the fields the queue's corrections touch
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, count: int = 1, where: str = "statement") -> None:
        if count:
            self.kinds[kind] += count
            self.by_term.setdefault(where, Counter())[kind] += count

    def corrected(self, where: str, names: list[str]) -> None:
        self.changed.setdefault(where, []).extend(names)

    @property
    def total(self) -> int:
        return sum(self.kinds.values())


def plain(value) -> str:
    """A field's value as compared: a record as its key, a list as its sorted keys, nothing as ""."""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, list | tuple | set):
        return ",".join(sorted(plain(v) for v in value))
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return "" if value is None else str(value)


def values_of(record: Model) -> dict:
    return {name: plain(value) for name, value in model_to_dict(record).items()}


def prepare_database() -> tuple[Curated, object]:
    """The temporary database with the record minus the memorandum's statement and terms; what they were."""
    call_command("migrate", verbosity=0)
    call_command("loaddata", str(ROOT / "fixtures" / "ceasefire.json"), verbosity=0)
    statement = Statement.objects.select_related("source").get(title=MEMORANDUM)
    terms = list(statement.demands.order_by("position", "pk"))
    links = {str(t.pk): [values_of(link) for link in Counterpart.objects.filter(demand=t)] for t in terms}
    curated = Curated(values_of(statement.source), values_of(statement), [values_of(t) for t in terms], links)
    Counterpart.objects.filter(Q(demand__in=terms) | Q(answer__in=terms)).delete()
    Demand.objects.filter(pk__in=[t.pk for t in terms]).delete()
    FeaturedComparison.objects.filter(Q(left=statement) | Q(right=statement)).delete()
    statement.delete()
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("bench", "bench@example.org", "unused-password")
    return curated, request


def admin_form(model, request):
    return admin.site.get_model_admin(model).get_form(request)()


def inline_form(parent_model, request):
    """The empty row of the parent's admin inline (DemandInline on Statement, CounterpartInline on Demand)."""
    inline = admin.site.get_model_admin(parent_model).get_inline_instances(request)[0]
    return inline.get_formset(request)(instance=parent_model()).empty_form


def fields_to_set(form, curated: dict, only=None) -> list[str]:
    """The visible fields of `form` whose curated value differs from the value the form starts with."""
    names = [n for n, f in form.fields.items() if not f.widget.is_hidden and n not in NOT_COUNTED]
    names = [n for n in names if only is None or n in only]
    return [n for n in names if n in curated and curated[n] != plain(form[n].value())]


def admin_term(path: Path_, request, curated: Curated, term: dict) -> None:
    """One term typed into the statement's Demand inline: "Add another Demand", then each field."""
    path.add("add another row", 1, term["slug"])
    path.add("field set", len(fields_to_set(inline_form(Statement, request), term)), term["slug"])


def admin_links(path: Path_, request, links: list[dict], where: str, kind: str = "") -> None:
    """Links typed on the term's change page (CounterpartInline): open it, a row and its fields each, save.
    `kind` prefixes the actions' kinds ("follow-up " when the queue could not make them)."""
    if not links:
        return
    path.add(f"{kind}page opened", 1, where)
    for link in links:
        path.add(f"{kind}add another row", 1, where)
        path.add(f"{kind}field set", len(fields_to_set(inline_form(Demand, request), link)), where)
    path.add(f"{kind}save", 1, where)


def admin_path(curated: Curated, request) -> Path_:
    """Today's admin: the Source's add form, the Statement's with its terms inline, then each term's links."""
    path = Path_()
    path.add("page opened", 1, "source")
    path.add("field set", len(fields_to_set(admin_form(Source, request), curated.source)), "source")
    path.add("save", 1, "source")
    path.add("page opened")
    path.add("field set", len(fields_to_set(admin_form(Statement, request), curated.statement)))
    for term in curated.terms:
        admin_term(path, request, curated, term)
    path.add("save")
    for term in curated.terms:
        admin_links(path, request, curated.links[term["id"]], term["slug"])
    return path


def bring_in(path: Path_, request) -> Intake:
    """The admin's "Bring in a document": open it, paste the article, submit; proposing runs as the task would."""
    raw = ARTICLE.read_text(encoding="utf-8")
    path.add("page opened", 1, "source")
    path.add("paste", 1, "source")
    path.add("submit", 1, "source")
    form = BringInForm(data={"text": raw})
    assert form.is_valid(), form.errors
    intake = admin.site.get_model_admin(Intake).bring_in(request, form)
    assert intake is not None, form.errors
    tasks.propose(intake)
    return intake


def confirm_source(path: Path_, request, intake: Intake, curated: Curated) -> None:
    """The queue's source form, prefilled from the extraction: each field it has wrong is corrected, then saved;
    what the curated Source holds beyond that form is set afterwards on the Source's change page."""
    form = admin.site.get_model_admin(Intake).source_form(request, intake)
    correct(path, "source", fields_to_set(form, curated.source))
    path.add("save", 1, "source")
    path.notes.append(
        f"The extraction read the title “{intake.title}”, the publisher “{intake.publisher_name}” and the date "
        f"{intake.published_on}; the queue's source form offered: "
        + ", ".join(f"{name} = {plain(form[name].value()) or '(empty)'}" for name in SOURCE_FIELDS if name != "slug")
        + "."
    )
    later = [n for n in fields_to_set(admin_form(Source, request), curated.source) if n not in SOURCE_FIELDS]
    later = [n for n in later if n != "body" or curated.source["body"] != intake.body]
    follow_up(path, "source", later, "Source")


def follow_up(path: Path_, where: str, names: list[str], what: str) -> None:
    """Fields the queue has no place for, set on the record's admin change page: open, each field, save."""
    if names:
        path.add("follow-up page opened", 1, where)
        path.add("follow-up field set", len(names), where)
        path.add("follow-up save", 1, where)
        path.notes.append(f"{what} fields set afterwards in the admin: {', '.join(names)}.")


def holding(term: dict, forms: list[CandidateForm], used: set[int]) -> CandidateForm | None:
    """The shortest candidate not yet used whose quote holds the term's, typography forgiven."""
    key = typography_key(term["quote"])
    found = [f for f in forms if f.instance.pk not in used and key in typography_key(f.instance.quote)]
    return min(found, key=lambda f: len(f.instance.quote)) if found else None


def term_corrections(form: CandidateForm, term: dict) -> list[str]:
    """The candidate's fields the curator changes to make it the curated term."""
    names = [] if typography_key(form["quote"].value()) == typography_key(term["quote"]) else ["quote"]
    return names + [name for name in TERM_FIELDS if plain(form[name].value()) != term[name]]


def lead_corrections(form: CandidateForm, statement: dict) -> list[str]:
    """The first chosen candidate's fields make the statement (review.merge): the wrong ones, corrected."""
    return [name for name, mine in STATEMENT_FROM_LEAD.items() if plain(form[mine].value()) != statement[name]]


CORRECTION_KIND = {"quote": "quote trimmed", "paraphrase": "paraphrase rewritten", "summary": "summary rewritten"}


def correct(path: Path_, where: str, names: list[str]) -> None:
    for name in names:
        path.add(CORRECTION_KIND.get(name, "correction"), 1, where)
    path.corrected(where, names)


def queue_link(path: Path_, request, form: CandidateForm, links: list[dict], slug: str) -> list[dict]:
    """Each ranked counterpart has its own row in the queue (relation and note): every curated link whose answer
    is among them is made there, one action per field it sets; the links it cannot make (answers not ranked)."""
    offered = {hint["demand_id"] for hint in form.instance.counterparts}
    made = [link for link in links if int(link["answer"]) in offered]
    for link in made:
        path.add("field set", sum(link[name] != "" for name in ("relation", "note")), slug)
    return [link for link in links if link not in made]


def review_terms(path: Path_, request, curated: Curated, forms: list[CandidateForm]) -> list[tuple]:
    """Each curated term against its candidate: corrections, its link, a tick to merge; (term, form) pairs."""
    used, chosen, rows = set(), [], []
    for term in curated.terms:
        form = holding(term, forms, used)
        if form is None:
            rows.append((term, None))
            continue
        used.add(form.instance.pk)
        chosen.append(form)
        rows.append((term, form))
        correct(path, term["slug"], term_corrections(form, term))
        path.add("tick to merge", 1, term["slug"])
        unlinked = queue_link(path, request, form, curated.links[term["id"]], term["slug"])
        admin_links(path, request, unlinked, term["slug"], "follow-up ")
    if chosen:
        lead = min(chosen, key=lambda f: f.instance.start)
        correct(path, "statement", lead_corrections(lead, curated.statement))
        path.add("merge click" if len(chosen) > 1 else "accept click")
    return rows


def statement_follow_up(path: Path_, curated: Curated, rows: list[tuple], body: str) -> None:
    """What merging cannot give the statement: its quote is the passage from the first term's to the last's,
    its cited source and its own wording (the lead term's) are not in the queue's form."""
    spans = [find_verbatim(term["quote"], body) for term, form in rows if form is not None]
    spans = [span for span in spans if span is not None]
    passage = body[min(s for s, _ in spans) : max(e for _, e in spans)] if spans else ""
    names = [] if typography_key(passage) == typography_key(curated.statement["quote"]) else ["quote"]
    names += ["cited_source"] if curated.statement["cited_source"] else []
    lead = next((term for term, form in sorted(rows, key=start_of) if form is not None), None)
    if lead is not None and lead["wording"] != curated.statement["wording"]:
        names.append("wording")
    follow_up(path, "statement", names, "Statement")


def start_of(row: tuple) -> int:
    return row[1].instance.start if row[1] is not None else sys.maxsize


def unmatched_terms(path: Path_, request, curated: Curated, rows: list[tuple]) -> None:
    """Terms no candidate holds: typed in the statement's admin page, as today, and their links after."""
    missing = [term for term, form in rows if form is None]
    if missing:
        path.add("page opened")
        for term in missing:
            admin_term(path, request, curated, term)
        path.add("save")
        for term in missing:
            admin_links(path, request, curated.links[term["id"]], term["slug"])
    merged = [term["slug"] for term, form in sorted(rows, key=start_of) if form is not None]
    curated_order = [term["slug"] for term in curated.terms if term["slug"] in merged]
    for slug, curated_slug in zip(merged, curated_order, strict=True):
        if slug != curated_slug:
            follow_up(path, slug, ["position"], f"Term {slug}")


def queue_path(curated: Curated, request) -> tuple[Path_, list[tuple], int]:
    """The intake queue: bring in, confirm the source, review the candidates, merge; what follows in the admin."""
    path = Path_()
    intake = bring_in(path, request)
    confirm_source(path, request, intake, curated)
    candidates = list(intake.candidates.in_text_order())
    forms = [CandidateForm(instance=c, prefix=f"c{c.pk}") for c in candidates]
    rows = review_terms(path, request, curated, forms)
    statement_follow_up(path, curated, rows, intake.body)
    unmatched_terms(path, request, curated, rows)
    return path, rows, len(candidates)


def kinds_table(admin_side: Path_, queue_side: Path_) -> list[str]:
    kinds = sorted(set(admin_side.kinds) | set(queue_side.kinds))
    lines = ["| Action | Today's admin | Intake queue |", "|---|---:|---:|"]
    lines += [f"| {kind} | {admin_side.kinds[kind]} | {queue_side.kinds[kind]} |" for kind in kinds]
    return lines + [f"| **Total** | **{admin_side.total}** | **{queue_side.total}** |"]


def described(counts: Counter) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counts.items())) or "none"


def terms_table(admin_side: Path_, queue_side: Path_, rows: list[tuple]) -> list[str]:
    lines = [
        "| Term | Candidate (locator) | Admin | Queue | Queue's actions | Fields the queue corrects |",
        "|---|---|---:|---:|---|---|",
    ]
    places = ["source", "statement"] + [term["slug"] for term, _ in rows]
    found = {term["slug"]: (form.instance.locator or "?") if form else "none" for term, form in rows}
    for where in places:
        mine, theirs = admin_side.by_term.get(where, Counter()), queue_side.by_term.get(where, Counter())
        label = found.get(where, "—")
        changed = ", ".join(queue_side.changed.get(where, [])) or "none"
        lines.append(f"| {where} | {label} | {mine.total()} | {theirs.total()} | {described(theirs)} | {changed} |")
    return lines


def report(curated: Curated, admin_side: Path_, queue_side: Path_, rows: list[tuple], proposed: int) -> str:
    recalled = sum(form is not None for _, form in rows)
    without_source = [side.total - side.by_term.get("source", Counter()).total() for side in (admin_side, queue_side)]
    lines = [
        f"# Intake: curator actions to reproduce the Russian memorandum ({datetime.date.today():%d %B %Y})",
        "",
        "`DEBUG=1 .venv/bin/python bench/intake_actions.py`; its docstring defines an action and the database.",
        "",
        f"- Curated terms: {len(curated.terms)} (the Demands of the statement “{MEMORANDUM}”), with "
        f"{sum(map(len, curated.links.values()))} counterpart links; article {ARTICLE.name}.",
        f"- Candidates proposed by the real path: {proposed}; curated terms held by one: {recalled}/{len(rows)}.",
        f"- **Today's admin: {admin_side.total} actions; the intake queue: {queue_side.total}** "
        f"(without the source: {without_source[0]} and {without_source[1]}).",
        "",
        "## Actions by kind",
        "",
        *kinds_table(admin_side, queue_side),
        "",
        "## By term",
        "",
        "“source” and “statement” hold the actions made once for the document and for the statement.",
        "",
        *terms_table(admin_side, queue_side, rows),
        "",
        "## Notes",
        "",
        *[f"- {note}" for note in queue_side.notes],
        "",
        "## What counts as an action",
        "",
        " ".join(line.strip() for line in __doc__.split("What counts as an action: ")[1].split("\n")),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    curated, request = prepare_database()
    admin_side = admin_path(curated, request)
    queue_side, rows, proposed = queue_path(curated, request)
    RESULT.write_text(report(curated, admin_side, queue_side, rows, proposed), encoding="utf-8")
    shutil.rmtree(WORKDIR, ignore_errors=True)
    print(f"Today's admin: {admin_side.total} actions; intake queue: {queue_side.total} actions ({RESULT.name})")


if __name__ == "__main__":
    main()
