"""Who holds a sentence's position, and who reports it: actors found by their names and aliases, attribution
clauses (“X said”, “according to X”, “…,” X wrote), anonymous sources as the group actor that names them, and
analysts spoken of as such (“analysts note”). Pure: the actors come as ActorInfo.

An outlet is never the speaker of what it reports (“Reuters reported that its Russian sources stated …”): it is
the report's carrier, `cited`. An analyst is the speaker of its own assessment (“ISW says this reflects …”), but
not of a party's words it relays (“Analysts noted that Putin dismissed …”).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from negotiations.intake.sentences import Span

if TYPE_CHECKING:  # proposals.py imports this module: its plain data is read for types only
    from negotiations.intake.proposals import ActorInfo

REPORTERS = frozenset({"media", "think_tank"})
PARTY_SIDES = frozenset({"russia", "ukraine"})
# Verbs that voice a position or report one; the actor just before one is its subject.
VERBS = re.compile(
    r"\b(?:said|says|say|stated|states|state|told|tells|claimed|claims|announced|announces|demanded|demands|"
    r"demanding|insisted|insists|called for|calls for|urged|urges|proposed|proposes|rejected|rejects|refused|"
    r"refuses|dismissed|dismisses|denied|denies|offered|offers|agreed|agrees|warned|warns|emphasized|emphasised|"
    r"noted|notes|note|wrote|writes|write|reported|reports|responded|mentioned|indicated|signaled|signalled|"
    r"supports|pushes for|outlined|outlines|presented|requires|views|believes|assessed|observe|observes|"
    r"pointed out|communicate|accused|expects|wants|is ready|issued|insist|continues to)\b"
)
QUOTE_TAIL = re.compile(r"[,.!?]?[”\"]\s+([^“”\"]{1,120}?)\s+(?:said|says|wrote|writes|write|added|stated|told)\b")
ACCORDING_TO = re.compile(r"\b(?:[Aa]ccording to|[Ss]ource:|[Qq]uote from)\s+(?:the\s+)?")
ANALYSTS = re.compile(r"\b(?:[Aa]nalysts?|[Ee]xperts?|[Rr]esearchers|the think tank|the Institute)\b")
# An anonymous source and what describes it, up to the verb that voices it (“sources who currently work or have
# worked with Putin stated”): actors named inside the description are not the speaker.
SOURCES = re.compile(
    r"\bsources?\b([^,;.“”\"]{0,100}?(?=\s+(?:told|said|stated|say|says|indicated|claimed|assessed|reported)\b))?"
)
STOPWORDS = frozenset({"the", "and", "with", "from", "for", "close", "by", "of", "to", "in", "on", "that"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    actor: ActorInfo


@dataclass(frozen=True)
class Attribution:
    speaker: ActorInfo | None
    cited: ActorInfo | None
    cues: tuple[str, ...]


class Actors:
    """The actors, found by name or alias (longest spelling first, whole words, as written)."""

    def __init__(self, actors: list[ActorInfo]) -> None:
        self.by_slug = {actor.slug: actor for actor in actors}
        spellings = sorted(
            ((spelling, actor) for actor in actors for spelling in (actor.name, *actor.aliases) if spelling),
            key=lambda pair: -len(pair[0]),
        )
        self.patterns = [(re.compile(rf"(?<!\w){re.escape(spelling)}(?!\w)"), actor) for spelling, actor in spellings]
        self.groups = [actor for actor in actors if actor.kind == "group" and "source" in actor.name.lower()]

    def party(self, actor: ActorInfo | None) -> str | None:
        """The negotiating state an actor belongs to, up its parents (Putin → russia), or None."""
        seen: set[str] = set()
        while actor is not None and actor.slug not in seen:
            if actor.kind == "state" and actor.side in PARTY_SIDES:
                return actor.slug
            seen.add(actor.slug)
            actor = self.by_slug.get(actor.parent) if actor.parent else None
        return None


def mentions(text: str, span: Span, actors: Actors, context: str, analyst: ActorInfo | None) -> list[Mention]:
    """The actors a sentence names, in order, none inside another (“Vladimir Putin”, not also “Putin”); an
    anonymous source as its group (the whole phrase: “sources close to the Kremlin”), and “analysts” as the
    document's analyst."""
    taken: list[Mention] = []
    for match in SOURCES.finditer(text, span.start, span.end):
        group = anonymous_group(text, match.start(), span, actors, context)
        if group:
            taken.append(Mention(match.start(), match.end(1) if match.group(1) else match.end(), group))
    for pattern, actor in actors.patterns:
        for found in pattern.finditer(text, span.start, span.end):
            if not any(m.start < found.end() and found.start() < m.end for m in taken):
                taken.append(Mention(found.start(), found.end(), actor))
    if analyst:
        taken += [Mention(m.start(), m.end(), analyst) for m in ANALYSTS.finditer(text, span.start, span.end)]
    return sorted(taken, key=lambda mention: mention.start)


def words_of(text: str) -> set[str]:
    return {word[:6] for word in re.findall(r"[a-z0-9]+", text.lower()) if word not in STOPWORDS}


def anonymous_group(text: str, at: int, span: Span, actors: Actors, context: str) -> ActorInfo | None:
    """The group actor an anonymous source belongs to: the one whose name (“Russian sources (Reuters, May 2024)”)
    shares most words with the sentence and what dates it (`context`: the document's date, or “undated”)."""
    around = words_of(text[max(span.start, at - 60) : min(span.end, at + 60)] + " " + context)
    whole = words_of(text[span.start : span.end])
    best, best_score = None, 1
    for group in actors.groups:
        name = words_of(group.name)
        score = len(name & around) + len(name & whole)
        if score > best_score:
            best, best_score = group, score
    return best


def subject_pairs(text: str, span: Span, found: list[Mention]) -> list[tuple[Mention, str]]:
    """Each verb that voices or reports a position with the actor named just before it (within a few words)."""
    pairs = []
    for verb in VERBS.finditer(text, span.start, span.end):
        before = [m for m in found if m.end <= verb.start() and verb.start() - m.end <= 80]
        if before:
            pairs.append((before[-1], verb.group(0)))
    return pairs


def after_marker(text: str, span: Span, found: list[Mention], marker: re.Pattern[str]) -> Mention | None:
    """The actor named right after “according to”, “Source:” or “Quote from”."""
    for match in marker.finditer(text, span.start, span.end):
        named = [m for m in found if 0 <= m.start - match.end() <= 3]
        if named:
            return named[0]
    return None


def quote_tail_speaker(text: str, span: Span, found: list[Mention]) -> Mention | None:
    """“…,” one senior Russian source said: the actor between the closing quotation mark and the verb."""
    match = QUOTE_TAIL.search(text, span.start, span.end)
    if not match:
        return None
    inside = [m for m in found if match.start(1) <= m.start < match.end(1)]
    return inside[0] if inside else None


def spoken_by(text: str, span: Span, found: list[Mention]) -> tuple[Mention | None, str]:
    """The speaker's mention, and the cue that names it."""
    tail = quote_tail_speaker(text, span, found)
    if tail:
        return tail, "quotation attributed"
    according = after_marker(text, span, found, ACCORDING_TO)
    if according and according.actor.kind != "media":
        return according, "according to"
    pairs = [pair for pair in subject_pairs(text, span, found) if pair[0].actor.kind != "media"]
    if pairs and pairs[0][0].actor.kind == "think_tank":
        relayed = [pair for pair in pairs[1:] if pair[0].actor.kind not in REPORTERS]
        pairs = relayed or pairs
    if pairs:
        return pairs[0][0], pairs[0][1]
    opening = [m for m in found if m.start - span.start <= 3 and m.actor.kind not in REPORTERS]
    return (opening[0], "named first") if opening else (None, "")


def named_early(span: Span, found: list[Mention]) -> ActorInfo | None:
    """A weak guess, after the sentences around have had their say: an actor named in the first words."""
    early = [m for m in found if m.start - span.start <= 40 and m.actor.kind not in REPORTERS]
    return early[0].actor if early else None


def attribute(text: str, span: Span, found: list[Mention], publisher: str | None) -> Attribution:
    """Who holds the sentence's position and which outlet or analyst it cites (never the publisher)."""
    speaker, cue = spoken_by(text, span, found)
    reporters = [m.actor for m in found if m.actor.kind in REPORTERS and m.actor.slug != publisher]
    cues = (f"speaker: {cue}",) if speaker else ()
    return Attribution(speaker.actor if speaker else None, reporters[0] if reporters else None, cues)


# What a party holds or who acts for it, named by the party's adjective (“Russian demands”, “Ukrainian and
# Russian low-level delegations”): the party of a sentence whose speaker is only carried over.
HELD = r"demands?|conditions?|proposals?|terms|memorand\w*|plan|position|offer|officials|delegations?|negotiators?"


def demonym(name: str) -> str:
    """Russia → Russian, Ukraine → Ukrainian."""
    return f"{name[:-1]}ian" if name.endswith("e") else f"{name}n"


def named_party(sentence: str, actors: Actors, opening_only: bool = False) -> str | None:
    """The party a sentence names by its adjective before what it holds, the first one when it names two (only
    as the sentence's first words, with `opening_only`)."""
    parties = {demonym(a.name): a.slug for a in actors.by_slug.values() if a.kind == "state" and a.side in PARTY_SIDES}
    if not parties:
        return None
    names = "|".join(parties)
    pattern = rf"\b({names})(?:\s+and\s+(?:{names}))?\s+(?:[\w-]+\s+){{0,2}}?(?:{HELD})\b"
    match = re.match(pattern, sentence) if opening_only else re.search(pattern, sentence)
    return parties[match.group(1)] if match else None
