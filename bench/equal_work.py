"""Issue 25's equal work: the cold explorer against Datasette, one process each, on the same three view states.

Datasette gets the terms as a data journalist would give them to it: one table (`demand`) with the four facet
columns spelled out (party, topic, stance and the speaker, the actor who made the term's statement), the indexes
its queries need, and an FTS5 table over the paraphrase and the quote for `_search`. Each state is asked of both
with the same facets (party, topic, stance, speaker), 50 rows, newest first; and of the bare view
(bench/ceilings.py `minimal`: the same 50 rows and nothing else), for the ceiling of the query alone.

This module builds Datasette's file, names the URLs and renders the table; bench.py runs the servers and wrk.
"""

import csv
import io
import json
import sqlite3
import subprocess
import urllib.parse
import urllib.request

# The explorer's `q` also searches the party's, speaker's and reporter's names and the sources' titles and
# publishers; Datasette's `_search` reads the two text columns. The word is in one synthetic object in 17
# ("an international tribunal"): about 6% of the terms, in the paraphrase and the quote alike.
SEARCH_WORD = "tribunal"
PARTY_SLUG, TOPIC_SLUG = "russia", "territory"
FACETS = ("party", "topic", "stance", "speaker")
DATASETTE_SETTINGS = {
    "suggest_facets": "off",  # the default table page spends most of its time suggesting facets
    "facet_time_limit_ms": "10000",  # no facet skipped: each one is counted, as the explorer counts each
    "sql_time_limit_ms": "10000",
    "default_page_size": "50",
}

EXPORT_QUERY = (
    "SELECT d.id, d.slug, p.name AS party, t.name AS topic, d.stance, speaker.name AS speaker, d.stated_on,"
    " d.paraphrase, d.quote FROM negotiations_demand d"
    " JOIN negotiations_actor p ON p.id = d.party_id JOIN negotiations_topic t ON t.id = d.topic_id"
    " JOIN negotiations_statement s ON s.id = d.statement_id JOIN negotiations_actor speaker ON speaker.id = s.actor_id"
    " ORDER BY d.id"
)
TABLE = (
    "CREATE TABLE demand (id INTEGER PRIMARY KEY, slug TEXT, party TEXT, topic TEXT, stance TEXT, speaker TEXT,"
    " stated_on TEXT, paraphrase TEXT, quote TEXT)"
)
# Fair to Datasette: each facet column on its own (the two-filter state's equality tests), and two covering
# indexes, so that its count and its four facet counts read an index alone, within the date range or within
# the party and topic, as the explorer's own facet index (demand_facet_cells_idx) lets it.
INDEXES = (
    "CREATE INDEX demand_stated_on ON demand (stated_on)",
    *(f"CREATE INDEX demand_{column} ON demand ({column})" for column in FACETS),
    "CREATE INDEX demand_range_facets ON demand (stated_on, party, topic, stance, speaker)",
    "CREATE INDEX demand_party_topic_facets ON demand (party, topic, stated_on, stance, speaker)",
)
# Datasette's own kind of full-text table (what `sqlite-utils enable-fts` makes), with the porter stemmer that
# the explorer's SQLite index uses, so that both find a word on its stem.
FTS = (
    "CREATE VIRTUAL TABLE demand_fts USING fts5(paraphrase, quote, content='demand', content_rowid='id',"
    " tokenize='porter unicode61')",
    "INSERT INTO demand_fts (demand_fts) VALUES ('rebuild')",
)


def exported_rows(database, source):
    """The terms as Datasette's rows, from PostgreSQL (`source`: the database's name) or SQLite (its path)."""
    if database == "postgresql":
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", source, "-c",
             f"COPY ({EXPORT_QUERY}) TO STDOUT WITH CSV"],
            check=True, capture_output=True,
        ).stdout.decode()  # fmt: skip
        # CSV has no NULL: an undated term's empty date is one.
        return [[*row[:6], row[6] or None, *row[7:]] for row in csv.reader(io.StringIO(out))]
    with sqlite3.connect(source) as db:
        return db.execute(EXPORT_QUERY).fetchall()


def build_datasette_file(rows, target, metadata):
    """Datasette's database (`target`) and its metadata file, which names the FTS table for `_search`."""
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as db:
        db.execute(TABLE)
        db.executemany("INSERT INTO demand VALUES (?,?,?,?,?,?,?,?,?)", rows)
        for statement in (*INDEXES, *FTS):
            db.execute(statement)
        db.execute("ANALYZE")
    tables = {"demand": {"fts_table": "demand_fts", "fts_pk": "id"}}
    metadata.write_text(json.dumps({"databases": {target.stem: {"tables": tables}}}))


def datasette_command(executable, path, metadata, port):
    settings = [part for name, value in DATASETTE_SETTINGS.items() for part in ("--setting", name, value)]
    # Immutable (-i): the file is published read-only, as a data journalist would serve it; Datasette then
    # skips its checks for changes to the file.
    return [str(executable), "serve", "-i", str(path), "-m", str(metadata), "-p", str(port), *settings]


def states(party_name, topic_name):
    """Each state: (label, the explorer's query, Datasette's); the bare view takes the explorer's."""
    return [
        ("date range 2025-01-01..2025-06-30", "from=2025-01-01&to=2025-06-30",
         "stated_on__gte=2025-01-01&stated_on__lte=2025-06-30"),
        (f"search word `{SEARCH_WORD}`", f"q={SEARCH_WORD}", f"_search={SEARCH_WORD}"),
        (f"party + topic ({PARTY_SLUG}, {TOPIC_SLUG})", f"party={PARTY_SLUG}&topic={TOPIC_SLUG}",
         urllib.parse.urlencode({"party": party_name, "topic": topic_name})),
    ]  # fmt: skip


def datasette_url(base, query, *, json_format=False):
    facets = "&".join(f"_facet={name}" for name in FACETS)
    return f"{base}/datasette/demand{'.json' if json_format else ''}?{query}&{facets}&_sort_desc=stated_on"


def check_datasette(base, query):
    """Datasette's own account of one state (its JSON): how many rows it counted, whether each facet was counted
    and none timed out. A line for the results file; a facet missing or timed out makes the comparison unequal,
    and the line says so."""
    with urllib.request.urlopen(datasette_url(base, query, json_format=True), timeout=120) as response:
        answer = json.load(response)
    counted = sorted(answer.get("facet_results", {}))
    timed_out = answer.get("facets_timed_out", [])
    equal = counted == sorted(FACETS) and not timed_out and len(answer.get("rows", [])) > 0
    return (
        f"{answer.get('filtered_table_rows_count')} rows, facets counted: {', '.join(counted) or 'none'};"
        f" timed out: {', '.join(timed_out) or 'none'}{'' if equal else ' — NOT EQUAL WORK'}"
    )


def render(figures, states, checks, target):
    """`figures`: {(state label, side): [wrk's figures, one per repeat]}, side "ours", "Datasette" or "bare";
    `checks`: Datasette's account of each state; `target` is bench.py's row format. Ratios per repeat; the
    target is read on their mean."""
    lines = [
        "| state | ours req/s | Datasette req/s | bare req/s | ours/Datasette | ours/bare | p50 ms (ours, Datasette,"
        " bare) | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdicts = ["", "| target (issue 25) | measured | goal | verdict |", "|---|---:|---:|---|"]
    for label, _, _ in states:
        ours, datasette, bare = (figures[label, side] for side in ("ours", "Datasette", "bare"))
        against_datasette = [o["rps"] / d["rps"] for o, d in zip(ours, datasette, strict=True)]
        against_bare = [o["rps"] / b["rps"] for o, b in zip(ours, bare, strict=True)]
        p50 = ", ".join(" / ".join(f"{run['p50']:.0f}" for run in side) for side in (ours, datasette, bare))
        errors = sum(run["errors"] for side in (ours, datasette, bare) for run in side)
        lines.append(
            f"| {label} | {spread(ours, 'rps')} | {spread(datasette, 'rps')} | {spread(bare, 'rps')} |"
            f" {' / '.join(f'{ratio:.2f}×' for ratio in against_datasette)} |"
            f" {' / '.join(f'{ratio:.2f}×' for ratio in against_bare)} | {p50} | {errors} |"
        )
        verdicts.append(target(f"{label}: ours / Datasette", sum(against_datasette) / len(ours), 1.5))
    accounts = ["", "Datasette's own account of each state (its JSON, once):", ""]
    accounts += [f"- {label}: {check}" for (label, _, _), check in zip(states, checks, strict=True)]
    return "\n".join(lines + verdicts + accounts)


def spread(runs, key):
    return " / ".join(f"{run[key]:.1f}" for run in runs)
