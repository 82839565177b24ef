"""A text cut into paragraphs, sentences and list items, each an offset pair into the text as the source has it
(curly quotes, non-breaking spaces and dashes untouched), so that a quote is always `text[start:end]`.

Pure. The captured articles hold one paragraph per line, so a line break ends a paragraph (and a sentence).
"""

import re
from dataclasses import dataclass

# Words whose full stop ends no sentence (“Mr. Zelenskyy”, “Gen. Syrskyi”, “Jan. 5”).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "maj",
        "prof",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "approx",
        "dept",
        "gov",
        "sen",
        "rep",
        "pres",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "e.g",
        "i.e",
    ]
)
# Initials and dotted acronyms: “U.S.”, “U.K.”, “J.”.
INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
# A full stop, question or exclamation mark, with any closing quotation marks or brackets after it.
TERMINAL = re.compile(r"[.!?]+[\"”’)\]]*")
# What may open a sentence after the terminal: a capital, a digit or an opening quotation mark.
OPENS_SENTENCE = re.compile(r"\s+[\"“‘(\[]?[A-Z0-9]")
BULLET = re.compile(r"[•·▪◦‣*\-–—]\s+")
# A list item's separators inside a sentence: commas, semicolons and spaced dashes.
ITEM_SEPARATOR = re.compile(r",\s+|;\s+|\s+[—–]\s+")
LEADING_CONJUNCTION = re.compile(r"(?:and|or)\s+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def paragraphs(text: str) -> list[Span]:
    """Each non-blank line, without its surrounding whitespace or a leading bullet."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        bullet = BULLET.match(text, start, end)
        if bullet:
            start = bullet.end()
        if start < end:
            spans.append(Span(start, end))
    return spans


def is_bulleted(text: str, paragraph: Span) -> bool:
    """Whether the paragraph's line starts with a bullet (“• an unconditional ceasefire …”)."""
    line_start = text.rfind("\n", 0, paragraph.start) + 1
    return bool(BULLET.search(text[line_start : paragraph.start]))


def quote_depth_changes(text: str, start: int, end: int) -> list[int]:
    """For each offset in [start, end), whether a quotation is open there (1) or not (0): a full stop inside
    “…” ends no sentence of the text around it."""
    depth, straight, open_at = 0, False, []
    for char in text[start:end]:
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        elif char == '"':
            straight = not straight
        open_at.append(1 if depth or straight else 0)
    return open_at


def ends_abbreviation(text: str, start: int, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation or initials, not a sentence."""
    word_start = stop
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:stop].lstrip('(“"‘')
    numbered = word_start == start and word.isdigit() and len(word) <= 2  # a point's number: “1. Ukraine …”
    return numbered or word.lower() in ABBREVIATIONS or bool(INITIALS.fullmatch(word))


def sentences(text: str, paragraph: Span) -> list[Span]:
    """The paragraph's sentences: a terminal mark outside quotation marks, not closing an abbreviation, and
    followed by what opens a sentence."""
    start, spans = paragraph.start, []
    open_at = quote_depth_changes(text, paragraph.start, paragraph.end)
    for match in TERMINAL.finditer(text, paragraph.start, paragraph.end):
        end = match.end()
        if end >= paragraph.end or open_at[end - 1 - paragraph.start]:
            continue
        if text[match.start()] == "." and ends_abbreviation(text, start, match.start()):
            continue
        if not OPENS_SENTENCE.match(text, end, paragraph.end):
            continue
        spans.append(Span(start, end))
        start = end
        while text[start].isspace():
            start += 1
    spans.append(Span(start, paragraph.end))
    return spans


def items(text: str, sentence: Span, after: int) -> list[Span]:
    """A listing sentence's items (“It also calls for permanent neutrality, cancellation of all military
    alliances, and …”): pieces between commas, semicolons and dashes after offset `after`, the first one taking
    the sentence's opening words. A piece of fewer than three words (a name in a list of places) joins the one
    before it. Empty when the sentence lists nothing."""
    pieces: list[Span] = []
    start = sentence.start
    for match in ITEM_SEPARATOR.finditer(text, after, sentence.end):
        pieces.append(Span(start, match.start()))
        start = match.end()
    pieces.append(Span(start, sentence.end))
    merged: list[Span] = []
    for piece in pieces:
        conjunction = LEADING_CONJUNCTION.match(text, piece.start, piece.end)
        piece = Span(conjunction.end() if conjunction else piece.start, piece.end)
        if merged and len(text[piece.start : piece.end].split()) < 3:
            merged[-1] = Span(merged[-1].start, piece.end)
        else:
            merged.append(piece)
    trimmed = [Span(piece.start, piece.end - (1 if text[piece.end - 1] in ".;:" else 0)) for piece in merged]
    return trimmed if len(trimmed) > 1 else []
