"""/ and /compare/: two statements' terms, or each party's terms in a date range, side by side by topic."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from negotiations.citing import citation, coverage, sharing
from negotiations.citing.wording import held_by
from negotiations.compare import comparison, fetch
from negotiations.compare.forms import CompareForm
from negotiations.models import Relation, Side, Statement
from negotiations.web import htmx
from negotiations.web import statement_menus as menus
from negotiations.web.pages import public_page
from negotiations.web.query import parse_id


def statement_or_404(value):
    number = parse_id(value)
    key = number if number is not None else str(value)
    statement = Statement.objects.identified_by(key).select_related("actor", "cited_source__publisher").first()
    if statement is None:
        raise Http404(f"No statement “{value}”.")
    return statement


# A menu's first option, for the side the URL does not name: the home page's statement of the other party.
MENU_DEFAULT = "As on the home page"
OTHER_PARTY = {Side.RUSSIA: Side.UKRAINE, Side.UKRAINE: Side.RUSSIA}


def chosen_statements(data):
    """The two statements named in the URL. Neither named: the featured comparison the curators chose (until
    they choose one, each party's latest memorandum, Russia's on the left). One named: the other side gets the
    home page's statement of the party the named statement is not from (menus.default_statement)."""
    left = statement_or_404(data["left"]) if data["left"] else None
    right = statement_or_404(data["right"]) if data["right"] else None
    featured = menus.featured() if left is None or right is None else None
    if left is None and right is None and featured is not None:
        return featured.left, featured.right
    if left is None:
        named = fetch.side_of_statement(right) if right else None
        left = menus.default_statement(featured, OTHER_PARTY.get(named, Side.RUSSIA))
    if right is None:
        named = fetch.side_of_statement(left) if data["left"] else None
        right = menus.default_statement(featured, OTHER_PARTY.get(named, Side.UKRAINE))
    return left, right


def title_of(left, right, date_range):
    """The comparison's title, as cited and as shared."""
    if left and right:
        return f"{left.title} and {right.title}, term by term"
    return f"Russia's and Ukraine's terms {date_range.describe()}, term by term"


def cite(request, query, left, right, date_range):
    """The view as cited: its permalink names the two statements, so it keeps showing them when the curators
    feature another comparison."""
    state = query.state.copy()  # the page's own state is read only
    title = title_of(left, right, date_range)
    if left and right:
        state["left"], state["right"] = left.slug, right.slug
        date = f"{left.date_display}; {right.date_display}"
        origin = "; ".join(f"{held_by(s.title, s.actor.name)}, {s.date_display}" for s in (left, right))
    else:
        date = origin = ""
    authors = f"{left.actor.name if left else Side.RUSSIA.label}; {right.actor.name if right else Side.UKRAINE.label}"
    query_string = state.urlencode()
    permalink = request.build_absolute_uri(f"{reverse('compare')}?{query_string}")
    return citation.of_comparison(
        title, authors, date, query_string, permalink, request.data_version, timezone.localdate(), origin
    )


def shown_state(query, left, right):
    """The view state as the form shows it: a statement the URL named by id is named by its slug, the value of
    its menu's option (site.js sets the form from this state after a swap, Back, or a failed request)."""
    state = query.state.copy()  # the page's own state is read only
    for name, statement in (("left", left), ("right", right)):
        if name in state and statement is not None:
            state[name] = statement.slug
    return state


def same_party(left, right):
    """Two statements of one party (“how did Russia's terms change?”): aligned by topic all the same, and said
    so, since no counterpart link joins a party's terms to its own. The party's name, or None."""
    side = fetch.side_of_statement(left)
    return Side(side).label if side in Side.values and side == fetch.side_of_statement(right) else None


def over_every_topic(data, date_range):
    """A date range over every topic can hold thousands of terms: past comparison.COUNT_ONLY_ABOVE it shows how
    many each side has on each topic, and a topic's terms when the reader opens it (or narrows the comparison to
    topics or to a relation, which shows the terms)."""
    return bool(date_range) and not data["topic"] and not data["relation"]


def terms_compared(query, left, right):
    """(tallies, groups, summary): a date range over every topic, counted by topic when it holds too many terms for
    one page (tallies); otherwise the terms side by side (groups; tallies None)."""
    data, date_range = query.cleaned_data, query.date_range
    if over_every_topic(data, date_range):
        return fetch.range_over_every_topic(date_range, url_of=topic_url(query))
    groups, summary = fetch.comparison_of(left, right, date_range, topics=data["topic"], relation=data["relation"])
    return None, groups, summary


def topic_url(query):
    """The comparison narrowed to a topic, by the topic: where a topic's terms are shown side by side. (Only a
    comparison of no topic is counted, so the topic comes last in the canonical order; a slug needs no escaping.)"""
    base = f"{reverse('compare')}?{query.state.urlencode()}&topic="
    return lambda topic: f"{base}{topic.slug}"


def shared(request, context, left, right):
    """How the comparison describes itself to a link preview: which two documents (or sides in the range), how many
    terms each, on how many topics, how many opposed; canonical to the view state as the form shows it (statements
    by slug, no junk parameters)."""
    if left and right:
        sides = [f"{s.title} ({s.date_display})" for s in (left, right)]
    else:
        sides = [context["left_label"], context["right_label"]]
    summary = context["summary"]
    topics = len(context["tallies"]) if context["tallies"] is not None else len(context["groups"])
    state = context["shown_state"].urlencode()
    return sharing.of_comparison(
        title_of(left, right, context["date_range"]),
        [(sides[0], summary.left_count), (sides[1], summary.right_count)],
        summary,
        topics,
        f"{request.path}?{state}" if state else request.path,
        context["date_range"].describe(),
    )


def statement_menus(query, left, right):
    """The Left and Right menus: the statements that hold terms, grouped by side, read only when a full page shows
    them (a fragment never asks); each shows the statement the URL named, or its default, as on the home page."""
    groups = SimpleLazyObject(lambda: menus.statement_choices(left, right))
    for name, statement in (("left", left), ("right", right)):
        widget = query.fields[name].widget
        widget.choices = menus.StatementChoices(MENU_DEFAULT, groups)
        widget.chosen = statement.slug if statement is not None and query.cleaned_data[name] else None


@public_page(query=CompareForm, partial="comparison", daily=True)
def compare(request, query, is_home=False):
    left = right = None
    context = {
        "form": query,
        "is_home": is_home,
        "relation_labels": dict(Relation.choices),
        "tallies": None,
        "count_only_above": comparison.COUNT_ONLY_ABOVE,
    }
    if is_home and not htmx.wants_fragment(request):
        context |= {
            "coverage": coverage.of(request.data_version),
            "last_change": coverage.last_change(request.data_version),
        }
    if query.is_valid():
        data, date_range = query.cleaned_data, query.date_range
        if not date_range:
            left, right = chosen_statements(data)
        context["tallies"], groups, summary = terms_compared(query, left, right)
        context |= {
            # A topic's table may stand beside other topics' on the range's page (fetched when opened): its
            # ids are then the topic's own.
            "table_key": f"{data['topic'][0].slug}-" if len(data["topic"]) == 1 else "",
            "same_party": same_party(left, right) if data["left"] and data["right"] else None,
            "groups": groups,
            "summary": summary,
            "date_range": date_range,
            "left_statement": left,
            "right_statement": right,
            "left_label": left.actor.name if left else Side.RUSSIA.label,
            "right_label": right.actor.name if right else Side.UKRAINE.label,
            "citation": cite(request, query, left, right, date_range),
        }
    statement_menus(query, left, right)
    context["shown_state"] = shown_state(query, left, right)
    if query.is_valid():
        context["share"] = shared(request, context, left, right)
    return TemplateResponse(request, "negotiations/compare.html", context)
