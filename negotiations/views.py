"""Public pages: read-only, GET (and HEAD) only. Same URL, same view, full page or htmx fragment."""

import csv
import itertools
import json

from django.core.paginator import Paginator
from django.db.models import F, Prefetch, Q
from django.http import Http404, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from . import comparison, timeline
from .caching import cached_page
from .filters import DemandFilter, StatementFilter
from .forms import CompareForm
from .models import Actor, Counterpart, Demand, Relation, Side, Source, Statement, Topic


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


TERMS_PER_TOPIC = 8


def build_comparison(form):
    """Both sides' terms, aligned into rows by topic, with a summary, in a number of queries that does not
    depend on the number of terms."""
    data = form.cleaned_data
    hidden = {}
    if form.by_dates:
        in_range = Demand.objects.stated_between(data["start"], data["end"])
        # A range can hold thousands of terms: each side shows its latest few per topic, and says how many more.
        left_terms = in_range.for_party(Side.RUSSIA).latest_per_topic(TERMS_PER_TOPIC)
        right_terms = in_range.for_party(Side.UKRAINE).latest_per_topic(TERMS_PER_TOPIC)
        hidden = {
            (row["party__side"], row["topic_id"]): row["count"] - TERMS_PER_TOPIC
            for row in in_range.of_the_parties().counts_per_side_and_topic()
            if row["count"] > TERMS_PER_TOPIC
        }
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
    for group in groups:
        group.more_left = hidden.get((Side.RUSSIA.value, group.topic.pk), 0)
        group.more_right = hidden.get((Side.UKRAINE.value, group.topic.pk), 0)
    chosen_topics = set(data.get("topic") or [])
    if chosen_topics:
        groups = [group for group in groups if group.topic in chosen_topics]
    groups = comparison.filter_groups(groups, data.get("relation"))
    summary = comparison.summarise(groups, left_terms, right_terms)
    # The counts are of every term in the range, shown or not.
    summary.left_count += sum(more for (side, _), more in hidden.items() if side == Side.RUSSIA)
    summary.right_count += sum(more for (side, _), more in hidden.items() if side == Side.UKRAINE)
    return {
        "groups": groups,
        "summary": summary,
        "left_label": left_label,
        "right_label": right_label,
        "left_statement": left_statement,
        "right_statement": right_statement,
        "relation_labels": dict(Relation.choices),
    }


def statement_choices(*chosen):
    """The menus offer the memoranda, and whatever statement the URL chose besides."""
    choices = list(Statement.objects.memoranda().select_related("actor"))
    choices += [statement for statement in chosen if statement is not None and statement not in choices]
    return choices


@require_safe
@cached_page
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


@require_safe
def home(request):
    return compare(request, is_home=True)


@require_safe
@cached_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def demand_detail(request, slug):
    """A term's provenance: quote highlighted in its source's text, the source, and the reporting chain."""
    demand = get_object_or_404(
        # The provenance quotes its passage from the source's text: keep the body this time.
        Demand.objects.with_related(source_text=True).select_related("statement__reported_by"),
        slug=slug,
    )
    statement = demand.statement
    source = statement.source
    chain = citation_chain_of(statement)
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


# --- Demands explorer ---------------------------------------------------------------------------

DEMANDS_PER_PAGE = 50


def describe_range(start, end):
    """“from 1 May 2025 to 30 June 2025”, “since 1 May 2025”, “until …”, or “” for all dates."""
    day = "{d.day} {d:%B %Y}".format
    if start and end:
        return f"from {day(d=start)} to {day(d=end)}"
    if start:
        return f"since {day(d=start)}"
    if end:
        return f"until {day(d=end)}"
    return ""


def filtered_demands(request):
    """The explorer's filter over the query string, and its rows in the order asked for (newest first by default)."""
    demand_filter = DemandFilter(request.GET, queryset=Demand.objects.with_related())
    if not demand_filter.is_valid():
        return demand_filter, Demand.objects.none()
    demands = demand_filter.qs
    demands = demands.oldest_first() if request.GET.get("sort") == "oldest" else demands.newest_first()
    return demand_filter, demands


@require_safe
@cached_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def demand_list(request):
    demand_filter, demands = filtered_demands(request)
    paginator = Paginator(demands, DEMANDS_PER_PAGE)
    asked = request.GET.get("page", "")
    page = paginator.get_page(asked)
    page_notice = ""
    if asked and asked != str(page.number):
        page_notice = f"There is no page “{asked[:20]}”; showing page {page.number} of {paginator.num_pages}."
    data = demand_filter.form.cleaned_data if demand_filter.is_valid() else {}
    template = page_or_partial(request, "negotiations/demand_list.html", "results")
    context = {
        "filter": demand_filter,
        "form": demand_filter.form,
        "page": page,
        "page_notice": page_notice,
        "sort": "oldest" if request.GET.get("sort") == "oldest" else "newest",
        "range_text": describe_range(data.get("from"), data.get("to")),
        "is_fragment": "#" in template,
        "export_query": request.GET.urlencode(),
    }
    return TemplateResponse(request, template, context)


EXPORT_FIELDS = [
    "stated_on",
    "date_precision",
    "party",
    "topic",
    "stance",
    "paraphrase",
    "quote",
    "locator",
    "said_by",
    "reported_by",
    "source_publisher",
    "source_title",
    "source_published_on",
    "first_published_by",
    "link",
]


def export_row(demand, build_uri):
    statement = demand.statement
    source = statement.source
    return {
        "stated_on": statement.stated_on.isoformat() if statement.stated_on else "",
        "date_precision": statement.date_precision,
        "party": demand.party.name,
        "topic": demand.topic.name,
        "stance": demand.get_stance_display(),
        "paraphrase": demand.paraphrase,
        "quote": demand.quote,
        "locator": demand.locator,
        "said_by": statement.actor.name,
        "reported_by": statement.reported_by.name if statement.reported_by else "",
        "source_publisher": source.publisher.name,
        "source_title": source.title,
        "source_published_on": source.published_on.isoformat() if source.published_on else "",
        "first_published_by": statement.cited_source.publisher.name if statement.cited_source else "",
        "link": build_uri(demand.get_absolute_url()),
    }


def export_filename(form_data, extension):
    start, end = form_data.get("from"), form_data.get("to")
    if not (start or end):
        return f"demands-all-dates.{extension}"
    return f"demands-{start.isoformat() if start else 'start'}-to-{end.isoformat() if end else 'latest'}.{extension}"


class Echo:
    """csv.writer writes into this and gets each line back, so rows stream instead of piling up."""

    def write(self, value):
        return value


@require_safe
def demand_export(request, extension):
    demand_filter, demands = filtered_demands(request)
    if not demand_filter.is_valid():
        messages = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in demand_filter.errors.items())
        return HttpResponseBadRequest(f"Cannot export: {messages}", content_type="text/plain; charset=utf-8")
    rows = (export_row(demand, request.build_absolute_uri) for demand in demands.iterator(chunk_size=500))
    if extension == "csv":
        writer = csv.DictWriter(Echo(), fieldnames=EXPORT_FIELDS)
        lines = itertools.chain([writer.writeheader()], (writer.writerow(row) for row in rows))
        response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(json_array(rows), content_type="application/json")
    filename = export_filename(demand_filter.form.cleaned_data, extension)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_array(rows):
    yield "["
    for index, row in enumerate(rows):
        yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield "\n]\n"


# --- Timeline -----------------------------------------------------------------------------------


TIMELINE_TERM_LIMIT = 600
UNDATED_LIMIT = 100


@require_safe
@cached_page
def timeline_page(request):
    """Each side's terms over time, one lane per topic. Undated terms are listed, not placed.

    Up to TIMELINE_TERM_LIMIT dated terms are drawn one by one; beyond that, as counts per month, topic and
    side, each leading to the explorer for that month — a picture of 100,000 single marks says nothing.
    """
    topics = list(Topic.objects.all())
    lane_of = {topic.pk: index for index, topic in enumerate(topics)}
    topic_of = {topic.pk: topic for topic in topics}
    parties = Demand.objects.of_the_parties()
    # One aggregate gives both the number of dated terms and, when there are many, the picture itself.
    monthly = list(parties.monthly_counts())
    dated_count = sum(row["count"] for row in monthly)
    undated = list(parties.filter(stated_on=None).select_related("party", "topic", "statement")[:UNDATED_LIMIT])
    dated, marks = [], []
    if dated_count <= TIMELINE_TERM_LIMIT:
        dated = list(parties.exclude(stated_on=None).select_related("party", "topic", "statement").oldest_first())
        marks = [
            timeline.Mark(
                key=demand.pk,
                side=demand.party.side,
                lane=lane_of[demand.topic_id],
                day=demand.stated_on,
                precision=demand.statement.date_precision,
                approximate=demand.statement.date_is_approximate,
                label=f"{demand.party.name}, {demand.statement.date_display}: {demand.paraphrase}",
                url=demand.get_absolute_url(),
            )
            for demand in dated
        ]
    else:
        explorer = reverse("demand_list")
        for row in monthly:
            start, end = timeline.period_of(row["month"], "month")
            side = Side(row["party__side"])
            marks.append(
                timeline.Mark(
                    key=(row["topic_id"], side, start),
                    side=side.value,
                    lane=lane_of[row["topic_id"]],
                    day=start,
                    precision="month",
                    approximate=False,
                    label=f"{side.label}: {row['count']} terms in {start:%B %Y}",
                    url=f"{explorer}?party={side.value}&topic={topic_of[row['topic_id']].slug}"
                    f"&from={start.isoformat()}&to={end.isoformat()}",
                    count=row["count"],
                    lane_name=topic_of[row["topic_id"]].name,
                )
            )
    context = {
        "topics": topics,
        "picture": timeline.layout(marks, len(topics)),
        "dated": dated,
        "dated_count": dated_count,
        "binned": dated_count > TIMELINE_TERM_LIMIT,
        "undated": undated,
        "undated_more": max(0, parties.filter(stated_on=None).count() - UNDATED_LIMIT) if undated else 0,
    }
    return TemplateResponse(request, "negotiations/timeline.html", context)


# --- Actors, statements, sources ------------------------------------------------------------------

STATEMENTS_PER_PAGE = 30


@require_safe
@cached_page
def actor_list(request):
    actors = Actor.objects.select_related("parent").order_by("side", "name")
    sides = [(label, [actor for actor in actors if actor.side == value]) for value, label in Side.choices]
    return TemplateResponse(request, "negotiations/actor_list.html", {"sides": [s for s in sides if s[1]]})


@require_safe
@cached_page
def actor_detail(request, slug):
    actor = get_object_or_404(Actor.objects.select_related("parent"), slug=slug)
    statements = Statement.objects.filter(Q(actor=actor) | Q(actor__parent=actor)).with_related()
    held = Demand.objects.filter(Q(party=actor) | Q(statement__actor=actor)).with_related().newest_first()
    context = {
        "actor": actor,
        "members": actor.members.all(),
        "statements": statements.order_by(F("stated_on").desc(nulls_last=True), "pk")[:200],
        "demands": held[:200],
        "publications": actor.publications.order_by("-published_on")[:200],
    }
    return TemplateResponse(request, "negotiations/actor_detail.html", context)


@require_safe
@cached_page
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def statement_list(request):
    statement_filter = StatementFilter(request.GET, queryset=Statement.objects.with_related())
    statements = statement_filter.qs if statement_filter.is_valid() else Statement.objects.none()
    statements = statements.order_by(F("stated_on").desc(nulls_last=True), "pk")
    page = Paginator(statements, STATEMENTS_PER_PAGE).get_page(request.GET.get("page"))
    data = statement_filter.form.cleaned_data if statement_filter.is_valid() else {}
    template = page_or_partial(request, "negotiations/statement_list.html", "results")
    context = {
        "form": statement_filter.form,
        "page": page,
        "range_text": describe_range(data.get("from"), data.get("to")),
        "is_fragment": "#" in template,
    }
    return TemplateResponse(request, template, context)


@require_safe
@cached_page
def statement_detail(request, pk):
    statement = get_object_or_404(Statement.objects.with_related(source_text=True), pk=pk)
    context = {
        "statement": statement,
        "chain": citation_chain_of(statement),
        "demands": statement.demands.select_related("party", "topic").in_document_order(),
        "passage": comparison.passage_around(statement.source.body, statement.quote),
    }
    return TemplateResponse(request, "negotiations/statement_detail.html", context)


def citation_chain_of(statement):
    """Source → … → first publication, in two queries (two levels of citation cover the articles held)."""
    source = statement.source
    with_publisher = Source.objects.select_related("publisher")
    cited = {
        s.pk: s for s in source.cites.select_related("publisher").prefetch_related(Prefetch("cites", with_publisher))
    }
    graph = {source.pk: list(cited.values())} | {pk: list(s.cites.all()) for pk, s in cited.items()}
    return comparison.citation_chain(source, statement.cited_source, lambda s: graph.get(s.pk, []))


@require_safe
@cached_page
def source_list(request):
    sources = Source.objects.select_related("publisher").order_by(F("published_on").desc(nulls_last=True), "title")
    return TemplateResponse(request, "negotiations/source_list.html", {"sources": sources})


@require_safe
@cached_page
def source_detail(request, slug):
    source = get_object_or_404(Source.objects.select_related("publisher"), slug=slug)
    statements = list(source.statements.select_related("actor").order_by("pk"))
    demands = list(Demand.objects.filter(statement__source=source).select_related("party").order_by("pk"))
    passages = [(s.quote, ("statement", s)) for s in statements] + [(d.quote, ("demand", d)) for d in demands]
    context = {
        "source": source,
        "cites": source.cites.select_related("publisher"),
        "cited_by": source.cited_by.select_related("publisher"),
        "first_carried": source.first_carried.select_related("actor"),
        "statements": statements,
        "demands": demands,
        "segments": timeline.mark_passages(source.body, passages),
    }
    return TemplateResponse(request, "negotiations/source_detail.html", context)
