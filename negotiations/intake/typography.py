"""Quote matching that forgives typography only (issue 23): curly and straight quotes and apostrophes, dashes and
whitespace are matched; letters, digits, case and every other mark must be the source's. A quote a curator typed
with a straight apostrophe where the source has ’ is found, and stored as the source has it.

Pure: no ORM, no request. `typography_key` is what two texts are compared by; `find_verbatim` finds a typed quote
in a source text and gives its span there. The database's cheap pre-selection (intake/fetch.py) maps the same
characters, from PLAIN_MARKS, so one table says what "typography" means.
"""

import re

SINGLE_QUOTES = "'‘’‚‛′`´"
DOUBLE_QUOTES = '"“”„‟″«»'
DASHES = "-‐‑‒–—―−"

# Each typographic mark and the plain character it is compared as (the first of its group).
PLAIN_MARKS: dict[str, str] = {
    **dict.fromkeys(SINGLE_QUOTES, "'"),
    **dict.fromkeys(DOUBLE_QUOTES, '"'),
    **dict.fromkeys(DASHES, "-"),
}
# The whitespace a text from a web page or a word processor holds besides the space: a single character each, so
# that a database can map them with replace() (fetch.py); runs of it are collapsed only by typography_key.
SPACES = "\t\n\r\f\v\xa0\u2007\u2009\u200a\u202f\u3000"
PLAIN_CHARACTERS = {**PLAIN_MARKS, **dict.fromkeys(SPACES, " ")}

# The marks a database maps when it pre-selects quotes (intake/fetch.py): those the record's texts hold, and their
# opposites. A database's replace() is one call per character, nested, and SQLite's parser refuses a chain of all
# of them; the rarer marks are matched by typography_key, once a quote is pre-selected.
DATABASE_MARKS = "‘’“”«»„–—‑−\xa0\n\r\t"

_PLAIN_TABLE = str.maketrans(PLAIN_CHARACTERS)
_WHITESPACE = re.compile(r"\s+")
# Space around a dash is typography too: “ceasefire – ISW”, “ceasefire - ISW” and “ceasefire—ISW” are one text.
_SPACED_DASH = re.compile(r" ?- ?")
_CLASSES = {"'": re.escape(SINGLE_QUOTES), '"': re.escape(DOUBLE_QUOTES), "-": re.escape(DASHES)}


def plain_marks(text: str) -> str:
    """`text` with each quote, apostrophe and dash made plain, and each whitespace character a space: one
    character for one, so a position in it is a position in `text`."""
    return text.translate(_PLAIN_TABLE)


def typography_key(text: str) -> str:
    """What `text` is compared by: plain quotes and dashes, whitespace runs as one space, no space around a dash,
    no space at either end. Two texts with one key differ in typography only."""
    collapsed = _WHITESPACE.sub(" ", plain_marks(text)).strip()
    return _SPACED_DASH.sub("-", collapsed)


def verbatim_pattern(needle: str) -> re.Pattern[str] | None:
    """A pattern finding `needle` in a text whatever its quotes, dashes and whitespace; None for a blank needle."""
    key = typography_key(needle)
    if not key:
        return None
    parts = []
    for at, char in enumerate(key):
        if char == " ":
            parts.append(r"\s+")
        elif char in _CLASSES:
            # Space beside a dash may be there or not, but never beyond the needle's ends: it is not the needle's.
            before = r"\s*" if char == "-" and at > 0 else ""
            after = r"\s*" if char == "-" and at < len(key) - 1 else ""
            parts.append(before + f"[{_CLASSES[char]}]" + after)
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


def find_verbatim(needle: str, haystack: str) -> tuple[int, int] | None:
    """Where `needle` stands in `haystack`, forgiving typography only: the span of its first occurrence, so that
    `haystack[start:end]` is the quote as the source has it. None when it is not there, or is blank."""
    pattern = verbatim_pattern(needle)
    if pattern is None:
        return None
    found = pattern.search(haystack)
    return found.span() if found else None
