"""How well the proposer (negotiations/intake/proposals.py) finds the curated terms in the five curated articles
(issue 23): recall, precision, and for the terms it finds, how often speaker, party, topic, stance and date basis
agree with the record; and how long it takes on a 10,000-character article. Writes
bench/results/<date>-intake.md (`make bench-intake`).

The proposer sees what a fresh database holding only the curated topics and actors would give it: the topics
and actors are read from fixtures/ceasefire.json into ActorInfo and TopicInfo (no database; no statement or
term reaches the proposer). Each of the six Sources with a body (the five captures; the fifth holds two
articles) is proposed from, with its publisher and date as the curated Source gives them.

Definitions. Quotes are compared after typographic normalisation (curly and straight quotes and apostrophes,
dashes, runs of whitespace and non-breaking spaces made one). A curated term is RECALLED when its quote lies
within a candidate's quote; the candidate it is compared with is the shortest such (an item of a listing
sentence before the sentence). PRECISION is the share of candidates that contain a curated term's quote (and,
reported beside it, a curated term's or statement's quote).
"""

import datetime
import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from negotiations.intake.proposals import ActorInfo, Document, Proposal, TopicInfo, propose  # noqa: E402

FIXTURES = ROOT / "fixtures" / "ceasefire.json"
RESULTS = ROOT / "bench" / "results"
FIELDS = ("speaker", "party", "topic", "stance", "date_basis")
TYPOGRAPHY = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\xa0": " "})


def normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(TYPOGRAPHY)).strip()


@dataclass(frozen=True)
class Term:
    slug: str
    quote: str
    expected: dict[str, str | None]  # FIELDS -> the curated value


def records(kind: str) -> list[dict]:
    return [r for r in json.loads(FIXTURES.read_text(encoding="utf-8")) if r["model"] == f"negotiations.{kind}"]


def proposer_inputs() -> tuple[list[ActorInfo], list[TopicInfo]]:
    """The curated actors and topics as the proposer reads them: nothing else of the record."""
    actors = [
        ActorInfo(
            slug=f["slug"],
            name=f["name"],
            aliases=tuple(a.strip() for a in f["aliases"].split(",") if a.strip()),
            kind=f["kind"],
            side=f["side"],
            parent=f["parent"][0] if f["parent"] else None,
        )
        for f in (r["fields"] for r in records("actor"))
    ]
    topics = [
        TopicInfo(f["slug"], f["name"], tuple(k.strip() for k in f.get("keywords", "").split(",") if k.strip()))
        for f in (r["fields"] for r in records("topic"))
    ]
    return actors, topics


def documents() -> list[tuple[str, Document]]:
    """The Sources that hold an article's text, each as a Document with its curated publisher and date."""
    found = []
    for fields in (r["fields"] for r in records("source")):
        if fields["body"]:
            published = datetime.date.fromisoformat(fields["published_on"]) if fields["published_on"] else None
            found.append((fields["slug"], Document(fields["body"], fields["title"], fields["publisher"][0], published)))
    return found


def curated_terms(source: str) -> tuple[list[Term], list[str]]:
    """The curated terms voiced by statements of `source`, and every curated quote there (terms and statements)."""
    statements = {r["fields"]["slug"]: r["fields"] for r in records("statement")}
    terms = []
    for fields in (r["fields"] for r in records("demand")):
        statement = statements[fields["statement"][0]]
        if statement["source"][0] != source:
            continue
        expected = {
            "speaker": statement["actor"][0],
            "party": fields["party"][0],
            "topic": fields["topic"][0],
            "stance": fields["stance"],
            "date_basis": statement["date_basis"],
        }
        terms.append(Term(fields["slug"], fields["quote"], expected))
    quotes = [term.quote for term in terms] + [s["quote"] for s in statements.values() if s["source"][0] == source]
    return terms, quotes


def match(term: Term, candidates: list[Proposal]) -> Proposal | None:
    """The shortest candidate whose quote holds the term's, after typographic normalisation."""
    holding = [c for c in candidates if normalised(term.quote) in normalised(c.quote)]
    return min(holding, key=lambda c: len(c.quote)) if holding else None


@dataclass
class Tally:
    terms: int = 0
    recalled: int = 0
    candidates: int = 0
    holding_term: int = 0
    holding_any: int = 0

    def __post_init__(self) -> None:
        self.agree = dict.fromkeys(FIELDS, 0)
        self.misses: list[str] = []
        self.disagreements: list[str] = []


def measure_source(slug: str, document: Document, actors, topics, tally: Tally) -> Tally:
    candidates = propose(document, actors, topics)
    terms, quotes = curated_terms(slug)
    tally.candidates += len(candidates)
    for candidate in candidates:
        text = normalised(candidate.quote)
        tally.holding_term += any(normalised(term.quote) in text for term in terms)
        tally.holding_any += any(normalised(quote) in text for quote in quotes)
    for term in terms:
        tally.terms += 1
        found = match(term, candidates)
        if found is None:
            tally.misses.append(f"{term.slug}: “{term.quote}”")
            continue
        tally.recalled += 1
        for name in FIELDS:
            proposed = getattr(found, name)
            tally.agree[name] += proposed == term.expected[name]
            if proposed != term.expected[name]:
                tally.disagreements.append(f"{term.slug} {name}: proposed {proposed}, curated {term.expected[name]}")
    return tally


def measure() -> Tally:
    """The whole measurement over the curated articles (tests assert on it)."""
    actors, topics = proposer_inputs()
    tally = Tally()
    for slug, document in documents():
        measure_source(slug, document, actors, topics, tally)
    return tally


def timing(runs: int = 7) -> tuple[float, int]:
    """Median seconds to propose from a 10,000-character article (the curated bodies end to end, cut there)."""
    actors, topics = proposer_inputs()
    bodies = [document.text for _, document in documents()]
    text = "\n".join(bodies * 3)[:10_000]
    document = Document(text, "", "euromaidan-press", datetime.date(2025, 6, 3))
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        found = propose(document, actors, topics)
        seconds.append(time.perf_counter() - began)
    return statistics.median(seconds), len(found)


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def report(tally: Tally, seconds: float, timed_candidates: int) -> str:
    lines = [
        f"# Intake: the proposer against the curated articles ({datetime.date.today():%d %B %Y})",
        "",
        "`make bench-intake` (bench/intake_recall.py; its docstring defines each figure). Inputs: the curated "
        "topics (with their keywords) and actors from fixtures/ceasefire.json, no statement or term; the six "
        "curated Sources with a body, each with its curated publisher and date.",
        "",
        f"- Curated terms recalled (quote within a candidate's): {share(tally.recalled, tally.terms)} (goal ≥ 90%)",
        f"- Candidates proposed: {tally.candidates}; precision, holding a curated term's quote: "
        f"{share(tally.holding_term, tally.candidates)}; holding a curated term's or statement's quote: "
        f"{share(tally.holding_any, tally.candidates)}",
        "- Agreement with the curated record, of the recalled terms:",
    ]
    goals = {"party": " (goal ≥ 95%)", "topic": " (goal ≥ 75%)"}
    lines += [f"  - {name}: {share(tally.agree[name], tally.recalled)}{goals.get(name, '')}" for name in FIELDS]
    lines += [
        f"- Time to propose from a 10,000-character article: median {seconds * 1000:.1f} ms of 7 runs "
        f"({timed_candidates} candidates)",
        "",
        "## Terms not recalled",
        "",
        *(f"- {miss}" for miss in tally.misses or ["none"]),
        "",
        "## Disagreements on recalled terms",
        "",
        *(f"- {line}" for line in tally.disagreements or ["none"]),
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    tally = measure()
    seconds, timed_candidates = timing()
    text = report(tally, seconds, timed_candidates)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.date.today():%Y-%m-%d}-intake.md"
    path.write_text(text, encoding="utf-8")
    print(text)
    print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
