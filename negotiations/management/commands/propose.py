"""`manage.py propose FILE`: the positions a document proposes, as the admin's review queue shows them (issue 23).

Reads an .html page or a .txt text (or --html / --text), extracts its main text (intake/extraction.py), and prints
the candidates (intake/fetch.py): a JSON list with --json, else one block per candidate. Writes nothing and uses
no network.
"""

import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from negotiations.intake import extraction, fetch
from negotiations.intake.proposals import Document

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


class Command(BaseCommand):
    help = "Print the positions a document (an .html page or a .txt text) proposes, with counterparts. No network."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The document: an .html or .htm page, or a .txt text (UTF-8).")
        parser.add_argument("--title", help="The document's title (else the page's, or the text's first line).")
        parser.add_argument("--publisher", help="Who published it: an actor's name, alias or slug.")
        parser.add_argument("--date", help="Its publication date, YYYY-MM-DD (else the page's or the dateline's).")
        kind = parser.add_mutually_exclusive_group()
        kind.add_argument("--html", action="store_true", help="Read it as an HTML page, whatever its name.")
        kind.add_argument("--text", action="store_true", help="Read it as plain text, whatever its name.")
        parser.add_argument("--json", action="store_true", help="Print the candidates as a JSON list.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        is_html = options["html"] or (not options["text"] and path.suffix.lower() in HTML_SUFFIXES)
        published_on = parse_date(options["date"])
        try:
            extracted = extraction.extract(read_text(path), is_html=is_html)
        except extraction.ExtractionError as error:
            raise CommandError(f"{path}: {error}") from error
        inputs = fetch.proposer_inputs()
        document = Document(
            text=extracted.text,
            title=options["title"] or extracted.title,
            publisher=self.publisher(options["publisher"] or extracted.publisher, inputs[0]),
            published_on=published_on or extracted.published_on,
        )
        found = fetch.candidates(document, inputs)
        if options["json"]:
            rows = [fetch.candidate_as_json(candidate) for candidate in found]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(readable(found))

    def publisher(self, name, actors):
        """The slug of the actor named as publisher; None, said on stderr, when no actor is named so."""
        if not name:
            self.stderr.write("No publisher given or found in the document: proposing without one.")
            return None
        slug = fetch.actor_named(name, actors)
        if slug is None:
            self.stderr.write(f"The publisher “{name}” is no actor in the record: proposing without one.")
        return slug


def read_text(path):
    try:
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file.") from error
    except OSError as error:
        raise CommandError(f"{path}: cannot be read ({error.strerror}).") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text (byte {error.start} cannot be read). Save it as UTF-8.") from error


def parse_date(value):
    if not value:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date {value!r}: not a date; give it as YYYY-MM-DD (2025-06-02).") from error
    if day > timezone.localdate():
        raise CommandError(f"--date {value}: in the future; a publication date is a day already past.")
    return day


def readable(found):
    """One block per candidate: where and what, who and when, topic and stance, then counterparts and record."""
    if not found:
        return "No positions proposed."
    blocks = []
    for number, candidate in enumerate(found, start=1):
        row = fetch.candidate_as_json(candidate)
        lines = [
            f"{number}. [{row['locator']}] {row['quote']}",
            f"   {row['speaker'] or '?'} for {row['party'] or '?'}, reported by {row['reported_by'] or '?'}"
            + (f" citing {row['cited']}" if row["cited"] else ""),
            f"   {row['stated_on'] or 'undated'} ({row['date_precision']}, {row['date_basis']}) · "
            f"{row['topic'] or '?'} · {row['stance'] or '?'} · {row['wording']} words",
        ]
        if row["recorded"]:
            lines.append(f"   already recorded: {row['recorded']['label']} ({row['recorded']['url']})")
        lines += [
            f"   ↔ {hint['slug']} ({hint['party']}, {hint['score']}): {hint['quote']}" for hint in row["counterparts"]
        ]
        blocks.append("\n".join(lines))
    rule = f"Counterparts (↔), most alike first. {fetch.RELATION_RULE}"
    return "\n\n".join([*blocks, rule])
