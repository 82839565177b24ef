"""Where a sentence or clause stands in its document: “§1”, “§2, option 1”, “proposal 3”, “point 12”, or
“paragraph 4” when the document has no points of its own. Pure.

A document announces its structure in words (“is split into three sections”, “outlines two ceasefire options”,
“outlines four core proposals:”) and then walks it (“The first demands …”, “The second section …”, a bulleted
list), or numbers its points (“1.”, “(a)”, “§1”, “Point 12:”, “Option 2:”).
"""

import re
from dataclasses import dataclass, field

from negotiations.intake.sentences import Span, is_bulleted, paragraphs, sentences

NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
ORDINALS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]
PARTS = r"sections?|options?|points?|steps?|parts?|proposals?|conditions?|stages?|phases?|articles?|clauses?"
# “split into three sections”, “outlines two ceasefire options”, “four core proposals”.
ANNOUNCES = re.compile(rf"\b(\d+|{'|'.join(NUMBER_WORDS)})\s+(?:[\w-]+\s+){{0,2}}?({PARTS})\b", re.IGNORECASE)
# “The first demands …”, “The second section outlines …”, “Third, …”.
ORDINAL_OPENING = re.compile(rf"(?:The\s+)?({'|'.join(ORDINALS)})\b(?:\s+({PARTS}))?", re.IGNORECASE)
# A point numbered in the text: “1.”, “1)”, “(a)”, “a)”, “§1”, “Point 12:”, “Option 2 –”.
NUMBERED = re.compile(
    rf"(?:§\s*(\d+)|(\d{{1,2}})[.)]\s|\(([a-z]|\d{{1,2}})\)\s|([a-z])\)\s|({PARTS})\s+(\d+)\b[:.\s–—-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Placed:
    """A sentence, with its paragraph's number, its locator, and whether it is a heading (page furniture)."""

    span: Span
    paragraph: int
    locator: str
    heading: bool
    listed_under: str = ""  # the locator of the announcement a numbered or bulleted point belongs to


@dataclass
class Outline:
    """The structure announced so far: levels of (part name, the locator they belong to)."""

    levels: list[tuple[str, str]] = field(default_factory=list)
    bullet_part: str = ""
    bullet_count: int = 0
    current: str = ""


def singular(part: str) -> str:
    part = part.lower()
    return part[:-1] if part.endswith("s") else part


def formatted(part: str, number: str, parent: str) -> str:
    """“§2”, “option 1”, “§2, option 1”."""
    own = f"§{number}" if part == "section" else f"{part} {number}"
    return f"{parent}, {own}" if parent else own


def is_heading(text: str, span: Span) -> bool:
    """A headline, dateline or caption: no closing punctuation and short, or most of its words capitalised."""
    words = text[span.start : span.end].split()
    closed = text[span.end - 1] in '.!?;:"”'
    capitalised = sum(1 for word in words if word[:1].isupper())
    if not closed and (len(words) < 25 or not any(char.isupper() for char in text[span.start : span.end])):
        return True
    return len(words) > 3 and capitalised >= 0.7 * len(words)


def numbered_locator(text: str, span: Span, outline: Outline) -> str:
    """A point the text numbers itself (“1.”, “(a)”, “§3”, “Option 2:”)."""
    match = NUMBERED.match(text, span.start, span.end)
    if not match:
        return ""
    section, number, bracketed, letter, part, part_number = match.groups()
    if section:
        return f"§{section}"
    if part:
        return formatted(singular(part), part_number, "")
    parent = outline.levels[-1] if outline.levels else ("point", "")
    return formatted(parent[0], number or bracketed or letter, parent[1])


def ordinal_locator(text: str, span: Span, outline: Outline) -> str:
    """“The first …” walks the part announced last; “The third section …” goes back to the sections."""
    match = ORDINAL_OPENING.match(text, span.start, span.end)
    if not match or not outline.levels:
        return ""
    number = str(ORDINALS.index(match.group(1).lower()) + 1)
    part = singular(match.group(2)) if match.group(2) else outline.levels[-1][0]
    while len(outline.levels) > 1 and outline.levels[-1][0] != part:
        outline.levels.pop()
    if outline.levels[-1][0] != part:
        return ""
    return formatted(part, number, outline.levels[-1][1])


def announce(text: str, span: Span, outline: Outline, locator: str) -> None:
    """Remember the parts a sentence announces (“split into three sections”), under its own locator."""
    for match in ANNOUNCES.finditer(text, span.start, span.end):
        part = singular(match.group(2))
        if not outline.levels or outline.levels[-1][0] != part:
            outline.levels.append((part, locator))
    sentence = text[span.start : span.end].rstrip()
    if sentence.endswith(":"):
        plural = re.findall(r"\b([A-Za-z]+s)\b", sentence)
        outline.bullet_part, outline.bullet_count = (singular(plural[-1]) if plural else "point"), 0


def place_paragraph(text: str, paragraph: Span, number: int, outline: Outline) -> list[Placed]:
    if is_heading(text, paragraph):
        return [Placed(paragraph, number, f"paragraph {number}", heading=True)]
    if is_bulleted(text, paragraph) and outline.bullet_part:
        outline.bullet_count += 1
        locator = formatted(outline.bullet_part, str(outline.bullet_count), "")
        return [Placed(s, number, locator, False, listed_under="list") for s in sentences(text, paragraph)]
    outline.bullet_part, outline.current = "", ""
    placed = []
    for sentence in sentences(text, paragraph):
        structural = numbered_locator(text, sentence, outline) or ordinal_locator(text, sentence, outline)
        outline.current = structural or outline.current
        placed.append(Placed(sentence, number, outline.current or f"paragraph {number}", False, structural))
        announce(text, sentence, outline, outline.current)
    if not any(p.listed_under for p in placed) and not ANNOUNCES.search(text, paragraph.start, paragraph.end):
        outline.levels.clear()
    return placed


def place(text: str) -> list[Placed]:
    """Every sentence of `text`, in order, with where it stands."""
    outline = Outline()
    placed: list[Placed] = []
    for number, paragraph in enumerate(paragraphs(text), start=1):
        placed.extend(place_paragraph(text, paragraph, number, outline))
    return placed
