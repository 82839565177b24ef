"""Pure search logic: no request, no ORM. What a search's words are, how else each may be spelled, where they
stand in a text, and what to suggest when nothing is found.

Both databases are asked the same question (DemandQuerySet.matching): every word, in any of its spellings, in
any order, on its stem. The words and their spellings are read here once, so SQLite's FTS5 and PostgreSQL's
full-text search get the same lists: the databases' stemmers do not know that “demilitarisation” and
“demilitarization” are one word (Porter leaves “demilitaris” and “demilitar”), nor that Kiev is Kyiv.
"""

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

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


# --- Spellings -------------------------------------------------------------------------------------------

# A typed word and its other spellings, the typed word first: a search's words are a list of these, each one
# an OR for the databases (DemandQuerySet.matching).
Spellings = tuple[str, ...]

# British and American endings: a word ending in one of a pair is also searched for with the other. Kept to
# the endings the record's subjects use (demilitarisation, defence, dialogue, centre, neighbour); a made-up
# spelling this produces (“mattre” from “matter”) finds nothing and costs nothing.
SPELLING_ENDINGS = (
    ("isation", "ization"),
    ("isations", "izations"),
    ("ise", "ize"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ising", "izing"),
    ("yse", "yze"),
    ("our", "or"),
    ("ours", "ors"),
    ("ence", "ense"),
    ("tre", "ter"),
    ("ogue", "og"),
)
# What must stand before an ending for it to be one: “size” and “prize” are not “sise” and “prise”.
SPELLING_STEM_LENGTH = 3
# How alike two words of one actor's name and aliases must be to be spellings of one name (Zelenskyy,
# Zelensky, Zelenskiy; Vučić, Vucic), not two names (Ukraine, Kyiv): difflib's ratio, accents set aside.
NAME_SPELLING_RATIO = 0.8
# Shorter words are abbreviations (US, USA, EU), whose likeness says nothing.
NAME_SPELLING_LENGTH = 4


def british_american(word: str) -> list[str]:
    """The word's other spelling(s) by SPELLING_ENDINGS: “demilitarisation” → ["demilitarization"]."""
    others = []
    for one, other in SPELLING_ENDINGS:
        for ending, replacement in ((one, other), (other, one)):
            if word.endswith(ending) and len(word) - len(ending) >= SPELLING_STEM_LENGTH:
                others.append(word[: -len(ending)] + replacement)
    return others


def without_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def name_spellings(name: str, aliases: str) -> list[frozenset[str]]:
    """The groups of one actor's one-word names and aliases that are spellings of one another: “Volodymyr
    Zelenskyy” with aliases “Zelensky, Zelenskiy” gives {zelenskyy, zelensky, zelenskiy}. Aliases that are other
    names (Ukraine's “Kyiv”, the Kremlin's “Moscow”) are no spellings: a search for Kyiv finds Ukraine's terms
    as its party's (DemandQuerySet.matching), not every text that says “Ukraine”."""
    words: list[str] = []
    for spelling in [*WORD.findall(name.lower()), *(alias.strip().lower() for alias in aliases.split(","))]:
        if WORD.fullmatch(spelling) and len(spelling) >= NAME_SPELLING_LENGTH and spelling not in words:
            words.append(spelling)
    groups = []
    for word in words:
        alike = {
            other
            for other in words
            if other != word
            and difflib.SequenceMatcher(None, without_accents(word), without_accents(other)).ratio()
            >= NAME_SPELLING_RATIO
        }
        if alike:
            groups.append(frozenset({word, *alike}))
    return groups


def variant_table(groups: Iterable[Iterable[str]]) -> dict[str, frozenset[str]]:
    """Each word of each group of spellings (a curator's SearchVariant, an actor's name_spellings), lower-cased,
    mapped to the other words of every group it is in."""
    table: dict[str, set[str]] = {}
    for group in groups:
        words = {word.strip().lower() for word in group if word.strip()}
        for word in words:
            table.setdefault(word, set()).update(words - {word})
    return {word: frozenset(others) for word, others in table.items() if others}


def variants_of(word: str, table: Mapping[str, frozenset[str]]) -> Spellings:
    """`word` and every other spelling of it: British/American, then the table's, and the British/American of
    those (Kiev → Kyiv; demilitarise → demilitarize). The typed word first, the rest in a stable order."""
    spellings = [word]
    for spelling in [word, *british_american(word)]:
        for other in [spelling, *sorted(table.get(spelling, ()))]:
            for candidate in [other, *british_american(other)]:
                if candidate not in spellings and candidate not in STOP_WORDS:
                    spellings.append(candidate)
    return tuple(spellings)


def every_spelling(words: Iterable[Spellings]) -> list[str]:
    """All the spellings of a search's words in one list: what highlighting marks."""
    return [spelling for spellings in words for spelling in spellings]


# --- When nothing is found -------------------------------------------------------------------------------

LATIN_LETTER = re.compile(r"[a-z]", re.IGNORECASE)
# How alike a suggested word must be to the typed one (difflib's ratio): “cesefire” → “ceasefire” is 0.94.
SUGGESTION_CUTOFF = 0.75
SUGGESTIONS = 3


def words_of_record(text: str) -> set[str]:
    """The words of a text that a search could suggest: lower-cased, no stop words, no numbers."""
    return {word for word in WORD.findall(text.lower()) if word not in STOP_WORDS and not word.isdigit()}


def written_without_latin_letters(text: str) -> bool:
    """True for a search in letters none of which is Latin (перемирие): the record is in English. Letters with
    accents count as Latin (Orbán); a search of digits or punctuation alone is no other script."""
    return any(c.isalpha() for c in text) and not LATIN_LETTER.search(without_accents(text))


def suggestions(words: list[str], vocabulary: frozenset[str]) -> list[str]:
    """Searches to try instead of `words` (a search's typed words) when it found nothing: each word the record
    does not hold replaced by its closest words in the record's `vocabulary` (difflib), the first suggestion
    with each one's closest, the next with the next closest of the first unknown word, and so on."""
    unknown = {word: close_words(word, vocabulary) for word in words if word not in vocabulary}
    unknown = {word: close for word, close in unknown.items() if close}
    if not unknown:
        return []
    first = next(iter(unknown))
    tried = []
    for choice in unknown[first]:
        replaced = [choice if word == first else unknown[word][0] if word in unknown else word for word in words]
        tried.append(" ".join(replaced))
    return tried


def close_words(word: str, vocabulary: frozenset[str]) -> list[str]:
    return difflib.get_close_matches(word, vocabulary, n=SUGGESTIONS, cutoff=SUGGESTION_CUTOFF)
