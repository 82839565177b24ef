"""The statement menus the compare page and the grid share: which statements a menu offers (the latest that hold
terms, grouped by the side whose terms they are), how each is labelled, the menu widget, and which statements a
page shows by default (the featured comparison's)."""

from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils.choices import BaseChoiceIterator

from negotiations.dates import display_date
from negotiations.models import Actor, Demand, FeaturedComparison, Side, Statement
from negotiations.web import widgets

# A menu is read, not searched: the latest statements with terms (the URL may name any other by id or slug).
PICKER_LIMIT = 150


PICKER_GROUPS = [(Side.RUSSIA, "Russia"), (Side.UKRAINE, "Ukraine"), ("other", "Others")]


def menu_rows():
    """The latest PICKER_LIMIT statements that hold terms, newest first, undated last, as flat rows: each with
    the side of its first term. Read in this order from statement_picker_idx (migration 0012), stopping at the
    menu's length."""
    terms = Demand.objects.filter(statement=OuterRef("pk"))
    # The first term's party, then its side: joined inside the subquery, PostgreSQL merge-joins the actors for
    # every statement (~4 ms for the menu); looked up by key, ~1 ms.
    first_party = Demand.objects.filter(statement=OuterRef(OuterRef("pk"))).order_by("position", "pk")
    side = Actor.objects.filter(pk=Subquery(first_party.values("party")[:1])).order_by().values("side")
    return (
        Statement.objects.filter(Exists(terms))
        .annotate(side=Subquery(side))
        .order_by(F("stated_on").desc(nulls_last=True), "title")
        .values_list(
            "slug",
            "stated_on",
            "date_precision",
            "date_basis",
            "placed_on",
            "actor__name",
            "title",
            "side",
            "actor__side",
        )[:PICKER_LIMIT]
    )


class Choice(NamedTuple):
    slug: str
    label: str  # “2 June 2025 — Russia: Memorandum”


def choice_label(day, precision, basis, placed_on, actor_name, title):
    return f"{display_date(day, precision, basis, placed_on)} — {actor_name}: {title}"


def statement_choices(*chosen):
    """The statement menus: every statement that holds terms, grouped by the side whose terms they are (Russia,
    Ukraine, then any other), newest first, the latest PICKER_LIMIT of them; and whatever statement the URL chose
    besides. Each a Choice, its label made here: a page may show several long menus, and a label per option built
    by the template costs more than the query. One query."""
    menu = [
        (side or actor_side, Choice(slug, choice_label(day, precision, basis, placed_on, actor_name, title)))
        for slug, day, precision, basis, placed_on, actor_name, title, side, actor_side in menu_rows()
    ]
    listed = {choice.slug for _, choice in menu}
    for statement in chosen:
        if statement is not None and statement.slug not in listed:
            listed.add(statement.slug)
            label = choice_label(
                statement.stated_on,
                statement.date_precision,
                statement.date_basis,
                statement.placed_on,
                statement.actor.name,
                statement.title,
            )
            menu.append((statement.actor.side, Choice(statement.slug, label)))

    def group(side):
        return side if side in (Side.RUSSIA, Side.UKRAINE) else "other"

    groups = [(label, [choice for side, choice in menu if group(side) == value]) for value, label in PICKER_GROUPS]
    return [(label, members) for label, members in groups if members]


class StatementChoices(BaseChoiceIterator):
    """A statement menu's choices: its first option (`default`: what the page shows when none is chosen), then
    the statements by side."""

    def __init__(self, default, groups):
        self.default, self.groups = default, groups

    def __iter__(self):
        yield ("", self.default)
        yield from self.groups


class StatementMenu(widgets.Select):
    """A menu of statements. Its choices are the statements grouped by side, set by the view (statement_choices,
    read only when a full page shows the menu, never for a fragment), and `chosen` is the statement the URL named,
    by its slug whichever way the URL named it (slug or id)."""

    chosen = None

    def format_value(self, value):
        return [self.chosen] if self.chosen else []

    def build_attrs(self, base_attrs, extra_attrs=None):
        """Without the CharField's maxlength, which a menu does not take (the field still checks the length)."""
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)
        return attrs


def featured():
    """The comparison the curators chose for the home page, with its statements; None until they choose one."""
    return FeaturedComparison.objects.current()


def default_statement(featured, side):
    """What a page shows of a party when the URL names none of its statements: the featured comparison's statement
    of that party; until the curators choose a comparison (or when it holds none of that party), the party's latest
    memorandum."""
    chosen = featured.side_of(side) if featured is not None else None
    return chosen or Statement.objects.latest_memorandum_of(side)
