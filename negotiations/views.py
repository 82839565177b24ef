"""Public pages: read-only, GET (and HEAD) only. Same URL, same view, full page or htmx fragment."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import comparison
from .forms import CompareForm
from .models import Counterpart, Demand, Relation, Side, Source, Statement, Topic


def page_or_partial(request, template, partial):
    """The full page, or only `partial` for an htmx request that is not restoring history."""
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


def statement_or_404(value):
    statement = Statement.objects.identified_by(value).select_related("actor", "cited_source__publisher").first()
    if statement is None:
        raise Http404(f"No statement “{value}”.")
    return statement


def oriented_links(left_ids, right_ids):
    """Counterpart links among the terms, each turned to read left → right, whichever way it was stored."""
    left_ids, right_ids = set(left_ids), set(right_ids)
    everything = left_ids | right_ids
    links = []
    stored = Counterpart.objects.filter(demand__in=everything, answer__in=everything).values_list(
        "demand_id", "answer_id", "relation", "note"
    )
    for demand_id, answer_id, relation, note in stored:
        if demand_id in left_ids and answer_id in right_ids:
            links.append(comparison.Link(demand_id, answer_id, relation, note))
        elif answer_id in left_ids and demand_id in right_ids:
            links.append(comparison.Link(answer_id, demand_id, relation, note))
    return links


def build_comparison(form):
    """Both sides' terms, aligned into rows by topic, with a summary. Five queries, whatever the number of terms."""
    data = form.cleaned_data
    if form.by_dates:
        left_terms = Demand.objects.for_party(Side.RUSSIA).stated_between(data["start"], data["end"])
        right_terms = Demand.objects.for_party(Side.UKRAINE).stated_between(data["start"], data["end"])
        left_label, right_label = Side.RUSSIA.label, Side.UKRAINE.label
        left_statement = right_statement = None
    else:
        left_statement = (
            statement_or_404(data["left"]) if data["left"] else Statement.objects.latest_memorandum_of(Side.RUSSIA)
        )
        right_statement = (
            statement_or_404(data["right"]) if data["right"] else Statement.objects.latest_memorandum_of(Side.UKRAINE)
        )
        left_terms = Demand.objects.filter(statement=left_statement)
        right_terms = Demand.objects.filter(statement=right_statement)
        left_label = left_statement.actor.name if left_statement else Side.RUSSIA.label
        right_label = right_statement.actor.name if right_statement else Side.UKRAINE.label

    left_terms = list(left_terms.with_related().in_document_order())
    right_terms = list(right_terms.with_related().in_document_order())
    links = oriented_links([term.pk for term in left_terms], [term.pk for term in right_terms])
    topics = list(Topic.objects.all())
    groups = comparison.align([(topic.pk, topic) for topic in topics], left_terms, right_terms, links)
    chosen_topics = set(data.get("topic") or [])
    if chosen_topics:
        groups = [group for group in groups if group.topic in chosen_topics]
    groups = comparison.filter_groups(groups, data.get("relation"))
    return {
        "groups": groups,
        "summary": comparison.summarise(groups, left_terms, right_terms, links),
        "left_label": left_label,
        "right_label": right_label,
        "left_statement": left_statement,
        "right_statement": right_statement,
        "relation_labels": dict(Relation.choices),
        "term_count": len(left_terms) + len(right_terms),
    }


def statement_choices(*chosen):
    """The menus offer the memoranda, and whatever statement the URL chose besides."""
    choices = list(Statement.objects.memoranda().select_related("actor"))
    choices += [statement for statement in chosen if statement is not None and statement not in choices]
    return choices


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def compare(request, *, is_home=False):
    form = CompareForm(request.GET)
    context = {"form": form, "is_home": is_home}
    if form.is_valid():
        context.update(build_comparison(form))
    template = page_or_partial(request, "negotiations/compare.html", "comparison")
    if "#" not in template:
        context["statement_choices"] = statement_choices(context.get("left_statement"), context.get("right_statement"))
    return TemplateResponse(request, template, context)


def home(request):
    return compare(request, is_home=True)


@require_safe
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def demand_detail(request, slug):
    """A term's provenance: quote highlighted in its source's text, the source, and the reporting chain."""
    demand = get_object_or_404(
        Demand.objects.with_related().select_related("statement__reported_by", "statement__source"), slug=slug
    )
    statement = demand.statement
    source = statement.source
    # Two levels of citations cover article → assessment → first publication, in a fixed number of queries.
    with_publisher = Source.objects.select_related("publisher")
    cited = {
        s.pk: s for s in source.cites.select_related("publisher").prefetch_related(Prefetch("cites", with_publisher))
    }
    graph = {source.pk: list(cited.values())} | {pk: list(s.cites.all()) for pk, s in cited.items()}
    chain = comparison.citation_chain(source, statement.cited_source, lambda s: graph.get(s.pk, []))
    answers = Counterpart.objects.filter(Q(demand=demand) | Q(answer=demand)).select_related(
        "demand__party", "answer__party"
    )
    context = {
        "demand": demand,
        "statement": statement,
        "source": source,
        "passage": comparison.passage_around(source.body, demand.quote),
        "chain": chain,
        "first_publication": statement.cited_source if statement.cited_source not in chain else None,
        "answers": [(link, link.answer if link.demand_id == demand.pk else link.demand) for link in answers],
    }
    template = page_or_partial(request, "negotiations/demand_detail.html", "provenance")
    return TemplateResponse(request, template, context)
