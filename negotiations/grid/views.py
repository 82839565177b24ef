"""/grid/: 2 to 8 documents (statements, or a party's position as of a date) lined up by topic."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from negotiations.citing import citation
from negotiations.grid import fetch, grid
from negotiations.grid.forms import MOST, GridForm
from negotiations.models import Relation
from negotiations.web import statement_menus as menus
from negotiations.web.pages import public_page

MENU_DEFAULT = "Choose a statement"


def specs_of(items):
    """The columns the items name (each a Statement, or a (side, day) position), and the items naming no
    statement. None items: the default columns (fetch.default_statements)."""
    if items is None:
        return fetch.default_statements(), []
    named = fetch.statements_named([item for item in items if not item.is_position])
    specs, missing = [], []
    for item in items:
        if item.is_position:
            specs.append((item.side, item.day))
        elif item.statement in named:
            specs.append(named[item.statement])
        else:
            missing.append(item.text)
    return specs, missing


def url_of(state, keys):
    """The grid of these columns (`keys`, as the URL names them), with the page's other settings."""
    changed = state.copy()
    changed["docs"] = ",".join(keys)
    return f"{reverse('grid')}?{changed.urlencode()}"


def column_controls(state, columns):
    """Each column with the addresses that remove it (while more than two remain) and move it left or right."""
    keys = [column.key for column in columns]
    controls = []
    for index, column in enumerate(columns):
        moved = {}
        for name, other in (("left", index - 1), ("right", index + 1)):
            if 0 <= other < len(keys):
                swapped = list(keys)
                swapped[index], swapped[other] = swapped[other], swapped[index]
                moved[name] = url_of(state, swapped)
        removed = url_of(state, keys[:index] + keys[index + 1 :]) if len(keys) > 2 else None
        controls.append({"column": column, "remove": removed, **moved})
    return controls


def shown_state(state, columns):
    """The view state as the page shows it: its columns named as the page names them (a statement by its slug)."""
    shown = state.copy()  # the page's own state is read only
    if columns:
        shown["docs"] = ",".join(column.key for column in columns)
    return shown


def heading_of(column):
    """What a column is called in the citation: “Russian memorandum (Russia, 2 June 2025)”, “Russia as of …”."""
    if column.day is not None:
        return f"{column.label[0].label} as of {column.day.day} {column.day:%B %Y}"
    return f"{column.label.title} ({column.label.actor.name}, {column.label.date_display})"


def cite(request, shown, columns):
    """The grid as cited: its permalink names its columns, so it keeps showing them when the default changes."""
    query_string = shown.urlencode()
    title = "; ".join(heading_of(column) for column in columns) + ", by topic"
    authors = "; ".join(dict.fromkeys(column.label.actor.name for column in columns if column.day is None))
    permalink = request.build_absolute_uri(f"{reverse('grid')}?{query_string}")
    return citation.of_comparison(
        title, authors or "Ceasefire Positions", "", query_string, permalink, request.data_version, timezone.localdate()
    )


def add_menu(query, columns):
    """The “Add a document” menu: the statements that hold terms, by side, read only when a full page shows it."""
    shown = [column.label for column in columns if column.day is None]
    widget = query.fields["add"].widget
    widget.choices = menus.StatementChoices(MENU_DEFAULT, SimpleLazyObject(lambda: menus.statement_choices(*shown)))


def the_grid(request, query, specs):
    rows, columns = fetch.grid_of(specs)
    shown = shown_state(query.state, columns)
    return {
        "rows": grid.differences(rows) if query.differences_only else rows,
        "all_rows": len(rows),
        "columns": columns,
        "controls": column_controls(shown, columns),
        "can_add": len(columns) < MOST,
        "shown_state": shown,
        "citation": cite(request, shown, columns),
    }


@public_page(query=GridForm, partial="grid", daily=True)
def grid_page(request, query):
    context = {"form": query, "relation_labels": dict(Relation.choices), "columns": [], "shown_state": query.state}
    # Asked once per cell and term: as `form.differences_only` the template first tries it as a field (a KeyError).
    context["differences_only"] = query.differences_only
    if query.is_valid():
        items = query.cleaned_data["items"]
        specs, missing = specs_of(items)
        if missing:
            query.add_error("docs", f"No statement {', '.join(f'“{name}”' for name in missing)}.")
        else:
            context |= {"is_default": items is None, **the_grid(request, query, specs)}
    add_menu(query, context["columns"])
    # A query that cannot be shown is refused, as the other pages' are: with what to correct, never a 500.
    return TemplateResponse(request, "negotiations/grid.html", context, status=200 if query.is_valid() else 400)
