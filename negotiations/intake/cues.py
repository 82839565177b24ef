"""What makes a sentence a position, and which stance, topic and wording it proposes. Pure.

The cues are words: demand and proposal verbs, modals, conditions, refusals, agreements. The stance is the
first family of cues that the sentence carries, in the order below (an agreement before a refusal, a red line
before a plain refusal, a precondition before a demand). The topic is the codebook topic whose keywords (edited
by curators, Topic.keywords) the sentence names most, the earlier topic on a tie.
"""

import re
from dataclasses import dataclass

from negotiations.codebook import ANALYST_STANCES, READING_OF_INTENT

# The values of models.Stance and models.Wording (this module does not import the models).
STANCE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("agreed", re.compile(r"\b(?:agreed (?:on|to)|agreement on|reached an agreement|concrete outcome)\b", re.I)),
    (
        "red_line",
        re.compile(
            r"\b(?:never|non-negotiable|red lines?|will not accept|won’t accept|not at any price|under no "
            r"circumstances|cannot accept)\b",
            re.I,
        ),
    ),
    (
        "precondition",
        re.compile(
            r"\b(?:precondition|condition for|as a condition|only after|only if|only when|must address|in exchange "
            r"for|before any|if they)\b",
            re.I,
        ),
    ),
    (
        "rejection",
        re.compile(
            r"\b(?:reject\w*|refus\w*|dismiss\w*|den(?:y|ied|ies)|rul(?:e|ed|ing) out|unwilling|will not)\b", re.I
        ),
    ),
    ("signal", re.compile(r"\b(?:may be willing|might be willing|open to|signal(?:l)?ed|willing to)\b", re.I)),
    (
        "demand",
        re.compile(
            r"\b(?:demand\w*|insist\w*|calls? for|called for|urg(?:e|es|ed)|must|should|requir\w*|wants?|"
            r"conditions|ultimatum|seek\w*|aims? to)\b",
            re.I,
        ),
    ),
    (
        "proposal",
        re.compile(
            r"\b(?:propos\w*|offer\w*|ready to|supports?|suggest\w*|plan|outlines?|agreement to|memorandum)\b", re.I
        ),
    ),
]
# Reporting verbs and quotation marks: a position voiced, when the sentence names who holds it.
REPORTING = re.compile(
    r"\b(?:said|says|stated|told|claimed|announced|wrote|emphasized|emphasised|warned|responded|indicated)\b|[“\"]"
)
OWN_QUOTE = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")


@dataclass(frozen=True)
class Topic:
    slug: str
    keywords: tuple[re.Pattern[str], ...]


def keyword_pattern(keyword: str) -> re.Pattern[str]:
    """A keyword matches at a word's start, in any case, with any ending (“demobili” in “demobilize”)."""
    return re.compile(rf"(?<!\w){re.escape(keyword.strip())}", re.IGNORECASE)


def topic_of(sentence: str, topics: list[Topic]) -> tuple[str | None, tuple[str, ...]]:
    """The topic whose keywords the sentence names most (the earlier topic on a tie), and the words found."""
    best: str | None = None
    best_found: tuple[str, ...] = ()
    for topic in topics:
        found = tuple(match.group(0) for pattern in topic.keywords for match in pattern.finditer(sentence))
        if len(found) > len(best_found):
            best, best_found = topic.slug, found
    return best, best_found


def stance_of(sentence: str, analyst_voiced: bool) -> tuple[str | None, str]:
    """The stance the sentence's cues propose, and the cue. An analyst's reading of intent is no term
    (COMMENTARY_RULE): no stance; an analyst voices only the stances the rule allows it."""
    lowered = sentence.lower()
    if analyst_voiced and any(word in lowered for word in READING_OF_INTENT):
        return None, "reading of intent"
    for stance, pattern in STANCE_CUES:
        match = pattern.search(sentence)
        if match and (not analyst_voiced or stance in ANALYST_STANCES):
            return stance, match.group(0)
    return None, ""


def carries_position(sentence: str, has_holder: bool) -> tuple[str, ...]:
    """The cues that make the sentence a candidate: a stance cue, or a reported or quoted voice; none without
    an actor to hold it."""
    if not has_holder:
        return ()
    cues = [match.group(0) for _, pattern in STANCE_CUES for match in [pattern.search(sentence)] if match]
    reporting = REPORTING.search(sentence)
    return tuple(cues + ([reporting.group(0)] if reporting else []))


def inside_quotation(text: str, start: int, end: int, paragraph_start: int, paragraph_end: int) -> bool:
    """Whether text[start:end] stands wholly inside one pair of quotation marks of its paragraph."""
    return any(
        match.start() < start and end <= match.end() - 0
        for match in OWN_QUOTE.finditer(text, paragraph_start, paragraph_end)
    )
