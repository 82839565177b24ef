"""A document brought in: an HTML page or a plain text in, its main text and what is known of its publication out,
with what was cut beside it so the curator can see it (issue 23).

HTML goes through trafilatura for the main text and the page's metadata (title, site name, date, author, address),
never fetching anything: the page given is all it reads. What was cut is what the page shows that the cleaned text
does not hold (menus, "Support us", Telegram lines, related headlines, the footer), found by comparing the page's
visible lines (lxml) with the text, and the few furniture lines trafilatura keeps inside an article are taken out
by FURNITURE, the same small rule plain texts are read with.

A plain text is kept whole: only its line endings are made "\n", so every quote in it stays as the source has it.
Its `cut` lists the lines FURNITURE finds there, LEFT IN the text for the curator to judge (a text is what the
curator pasted or captured; the lines are shown, not taken out). Its title is its first line that reads like one,
its date the first dateline near the top that parses ("Friday, 5 July 2024, 04:52"), else none: never a guess.

Pure: no ORM, no request, no network.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

import trafilatura
from lxml import etree, html

from negotiations.intake.typography import typography_key


class ExtractionError(ValueError):
    """The input is not a text or a page a main text can be read from; the message says why, for the curator."""


@dataclass(frozen=True)
class Extracted:
    text: str  # the main text: an HTML page's cleaned text, or a plain text as given (line endings made "\n")
    raw: str  # the input as given, kept beside the text
    cut: tuple[str, ...]  # page furniture: removed from an HTML page's text; in a plain text, shown and left in
    title: str  # "" when unknown, as every field below
    publisher: str  # the publisher's name as the page gives it (its site name), not yet matched to an actor
    published_on: datetime.date | None
    author: str
    url: str  # the page's own address as it declares it (canonical link, og:url), never fetched


# Lines that are page furniture wherever they stand, when short: an outlet's appeal, its channels, a reader's
# hint, a "read also" headline. Conservative on purpose: a line that reports what someone wrote on Telegram is
# text (“Zelensky wrote on Telegram:”), so a channel counts only after "follow", "subscribe" or "join".
FURNITURE = re.compile(
    r"^(support (us|up)\b"
    r"|.*\bbecome (a|our) patron\b"
    r"|(follow|subscribe to|join)\b.*\b(telegram|facebook|twitter|instagram|youtube|whatsapp|viber|newsletter)\b"
    r"|you can also highlight the text and press ctrl"
    r"|(read|see) (also|more)\b"
    r"|related (news|articles|stories)\W*$)",
    re.IGNORECASE,
)
FURNITURE_MAX_WORDS = 15


def is_furniture(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped.split()) <= FURNITURE_MAX_WORDS and bool(FURNITURE.match(stripped))


def extract(raw: str, *, is_html: bool) -> Extracted:
    """The main text of `raw`, an HTML page or a plain text, with its metadata and what was cut. Raises
    ExtractionError (a ValueError) for what holds no text: empty, binary, not HTML, a page with no main text."""
    refuse_unreadable(raw)
    return extract_html(raw) if is_html else extract_text(raw)


# Characters no text or page holds: NUL and the other C0 controls but tab, newline, carriage return, form feed.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
# A few stray ones (a pasted form feed, a replacement character) are tolerated; more is a binary file.
CONTROL_SHARE = 0.01


def refuse_unreadable(raw: str) -> None:
    if not raw.strip():
        raise ExtractionError("The document is empty.")
    controls = len(CONTROL.findall(raw))
    if "\x00" in raw or controls > CONTROL_SHARE * len(raw):
        raise ExtractionError("The document is not text: it holds binary data (is it a PDF, an image, a zip?).")


# --- Plain text --------------------------------------------------------------------------------------------


def extract_text(raw: str) -> Extracted:
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    cut = unique(line for line in lines if is_furniture(line))
    return Extracted(
        text=text,
        raw=raw,
        cut=cut,
        title=title_line(lines),
        publisher="",
        published_on=dateline_date(lines),
        author="",
        url="",
    )


# A title reads like one: a few words, not a paragraph, not a dateline, not furniture.
TITLE_WORDS = (4, 30)
TITLE_MAX_CHARACTERS = 300


def title_line(lines: list[str]) -> str:
    """The first substantial line, when it can be a title; "" when the text opens with a paragraph."""
    for line in lines:
        if not line or is_furniture(line) or dateline(line):
            continue
        words = len(line.split())
        if words < TITLE_WORDS[0]:
            continue
        return line if words <= TITLE_WORDS[1] and len(line) <= TITLE_MAX_CHARACTERS else ""
    return ""


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan", "janvier", "janv"),
            ("february", "feb", "février", "févr"),
            ("march", "mar", "mars"),
            ("april", "apr", "avril", "avr"),
            ("may", "mai"),
            ("june", "jun", "juin"),
            ("july", "jul", "juillet", "juil"),
            ("august", "aug", "août"),
            ("september", "sep", "sept", "septembre"),
            ("october", "oct", "octobre"),
            ("november", "nov", "novembre"),
            ("december", "dec", "décembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE_FORMS = [
    re.compile(r"\b(?P<day>\d{1,2}) " + _MONTH + r",? (?P<year>\d{4})\b", re.IGNORECASE),  # 5 July 2024
    re.compile(r"\b" + _MONTH + r" (?P<day>\d{1,2}),? (?P<year>\d{4})\b", re.IGNORECASE),  # Nov 1, 2024
    re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),  # 15.03.2025
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),  # 2025-06-02
]
# What else a dateline may hold: the weekday, the time, "at", a time zone; and digits and punctuation (a view
# counter, a separator). Any other word makes the line a sentence that mentions a date, not a dateline.
DATELINE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun lundi mardi "  # noqa: SIM905
    "mercredi jeudi vendredi samedi dimanche at à um utc gmt eet eest cet cest kyiv time".split()
)
DATELINE_MAX_CHARACTERS = 60
# A dateline stands near the top: a date further down is something the text reports.
DATELINE_WITHIN_LINES = 20


def dateline(line: str) -> datetime.date | None:
    """The date `line` gives when it is a dateline ("Friday, 5 July 2024, 04:52", "Nov 1, 2024 - 18:00",
    "3 juin 2025 à 07:23"), else None. A date that does not exist (31 June) is no date."""
    if len(line) > DATELINE_MAX_CHARACTERS:
        return None
    for form in DATE_FORMS:
        found = form.search(line)
        if found is None:
            continue
        rest = line[: found.start()] + " " + line[found.end() :]
        if any(word not in DATELINE_WORDS for word in re.findall(r"[^\W\d_]+", rest.lower())):
            return None
        month = found["month"]
        try:
            number = int(month) if month.isdigit() else MONTHS[month.lower()]
            return datetime.date(int(found["year"]), number, int(found["day"]))
        except ValueError:
            return None
    return None


def dateline_date(lines: list[str]) -> datetime.date | None:
    for line in [line for line in lines if line][:DATELINE_WITHIN_LINES]:
        if (found := dateline(line)) is not None:
            return found
    return None


def unique(lines: Iterable[str]) -> tuple[str, ...]:
    """Each line once, in the order first seen."""
    return tuple(dict.fromkeys(lines))


# --- HTML --------------------------------------------------------------------------------------------------

# A page holds at least one of these; a text with none of them was not saved from a browser.
LOOKS_LIKE_HTML = re.compile(
    r"<\s*(!doctype\s+html|html|head|body|article|main|div|p|section|h[1-6]|span|table|ul|ol|title|meta)\b",
    re.IGNORECASE,
)
# What a reader never sees: the head (its title is read as metadata), code, and what is not drawn.
HIDDEN = ("head", "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas")
# Elements that start a line of their own as a browser draws them.
BLOCKS = frozenset(
    "address article aside blockquote br caption dd details div dl dt fieldset figcaption figure footer "  # noqa: SIM905
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul".split()
)
# trafilatura writes a list item as "- item": the page shows the item.
BULLET = re.compile(r"^[-•*]\s+")
# A page's line shorter than this is kept only when it is a line of the text as a whole: a menu's "News" is not
# kept by the word "news" in a sentence.
PART_OF_LINE_MIN_CHARACTERS = 30


def extract_html(raw: str) -> Extracted:
    if not LOOKS_LIKE_HTML.search(raw):
        raise ExtractionError("The document is not HTML: it holds no page markup. Bring it in as plain text.")
    page = parse_page(raw)
    found = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_images=False,
        # Only the dates the page's markup gives: the extensive search takes a copyright line's year for a date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    # (A dict only when asked for one with as_dict.)
    lines = (found.text or "").split("\n") if found is not None and not isinstance(found, dict) else []
    kept = [line for line in lines if not is_furniture(BULLET.sub("", line))]
    text = "\n".join(kept).strip()
    if not text:
        raise ExtractionError("No main text could be read from this page: is it an article?")
    metadata = {name: (getattr(found, name, None) or "").strip() for name in ("title", "sitename", "author", "url")}
    read_as_metadata = {typography_key(metadata["title"]), typography_key(metadata["author"])}
    return Extracted(
        text=text,
        raw=raw,
        cut=lines_not_in(visible_lines(page), text, read_as_metadata),
        title=metadata["title"],
        publisher=metadata["sitename"],
        published_on=iso_date(getattr(found, "date", None)),
        author=metadata["author"],
        url=metadata["url"],
    )


def parse_page(raw: str) -> html.HtmlElement:
    try:
        # As bytes: lxml refuses a str that declares its encoding (an XHTML page's <?xml … encoding="utf-8"?>).
        return html.document_fromstring(raw.encode("utf-8"), parser=html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as error:
        raise ExtractionError(f"This page cannot be read as HTML ({error}).") from error


def visible_lines(page: html.HtmlElement) -> list[str]:
    """The lines a reader sees on the page, in order, whitespace collapsed: each block element starts a line."""
    etree.strip_elements(page, *HIDDEN, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    pieces: list[str] = []
    for event, element in etree.iterwalk(page, events=("start", "end")):
        block = element.tag in BLOCKS
        if event == "start":
            pieces.extend(["\n" if block else "", element.text or ""])
        else:
            pieces.extend(["\n" if block else "", element.tail or ""])
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return [line for line in lines if line]


def lines_not_in(page_lines: list[str], text: str, read_as_metadata: set[str]) -> tuple[str, ...]:
    """The page's lines the text does not hold (compared by typography_key), less those read as its title and
    author: what was cut, each once, in page order."""
    text_lines = {typography_key(BULLET.sub("", line)) for line in text.split("\n")}
    whole = typography_key(text)
    cut = []
    for line in page_lines:
        key = typography_key(line)
        if key in text_lines or key in read_as_metadata:
            continue
        if len(key) >= PART_OF_LINE_MIN_CHARACTERS and key in whole:
            continue
        cut.append(line)
    return unique(cut)


def iso_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
