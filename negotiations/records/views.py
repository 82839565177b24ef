"""The record pages: actors, statements and sources, listed and one by one, and each term's provenance page."""

from django.db.models import F, Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from negotiations.citing import citation
from negotiations.citing.context import corrections_context, record_context
from negotiations.models import Actor, Counterpart, Demand, Side, Source, Statement
from negotiations.records import fetch, provenance
from negotiations.records.filters import StatementFilter
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
    actor = get_object_or_404(Actor.objects.select_related("parent"), slug=slug)
    statements = Statement.objects.said_by(actor).with_related().order_by(F("stated_on").desc(nulls_last=True), "pk")
    context = {
        "actor": actor,
        "members": actor.members.all(),
        "statements": statements[:RECORDS_PER_SECTION],
        "demands": Demand.objects.held_or_voiced_by(actor).with_related().newest_first()[:RECORDS_PER_SECTION],
        "publications": actor.publications.order_by("-published_on")[:RECORDS_PER_SECTION],
        **corrections_context("actor", actor),
    }
    return TemplateResponse(request, "negotiations/actor_detail.html", context)


@public_page(query=StatementFilter, partial="results")
def statement_list(request, query):
    statements = query.qs.with_related() if query.is_valid() else Statement.objects.none()
    statements = statements.order_by(F("stated_on").desc(nulls_last=True), "pk")
    page, page_notice = paginate(statements, STATEMENTS_PER_PAGE, query.form.cleaned_data.get("page", 1))
    context = {"form": query.form, "page": page, "page_notice": page_notice, "date_range": query.form.date_range}
    return TemplateResponse(request, "negotiations/statement_list.html", context)


@public_page(daily=True)
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.with_related(source_text=True), pk=pk)
    trace = fetch.trace_of(statement)
    permalink = request.build_absolute_uri(statement.get_absolute_url())
    json_ld = citation.quotation(
        statement, statement, trace.sources, permalink, request.data_version, request.build_absolute_uri
    )
    context = {
        "statement": statement,
        "trace": trace,
        "demands": statement.demands.select_related("party", "topic").in_document_order(),
        "passage": provenance.passage_around(statement.source.body, statement.quote),
        **record_context(request, "statement", statement, citation.of_statement, json_ld, sources=trace.sources),
    }
    return TemplateResponse(request, "negotiations/statement_detail.html", context)


@public_page
def source_list(request):
    sources = Source.objects.select_related("publisher").order_by(F("published_on").desc(nulls_last=True), "title")
    return TemplateResponse(request, "negotiations/source_list.html", {"sources": sources})


@public_page(daily=True)
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("publisher"), slug=slug)
    statements = list(source.statements.select_related("actor").order_by("pk"))
    # Each term names whose words it quotes: its statement's speaker, and this source's publisher.
    demands = list(
        Demand.objects.filter(statement__source=source)
        .select_related("party", "statement__actor", "statement__source__publisher")
        .defer("statement__source__body")
        .order_by("pk")
    )
    passages = [(s.quote, ("statement", s)) for s in statements] + [(d.quote, ("demand", d)) for d in demands]
    context = {
        "source": source,
        "cites": source.cites.select_related("publisher"),
        "cited_by": source.cited_by.select_related("publisher"),
        "first_carried": source.first_carried.select_related("actor"),
        "statements": statements,
        "demands": demands,
        "segments": provenance.mark_passages(source.body, passages),
        "search_url": citation.search_url(source.title, source.publisher.name),
        "relying": [] if source.body else fetch.statements_relying_on(source),
        **record_context(request, "source", source, citation.of_source),
    }
    return TemplateResponse(request, "negotiations/source_detail.html", context)


@public_page(partial="provenance", daily=True)
def demand_detail(request, slug):
    """A term's provenance: quote highlighted in its source's text, the source, and the reporting chain."""
    demand = get_object_or_404(
        # The provenance quotes its passage from the source's text: keep the body this time.
        Demand.objects.with_related(source_text=True).select_related("statement__reported_by"),
        slug=slug,
    )
    statement = demand.statement
    answers = Counterpart.objects.filter(Q(demand=demand) | Q(answer=demand)).select_related(
        "demand__party", "answer__party"
    )
    trace = fetch.trace_of(statement)
    context = {
        "demand": demand,
        "statement": statement,
        "passage": provenance.passage_around(statement.source.body, demand.quote),
        "trace": trace,
        "answers": [(link, link.answer if link.demand_id == demand.pk else link.demand) for link in answers],
    }
    permalink = request.build_absolute_uri(demand.get_absolute_url())
    about = citation.about_term(demand, demand.topic.name)
    json_ld = citation.quotation(
        demand, statement, trace.sources, permalink, request.data_version, request.build_absolute_uri, about
    )
    context |= record_context(request, "demand", demand, citation.of_demand, json_ld, sources=trace.sources)
    return TemplateResponse(request, "negotiations/demand_detail.html", context)
