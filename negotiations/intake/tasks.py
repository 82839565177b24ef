"""Proposing a document's positions, in the background (Django's task framework; `manage.py db_worker` runs the
queue, `make run` and `make serve` start it). The proposer and the ranking of counterparts take longer than a
request should on a long document; the queue page shows the intake's progress meanwhile."""

import logging
from dataclasses import asdict

from django.db import transaction
from django.tasks import task

from negotiations.intake import fetch, typography
from negotiations.intake.proposals import Document
from negotiations.models import Actor, Candidate, Intake, Topic

logger = logging.getLogger(__name__)


def enqueue_proposing(intake):
    """Proposes `intake`'s positions once the transaction that made or reset it commits (a worker reading the
    queue before then would find no intake)."""
    transaction.on_commit(lambda: propose_intake.enqueue(intake.pk))


@task
def propose_intake(intake_id: int) -> None:
    intake = Intake.objects.filter(pk=intake_id).select_related("source__publisher").first()
    if intake is None:
        return  # removed before its turn came
    try:
        propose(intake)
    except Exception as error:  # the curator reads why on the queue page; a worker must not die of one document
        logger.exception("Proposing intake #%s failed", intake_id)
        message = f"{type(error).__name__}: {error}".strip()
        Intake.objects.filter(pk=intake_id).update(status=Intake.Status.FAILED, error=message[:2000])


def document_of(intake):
    """The proposer's view of the intake: its body, and its publication as confirmed (else as extracted)."""
    if intake.source is not None:
        publisher, published_on = intake.source.publisher, intake.source.published_on
    else:
        publisher, published_on = fetch.publisher_named(intake.publisher_name), intake.published_on
    return Document(
        text=intake.body,
        title=intake.source.title if intake.source else intake.title,
        publisher=publisher.slug if publisher else None,
        published_on=published_on,
    )


def propose(intake):
    """Replaces the intake's undecided candidates with what the proposer finds now, leaving out every quote a
    curator has decided on in any intake of the same document (accepted, merged or rejected). The progress the
    queue page shows is the ranking's, proposal by proposal: the slow part."""
    Intake.objects.filter(pk=intake.pk).update(
        status=Intake.Status.RUNNING, progress_done=0, progress_total=0, error=""
    )

    def ranked(done, total):
        Intake.objects.filter(pk=intake.pk).update(progress_done=done, progress_total=total)

    found = fetch.candidates(document_of(intake), on_progress=ranked)
    decided = Candidate.objects.filter(intake__in=Intake.objects.of_the_same_document(intake)).decided()
    decided_keys = set(decided.values_list("quote_key", flat=True))
    taken = set(intake.candidates.decided().values_list("start", "end"))
    fresh = []
    for candidate in found:  # one candidate per span (the database holds to it), none a curator decided on
        span = (candidate.proposal.start, candidate.proposal.end)
        if span not in taken and typography.typography_key(candidate.proposal.quote) not in decided_keys:
            fresh.append(candidate)
            taken.add(span)
    actors = dict(Actor.objects.values_list("slug", "pk"))
    topics = dict(Topic.objects.values_list("slug", "pk"))
    rows = [
        Candidate(intake=intake, position=position, **candidate_fields(candidate, actors, topics))
        for position, candidate in enumerate(fresh, start=1)
    ]
    with transaction.atomic():  # the page shows the old list or the new, never half of one
        intake.candidates.filter(status=Candidate.Status.PROPOSED).delete()
        Candidate.objects.bulk_create(rows)
        Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.READY)


def candidate_fields(candidate, actors, topics):
    """A proposal as a Candidate row's fields: slugs become keys (an actor or topic the record lacks, none)."""
    proposal = candidate.proposal
    return {
        "start": proposal.start,
        "end": proposal.end,
        "quote": proposal.quote,
        "quote_key": typography.typography_key(proposal.quote),
        "locator": proposal.locator[:200],
        "speaker_id": actors.get(proposal.speaker),
        "party_id": actors.get(proposal.party),
        "reported_by_id": actors.get(proposal.reported_by),
        "cited_id": actors.get(proposal.cited),
        "stated_on": proposal.stated_on,
        "date_precision": proposal.date_precision,
        "date_basis": proposal.date_basis,
        "date_note": proposal.date_note[:300],
        "topic_id": topics.get(proposal.topic),
        "stance": proposal.stance or "",
        "wording": proposal.wording or "",
        "paraphrase": proposal.quote,
        "summary": proposal.quote,
        "counterparts": [asdict(hint) for hint in candidate.counterparts],
        "recorded": asdict(candidate.recorded) if candidate.recorded else None,
        "cues": list(proposal.cues),
    }
