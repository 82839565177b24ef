"""Pure search logic: no request, no ORM. What a search's words are, and where they stand in a text.

Both databases are asked the same question (DemandQuerySet.matching): every word, in any order, on its
stem. The words are read here once, so SQLite's FTS5 and PostgreSQL's full-text search get the same list.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+")

# PostgreSQL's English configuration drops these; FTS5 does not. Dropping them before either database
# sees them keeps "the ceasefire" meaning the same on both.
STOP_WORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own s same she should so some such
    t than that the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with you your yours yourself
    yourselves""".split()  # noqa: SIM905 (a list of 127 quoted words reads worse)
)

# Endings taken off a word before matching it against a text's words by prefix, so that the words marked
# are those the databases' stemmers matched (“withdrawals” marks “withdrawal”, “demobilised” “demobilises”).
ENDINGS = ("ations", "ation", "ings", "ing", "ions", "ion", "ies", "als", "al", "es", "ed", "s", "e", "y")


def words_of(text: str) -> list[str]:
    """The words a search asks for, lower-cased, stop words and repeats left out, in the order typed."""
    words: list[str] = []
    for word in WORD.findall(text.lower()):
        if word not in STOP_WORDS and word not in words:
            words.append(word)
    return words


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def fts5_query(word: str) -> str:
    """One word as an FTS5 string: quoted, so that no character of it is FTS5's own syntax."""
    return '"' + word.replace('"', '""') + '"'


def highlight(text: str, words: list[str]) -> SafeString:
    """`text`, HTML-escaped, with each word that matches one of `words` in <mark>. Safe to show as it is."""
    stems = [stem(word) for word in words]
    if not stems:
        return escape(text)
    pieces: list[str] = []
    position = 0
    for match in WORD.finditer(text):
        token = match.group().lower()
        if any(token.startswith(prefix) for prefix in stems):
            pieces.append(escape(text[position : match.start()]))
            pieces.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))
