"""The record pages: actors, statements and sources, listed and one by one, and each term's provenance page."""

from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject

from negotiations.citing import citation, sharing, versions
from negotiations.citing import history as changes
from negotiations.citing.context import corrections_context, record_context
from negotiations.models import Actor, Counterpart, Demand, Side, Source, Statement
from negotiations.records import fetch, past, provenance
from negotiations.records.filters import StatementFilter
from negotiations.records.forms import VersionForm
from negotiations.web.pages import paginate, public_page

STATEMENTS_PER_PAGE = 30
RECORDS_PER_SECTION = 200


@public_page
def actor_list(request):
    actors = Actor.objects.select_related("parent").order_by("side", "name")
    sides = [(label, [actor for actor in actors if actor.side == value]) for value, label in Side.choices]
    return TemplateResponse(request, "negotiations/actor_list.html", {"sides": [s for s in sides if s[1]]})


@public_page
def actor_detail(request, slug):
    actor = Actor.objects.select_related("parent").filter(slug=slug).first()
    if actor is None:
        return missing(request, "actor", slug=slug)
    statements = Statement.objects.said_by(actor).with_related().order_by(F("stated_on").desc(nulls_last=True), "pk")
    context = {
        "actor": actor,
        "members": actor.members.all(),
        "statements": statements[:RECORDS_PER_SECTION],
        "demands": Demand.objects.held_or_voiced_by(actor).with_related().newest_first()[:RECORDS_PER_SECTION],
        "publications": actor.publications.order_by("-published_on")[:RECORDS_PER_SECTION],
        **corrections_context("actor", actor),
        "share": sharing.of_actor(actor),
    }
    return TemplateResponse(request, "negotiations/actor_detail.html", context)


@public_page(query=StatementFilter, partial="results")
def statement_list(request, query):
    statements = query.qs.with_related() if query.is_valid() else Statement.objects.none()
    statements = statements.order_by(F("stated_on").desc(nulls_last=True), "pk")
    page, page_notice = paginate(statements, STATEMENTS_PER_PAGE, query.form.cleaned_data.get("page", 1))
    context = {"form": query.form, "page": page, "page_notice": page_notice, "date_range": query.form.date_range}
    return TemplateResponse(request, "negotiations/statement_list.html", context)


# --- One record: as it is, as it stood at a past data version, or what is left of it --------------------------


def reading_asked(request, query):
    """The past version the page is asked to show (versions.Reading), or None for the record as it is now;
    NotReadable for a version that cannot be shown (a bad number: 400)."""
    if not query.is_valid():
        raise versions.NotReadable(400, " ".join(query.errors["version"]))
    number = query.cleaned_data["version"]
    return None if number is None else versions.Reading.of(number, request.data_version)


def status_page(request, template, context, status):
    """A whole page answering with an error status, rendered here rather than by @public_page: a fragment request
    (a term's provenance opened inline) would otherwise ask `template#provenance`, a partial it has not; htmx
    swaps no error answer, and reports it instead."""
    return render(request, template, {"data_version": request.data_version, **context}, status=status)


def unreadable(request, refusal, kind, record_url=""):
    context = {"message": refusal.message, "kind_label": changes.KIND_LABELS[kind].lower(), "record_url": record_url}
    return status_page(request, "negotiations/version_unavailable.html", context, refusal.status)


def record_id(model, **lookup):
    """The id of the record the address names: standing now, or named so by its history (removed, or renamed)."""
    found = model.objects.filter(**lookup).values_list("pk", flat=True).first()
    if found is None:
        row = versions.last_version_of(model, **lookup)
        found = row.id if row is not None else None
    return found


def missing(request, kind, **lookup):
    """The address of no record standing now: a removed record's answers with its tombstone (410), anything else
    404, which a renamed record's former address turns into a redirect to its new one (web/moved.py)."""
    row = versions.last_version_of(versions.MODELS_BY_KIND[kind], **lookup)
    if row is None or row.history_type != "-":
        raise Http404(f"No {changes.KIND_LABELS[kind].lower()} at this address.")
    return tombstone(request, kind, row)


def tombstone(request, kind, row):
    """What a removed record was (its last public text), when it was removed, and where that is recorded."""
    last = versions.version_at(row.history_date)
    context = {
        "kind": kind,
        "kind_label": changes.KIND_LABELS[kind],
        "label": changes.label_of(kind, row, {}),
        "record": row,
        "removed_at": row.history_date,
        "removal_url": changes.removal_url(kind, row),
        "last_version": last,
        "last_version_url": f"{request.path}?version={last.version}" if last and kind in VERSIONED else "",
    }
    return status_page(request, "negotiations/tombstone.html", context, 410)


# The record pages that show a record as it stood at a past data version (?version=N).
VERSIONED = {"demand", "statement", "source"}


def past_or_refused(request, query, kind, page, respond, **lookup):
    """The answer to a record page asked for a past version (?version=N): the record as it stood then, or the
    refusal of a version that cannot be read; None when the page is asked for the record as it is now."""
    try:
        reading = reading_asked(request, query)
    except versions.NotReadable as refusal:
        return unreadable(request, refusal, kind, request.path)
    if reading is None:
        return None
    return past_page(request, kind, reading, record_id(versions.MODELS_BY_KIND[kind], **lookup), page, respond)


def past_page(request, kind, reading, pk, page, respond):
    """The record as it stood at the version read: `page(reading, pk)` builds the context (None when the record
    was not there), `respond` renders it as the current page is rendered."""
    context = page(reading, pk) if pk is not None else None
    if context is None:
        label = changes.KIND_LABELS[kind].lower()
        refusal = versions.NotReadable(404, f"This {label} was not in the record at data version {reading.version}.")
        return unreadable(request, refusal, kind, request.path if pk is not None else "")
    return respond(request, context, reading)


@public_page(query=VersionForm, daily=True)
def statement_detail(request, pk, query):
    past_answer = past_or_refused(request, query, "statement", past.statement_page, statement_response, id=pk)
    if past_answer is not None:
        return past_answer
    statement = Statement.objects.with_related(source_text=True).filter(pk=pk).first()
    if statement is None:
        return missing(request, "statement", id=pk)
    context = {
        "statement": statement,
        "trace": fetch.trace_of(statement),
        "demands": statement.demands.select_related("party", "topic").in_document_order(),
        "passage": provenance.passage_around(statement.source.body, statement.quote),
    }
    return statement_response(request, context, None)


def statement_response(request, context, reading):
    statement, sources = context["statement"], context["trace"].sources
    version = reading.stamp if reading is not None else request.data_version
    permalink = request.build_absolute_uri(statement.get_absolute_url())
    json_ld = citation.quotation(statement, statement, sources, permalink, version, request.build_absolute_uri)
    context |= record_context(request, "statement", statement, citation.of_statement, json_ld, reading, sources=sources)
    context["share"] = sharing.of_statement(statement, reading)
    return TemplateResponse(request, "negotiations/statement_detail.html", context)


@public_page
def source_list(request):
    sources = Source.objects.select_related("publisher").order_by(F("published_on").desc(nulls_last=True), "title")
    return TemplateResponse(request, "negotiations/source_list.html", {"sources": sources})


@public_page(query=VersionForm, daily=True)
def source_detail(request, slug, query):
    past_answer = past_or_refused(request, query, "source", past.source_page, source_response, slug=slug)
    if past_answer is not None:
        return past_answer
    source = Source.objects.select_related("publisher").filter(slug=slug).first()
    if source is None:
        return missing(request, "source", slug=slug)
    context = {
        "source": source,
        "cites": source.cites.select_related("publisher"),
        "cited_by": source.cited_by.select_related("publisher"),
        "first_carried": source.first_carried.select_related("actor"),
        "statements": list(source.statements.select_related("actor").order_by("pk")),
        # Each term names whose words it quotes: its statement's speaker, and this source's publisher.
        "demands": list(
            Demand.objects.filter(statement__source=source)
            .select_related("party", "statement__actor", "statement__source__publisher")
            .defer("statement__source__body")
            .order_by("pk")
        ),
        "relying": [] if source.body else fetch.statements_relying_on(source),
    }
    return source_response(request, context, None)


def source_response(request, context, reading):
    source = context["source"]
    passages = [(s.quote, ("statement", s)) for s in context["statements"]]
    passages += [(d.quote, ("demand", d)) for d in context["demands"]]
    context |= {
        "segments": provenance.mark_passages(source.body, passages),
        "search_url": citation.search_url(source.title, source.publisher.name),
        **record_context(request, "source", source, citation.of_source, reading=reading),
        "share": sharing.of_source(source, context["statements"], context["demands"], reading),
    }
    return TemplateResponse(request, "negotiations/source_detail.html", context)


@public_page(query=VersionForm, partial="provenance", daily=True)
def demand_detail(request, slug, query):
    """A term's provenance: quote highlighted in its source's text, the source, and the reporting chain."""
    past_answer = past_or_refused(request, query, "demand", past.demand_page, demand_response, slug=slug)
    if past_answer is not None:
        return past_answer
    demand = (
        # The provenance quotes its passage from the source's text: keep the body this time.
        Demand.objects.with_related(source_text=True).select_related("statement__reported_by").filter(slug=slug).first()
    )
    if demand is None:
        return missing(request, "demand", slug=slug)
    statement = demand.statement
    answers = Counterpart.objects.filter(Q(demand=demand) | Q(answer=demand)).select_related(
        "demand__party", "answer__party"
    )
    context = {
        "demand": demand,
        "statement": statement,
        "passage": provenance.passage_around(statement.source.body, demand.quote),
        "trace": fetch.trace_of(statement),
        "answers": [(link, link.answer if link.demand_id == demand.pk else link.demand) for link in answers],
        # Read when the page shows it, not for the provenance fragment (htmx), which does not.
        "status_changes": SimpleLazyObject(lambda: fetch.status_history(demand)),
    }
    return demand_response(request, context, None)


def demand_response(request, context, reading):
    demand, statement, sources = context["demand"], context["statement"], context["trace"].sources
    version = reading.stamp if reading is not None else request.data_version
    permalink = request.build_absolute_uri(demand.get_absolute_url())
    about = citation.about_term(demand, demand.topic.name)
    json_ld = citation.quotation(demand, statement, sources, permalink, version, request.build_absolute_uri, about)
    context |= record_context(request, "demand", demand, citation.of_demand, json_ld, reading, sources=sources)
    context["share"] = sharing.of_demand(demand, statement, reading)
    return TemplateResponse(request, "negotiations/demand_detail.html", context)
