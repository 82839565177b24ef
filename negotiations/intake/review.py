"""The review queue's decisions on a candidate: accept it (a Statement and its Demand), merge several into one
Statement (one term each), or reject it (kept, so that proposing again does not bring it back).

What a decision saves goes through the admin's own forms of Statement, Demand and Counterpart (the ModelAdmin's
get_form), so it is checked exactly as a curator's save there is: required fields, dates, constraints, and the
verbatim check of the quote against the source's text. Quote matching forgives typography only: a quote typed
with straight quotes or apostrophes, other dashes or spacing where the source differs is stored as the source
has it (typography.find_verbatim), and the curator is told so.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db import transaction
from django.utils.text import slugify

from negotiations.intake import typography
from negotiations.models import Candidate, Counterpart, Demand, Statement

# A record's field, as the candidate's form names it (the speaker is the statement's actor).
CANDIDATE_FIELD = {"actor": "speaker"}
FORM_FIELDS = {
    "quote", "locator", "speaker", "party", "reported_by", "kind", "title", "summary", "topic", "stance",
    "paraphrase", "wording", "stated_on", "date_precision", "date_basis", "date_note",
}  # fmt: skip


class Refused(Exception):
    """A decision the record's checks refused: their messages, by the candidate's field where one is named."""

    def __init__(self, errors, candidate=None):
        super().__init__(errors)
        self.errors = errors  # {field name or None: [message, ...]}
        self.candidate = candidate  # the candidate's pk whose form the messages belong to, when known


@dataclass
class Decision:
    """What a decision made: the statement, its new terms, and the quotes stored as the source has them."""

    statement: Statement
    demands: list[Demand] = field(default_factory=list)
    retyped: list[str] = field(default_factory=list)


def as_the_source_has_it(quote, body):
    """`quote` as it stands in `body`, and whether only its typography differed; unchanged when it is not there,
    for the verbatim check to refuse."""
    if not quote or quote in body:
        return quote, False
    span = typography.find_verbatim(quote, body)
    if span is None:
        return quote, False
    return body[span[0] : span[1]], True


def unique_slug(model, text, taken=()):
    base = slugify(text)[:80].strip("-") or model._meta.model_name
    slug, number = base, 1
    while slug in taken or model.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def refused_by(form):
    """A record's form's errors, named by the candidate's fields (those it has no field for, on the whole)."""
    errors = {}
    for name, messages in form.errors.items():
        mine = CANDIDATE_FIELD.get(name, name)
        errors.setdefault(mine if mine in FORM_FIELDS else None, []).extend(messages)
    return Refused(errors)


def save_through_admin(request, model, data, reason):
    """Saves a new `model` record from `data` through the admin's form for it, with `reason` in its history."""
    form_class = admin.site.get_model_admin(model).get_form(request)
    form = form_class(data={**data, "version": ""})
    if not form.is_valid():
        raise refused_by(form)
    form.instance._change_reason = reason
    return form.save()


def form_value(value):
    if value is None:
        return ""
    return getattr(value, "pk", value)


def statement_data(intake, values, quote):
    names = ["kind", "title", "summary", "stated_on", "date_precision", "date_basis", "date_note", "wording"]
    return {
        **{name: form_value(values.get(name)) for name in names},
        "slug": unique_slug(Statement, values.get("title") or quote[:60]),
        "actor": form_value(values.get("speaker")),
        "reported_by": form_value(values.get("reported_by")),
        "source": intake.source_id or "",
        "quote": quote,
    }


def save_demand(request, intake, statement, values, quote, position):
    names = ["party", "topic", "stance", "paraphrase", "wording", "locator"]
    data = {name: form_value(values.get(name)) for name in names}
    slug = unique_slug(Demand, values.get("paraphrase") or quote[:60])
    data |= {"slug": slug, "quote": quote, "position": position, "statement": statement.pk}
    demand = save_through_admin(request, Demand, data, intake.change_reason)
    for link in values.get("links", []):
        save_link(request, intake, demand, link)
    return demand


def save_link(request, intake, demand, link):
    """One counterpart link of the new term, through the admin's form; refused at the row of the term it links."""
    try:
        save_through_admin(request, Counterpart, {"demand": demand.pk, **link}, intake.change_reason)
    except Refused as refusal:
        said = [message for messages in refusal.errors.values() for message in messages]
        raise Refused({f"relation_{link['answer']}": said}) from None


def save_demand_of(request, intake, candidate, statement, values, quote, position):
    """save_demand for `candidate`: a refusal names it, so that its messages stand at its form when merging."""
    try:
        return save_demand(request, intake, statement, values, quote, position)
    except Refused as refusal:
        refusal.candidate = candidate.pk
        raise


def locked_undecided(candidates):
    """The candidates, locked until the decision commits, refused if another curator decided on one meanwhile."""
    locked = list(Candidate.objects.select_for_update().filter(pk__in=[c.pk for c in candidates]).in_text_order())
    if len(locked) != len(candidates) or any(c.status != Candidate.Status.PROPOSED for c in locked):
        raise Refused({None: ["Someone decided on this candidate meanwhile: the page now shows what they decided."]})
    return locked


def keep_edits(candidate, values, quote, **decision):
    """The candidate as the curator left it, with the decision's outcome."""
    for name in FORM_FIELDS & {f.name for f in Candidate._meta.fields} & set(values):
        setattr(candidate, name, values[name])
    candidate.quote, candidate.quote_key = quote, typography.typography_key(quote)
    for name, value in decision.items():
        setattr(candidate, name, value)
    candidate.save()


def source_of(intake):
    if intake.source is None:
        raise Refused({None: ["Confirm the document's source first (above): a quote is taken from a source."]})
    return intake.source


def accept(request, intake, candidate, values):
    """One candidate accepted: a Statement and its Demand, linked to each counterpart given a relation."""
    with transaction.atomic():
        locked_undecided([candidate])
        quote, retyped = as_the_source_has_it(values.get("quote") or candidate.quote, source_of(intake).body)
        data = statement_data(intake, values, quote)
        statement = save_through_admin(request, Statement, data, intake.change_reason)
        demand = save_demand_of(request, intake, candidate, statement, values, quote, position=0)
        keep_edits(candidate, values, quote, status=Candidate.Status.ACCEPTED, statement=statement, demand=demand)
    return Decision(statement, [demand], [quote] if retyped else [])


def merge(request, intake, chosen):
    """Several candidates as one Statement, each its own term: the statement is the first's (its speaker, date and
    wording), its quote the passage from the first quote to the last, as the source has it."""
    if len(chosen) < 2:
        raise Refused({None: ["Choose at least two candidates to merge into one statement."]})
    body = source_of(intake).body
    with transaction.atomic():
        locked_undecided([candidate for candidate, _ in chosen])
        quotes = [as_the_source_has_it(values.get("quote") or c.quote, body) for c, values in chosen]
        spans = [(body.find(quote), body.find(quote) + len(quote)) for quote, _ in quotes]
        if any(start < 0 for start, _ in spans):
            passage = " … ".join(quote for quote, _ in quotes)  # the verbatim check names the one missing
        else:
            passage = body[min(start for start, _ in spans) : max(end for _, end in spans)]
        lead, lead_values = chosen[0]
        data = statement_data(intake, lead_values, passage)
        statement = save_through_admin(request, Statement, data, intake.change_reason)
        decision = Decision(statement, retyped=[quote for quote, retyped in quotes if retyped])
        for position, ((candidate, values), (quote, _)) in enumerate(zip(chosen, quotes, strict=True)):
            demand = save_demand_of(request, intake, candidate, statement, values, quote, position)
            outcome = {"status": Candidate.Status.MERGED, "merged_into": lead}
            if candidate == lead:
                outcome = {"status": Candidate.Status.ACCEPTED}
            keep_edits(candidate, values, quote, statement=statement, demand=demand, **outcome)
            decision.demands.append(demand)
    return decision


def reject(intake, candidate, values):
    """Kept, as rejected, with the curator's edits: proposing again leaves its quote out."""
    with transaction.atomic():
        locked_undecided([candidate])
        keep_edits(candidate, values, values.get("quote") or candidate.quote, status=Candidate.Status.REJECTED)
