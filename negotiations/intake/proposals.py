"""The proposer: a document's text in, the positions it proposes out, each with who holds it, who reports it, when,
on what topic and with what stance — proposals a curator reviews, never records.

Pure: it reads the actors and topics as plain data (ActorInfo, TopicInfo, built by intake/fetch.py), so the
command line, the admin's review queue and the measurement in bench/ share one path, and tests need no database.
"""

import datetime
import re
from dataclasses import dataclass, field, replace

from negotiations.citing.wording import OWN, REPORTED
from negotiations.dates import DateBasis
from negotiations.intake.attribution import (
    REPORTERS,
    Actors,
    Attribution,
    Mention,
    attribute,
    mentions,
    named_early,
    named_party,
)
from negotiations.intake.cues import Topic, carries_position, inside_quotation, keyword_pattern, stance_of, topic_of
from negotiations.intake.dating import Dated, date_of, describe
from negotiations.intake.locators import ANNOUNCES, Placed, place
from negotiations.intake.sentences import Span, items


@dataclass(frozen=True)
class ActorInfo:
    """An actor as the proposer knows it: slug, names to find it by, and whose side it is on."""

    slug: str
    name: str
    aliases: tuple[str, ...]
    kind: str  # Actor.Kind value
    side: str  # Side value
    parent: str | None = None  # the parent actor's slug (Putin → russia)


@dataclass(frozen=True)
class TopicInfo:
    """A codebook topic and the words that point to it (Topic.keywords, which curators edit)."""

    slug: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A text brought in: its body as the source has it, and what is known of its publication."""

    text: str
    title: str = ""
    publisher: str | None = None  # an actor slug, when known
    published_on: datetime.date | None = None


@dataclass(frozen=True)
class Proposal:
    """One sentence or clause that carries a position, with everything proposed about it. `quote` is
    `document.text[start:end]`, exactly as the source has it."""

    quote: str
    start: int
    end: int
    locator: str  # "§1", "point 12", "option 2", or the paragraph ("paragraph 4")
    speaker: str | None  # actor slug: who holds the position (never the outlet or analyst reporting it)
    party: str | None  # actor slug of the negotiating party whose term it is (russia / ukraine)
    reported_by: str | None  # actor slug: the publication carrying it (or the analyst relaying it)
    cited: str | None  # actor slug: a source the publication cites (ISW, TASS), when it names one
    stated_on: datetime.date | None
    date_precision: str  # DatePrecision value
    date_basis: str  # DateBasis value
    date_note: str  # the text's own words for the date ("on 4 July"), or why there is none
    topic: str | None  # topic slug
    stance: str | None  # Stance value
    wording: str  # Wording value: "own" only when the text shows the words are the speaker's
    cues: tuple[str, ...] = field(default=())  # why it was proposed: the words that made it a position


# A sentence that lists terms after one of these words is also proposed item by item (“It also calls for
# permanent neutrality, cancellation of all military alliances, …”).
LISTS_TERMS = re.compile(r"\b(?:demands?|calls? for|include[sd]?|requires?|proposes?|urges?|insists? on)\b")


@dataclass
class Reading:
    """What the proposer carries from sentence to sentence: the last speaker in the paragraph, and the sentence
    that announced a list or its parts (its speaker and date hold for the points under it)."""

    paragraph: int = 0
    speaker: ActorInfo | None = None
    anchor_speaker: ActorInfo | None = None
    anchor_date: Dated | None = None
    anchor_stance: str | None = None  # the stance the announcement proposes (“outlines four core proposals”)
    last_paragraph: int = 0  # the paragraph of the sentence read last (headings are not read)
    party: str | None = None  # the party proposed last: what “he” or “they” at a sentence's start refers to


@dataclass(frozen=True)
class Setting:
    """A document as the proposer reads it: its text, the actors and topics, and what holds for every sentence."""

    document: Document
    actors: Actors
    topics: list[Topic]
    analyst: ActorInfo | None  # the analyst the document reports (“analysts note” is it)
    cited: ActorInfo | None  # the outlet or analyst the document names as its source
    context: str  # the document's date in words, or “undated”: what dates an anonymous source's group


def propose(document: Document, actors: list[ActorInfo], topics: list[TopicInfo]) -> list[Proposal]:
    """The positions `document` proposes, in text order."""
    setting = read_setting(document, actors, topics)
    reading, proposals = Reading(), []
    title = " ".join(document.title.split())
    for placed in place(document.text):
        sentence = document.text[placed.span.start : placed.span.end]
        if placed.heading or (title and " ".join(sentence.split()) == title):
            continue
        proposals.extend(propose_sentence(setting, placed, reading))
    return sorted(proposals, key=lambda proposal: (proposal.start, -proposal.end))


def read_setting(document: Document, actors: list[ActorInfo], topics: list[TopicInfo]) -> Setting:
    index = Actors(actors)
    topic_cues = [Topic(t.slug, tuple(keyword_pattern(k) for k in t.keywords if k.strip())) for t in topics]
    read = document.title + "\n" + document.text
    named = [m.actor for m in mentions(read, Span(0, len(read)), index, "", None)]
    reporters = [actor for actor in named if actor.kind in REPORTERS and actor.slug != document.publisher]
    analysts = [actor for actor in reporters if actor.kind == "think_tank"]
    context = describe(document.published_on) if document.published_on else "undated"
    first_reporter = reporters[0] if reporters else None
    return Setting(document, index, topic_cues, analysts[0] if analysts else None, first_reporter, context)


def holder_of(setting: Setting, placed: Placed, found: list[Mention], reading: Reading) -> Attribution:
    """The sentence's attribution; without a speaker of its own, the speaker of the list it is a point of, of the
    sentence before it (in its paragraph, or the paragraph before), or an actor named in its first words."""
    attribution = attribute(setting.document.text, placed.span, found, setting.document.publisher)
    if attribution.speaker is not None:
        return attribution
    if placed.locator != f"paragraph {placed.paragraph}" and reading.anchor_speaker is not None:
        return Attribution(reading.anchor_speaker, attribution.cited, ("speaker: the list's",))
    if reading.speaker is not None and reading.paragraph in (placed.paragraph, reading.last_paragraph):
        return Attribution(reading.speaker, attribution.cited, ("speaker: the sentence before",))
    early = named_early(placed.span, found)
    return Attribution(early, attribution.cited, ("speaker: named first",) if early else ())


def dated(setting: Setting, placed: Placed, sentence: str, reading: Reading) -> Dated:
    """The date under the rule; a point of a list takes its announcement's date when it has none of its own: the
    document's own date (a memorandum's), or a report's as an upper bound (an analyst's Key Takeaways)."""
    under_list = placed.locator != f"paragraph {placed.paragraph}" and reading.anchor_date is not None
    anchor = reading.anchor_date if under_list else None
    own = date_of(sentence, setting.document.published_on, None)
    if anchor is None or own.basis not in (DateBasis.REPORTED, DateBasis.NONE):
        return date_of(sentence, setting.document.published_on, anchor)
    reporter = reading.anchor_speaker is None or reading.anchor_speaker.kind in REPORTERS
    return date_of(sentence, setting.document.published_on, anchor) if reporter else anchor


def remember(reading: Reading, placed: Placed, sentence: str, speaker: ActorInfo | None, date: Dated) -> None:
    if ANNOUNCES.search(sentence) or sentence.rstrip().endswith(":"):
        reading.anchor_speaker, reading.anchor_date = speaker, date
        reading.anchor_stance = stance_of(sentence, False)[0]
    elif placed.locator == f"paragraph {placed.paragraph}":
        reading.anchor_speaker, reading.anchor_date, reading.anchor_stance = None, None, None
    if speaker is not None:
        reading.paragraph, reading.speaker = placed.paragraph, speaker
    reading.last_paragraph = placed.paragraph


# Speakers that are the sentences around's, not the sentence's own.
WEAK_CUES = frozenset({"speaker: the sentence before", "speaker: the list's", "speaker: named first"})
PRONOUN_OPENING = re.compile(r"^(?:[^,]{0,40},\s+)?(?:he|she|it|they)\b", re.IGNORECASE)


def party_of(
    setting: Setting, sentence: str, attribution: Attribution, found: list[Mention], reading: Reading
) -> str | None:
    """The speaker's party (Putin → russia); for an analyst's or an outlet's sentence, the party its subject
    belongs to: the party of the sentence before when it opens on a pronoun (“Among other things, he may demand
    …”), else the first party it names."""
    party = setting.actors.party(attribution.speaker)
    carried = not any(cue.startswith("speaker:") and cue not in WEAK_CUES for cue in attribution.cues)
    named = named_party(sentence, setting.actors, opening_only=not carried)
    party = named or party
    if party is None and PRONOUN_OPENING.match(sentence) and reading.party is not None:
        party = reading.party
    if party is None:
        party = next((p for p in (setting.actors.party(m.actor) for m in found) if p), None)
    reading.party = party or reading.party
    return party


def propose_sentence(setting: Setting, placed: Placed, reading: Reading) -> list[Proposal]:
    text = setting.document.text
    sentence = text[placed.span.start : placed.span.end]
    found = mentions(text, placed.span, setting.actors, setting.context, setting.analyst)
    attribution = holder_of(setting, placed, found, reading)
    date = dated(setting, placed, sentence, reading)
    remember(reading, placed, sentence, attribution.speaker, date)
    party = party_of(setting, sentence, attribution, found, reading)
    cues = carries_position(sentence, attribution.speaker is not None or party is not None)
    point = placed.locator != f"paragraph {placed.paragraph}" and reading.anchor_stance is not None
    if point and party is not None:
        cues = (*cues, "a point of a listed position")
    if not cues:
        return []
    whole = proposal_for(setting, placed, placed.span, attribution, party, date, cues)
    if point and whole.stance is None:
        whole = replace(whole, stance=reading.anchor_stance)
    listed = LISTS_TERMS.search(sentence)
    pieces = items(text, placed.span, placed.span.start + listed.end()) if listed else []
    return [whole] + [proposal_for(setting, placed, piece, attribution, party, date, cues, whole) for piece in pieces]


def proposal_for(
    setting: Setting,
    placed: Placed,
    span: Span,
    attribution: Attribution,
    party: str | None,
    date: Dated,
    cues: tuple[str, ...],
    whole: Proposal | None = None,
) -> Proposal:
    """One candidate: a sentence, or an item of it (`whole` is then the sentence's, whose topic and stance it
    takes where it names none of its own)."""
    text, speaker = setting.document.text, attribution.speaker
    quote = text[span.start : span.end]
    topic, topic_words = topic_of(quote, setting.topics)
    stance, stance_cue = stance_of(quote, speaker is not None and speaker.kind == "think_tank")
    if whole is not None:
        topic, stance = topic or whole.topic, stance or whole.stance
    return Proposal(
        quote=quote,
        start=span.start,
        end=span.end,
        locator=placed.locator,
        speaker=speaker.slug if speaker else None,
        party=party,
        reported_by=setting.document.publisher,
        cited=cited.slug if (cited := attribution.cited or setting.cited) else None,
        stated_on=date.stated_on,
        date_precision=date.precision,
        date_basis=date.basis,
        date_note=date.note,
        topic=topic,
        stance=stance,
        wording=wording_of(setting, placed, span, speaker),
        cues=tuple(dict.fromkeys((*cues, *attribution.cues, *([stance_cue] if stance_cue else []), *topic_words))),
    )


def wording_of(setting: Setting, placed: Placed, span: Span, speaker: ActorInfo | None) -> str:
    """Own words only when the text shows them to be the speaker's (WORDING_RULE): the quote stands wholly inside
    quotation marks attributed to them, or the document is the speaker's own text."""
    if speaker is None:
        return REPORTED
    if setting.document.publisher == speaker.slug:
        return OWN
    sentence = placed.span
    inside = inside_quotation(setting.document.text, span.start, span.end, sentence.start, sentence.end)
    return OWN if inside else REPORTED
