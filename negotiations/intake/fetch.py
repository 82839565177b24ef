"""PLACEHOLDER on branch `queue` (the interface only): helper "rank" builds it; the lead takes theirs at merge.
The proposer's inputs read from the database, its candidates completed with what the record already holds."""

from dataclasses import dataclass

from negotiations.intake.proposals import ActorInfo, Document, Proposal, TopicInfo


@dataclass(frozen=True)
class CounterpartHint:
    demand_id: int
    slug: str
    party: str
    topic: str
    quote: str
    paraphrase: str
    score: float
    url: str


@dataclass(frozen=True)
class RecordedHint:
    kind: str  # "demand" or "statement"
    id: int
    url: str
    label: str


@dataclass(frozen=True)
class Candidate:
    proposal: Proposal
    counterparts: tuple[CounterpartHint, ...]
    recorded: RecordedHint | None


def proposer_inputs() -> tuple[list[ActorInfo], list[TopicInfo]]:
    raise NotImplementedError("issue 23: fetch (helper rank)")


def candidates(document: Document) -> list[Candidate]:
    raise NotImplementedError("issue 23: fetch (helper rank)")
