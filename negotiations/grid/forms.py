"""The grid's query: `docs`, 2 to 8 columns separated by commas, each a statement (its id or slug) or a party's
position as of a date (`russia@2025-03-15`); `differences`, a switch. The menus' fields (`add`, a statement; `side`
and `as_of`, a position) are folded into `docs` by the canonical state, so a plain GET form adds a column and the
address the page keeps (and pushes) names the columns only."""

import datetime
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError

from negotiations.models import Side
from negotiations.web import widgets
from negotiations.web.query import QueryForm, date_field, normalise, parse_id
from negotiations.web.statement_menus import StatementMenu

FEWEST, MOST = 2, 8
PARTIES = [Side.RUSSIA, Side.UKRAINE]
SWITCHED_ON = {"1", "true", "on", "yes"}


class Item(NamedTuple):
    """One column as the URL names it: a statement (`statement`, an id or a slug), or a party's position on a day."""

    text: str
    statement: int | str | None = None
    side: str | None = None
    day: datetime.date | None = None

    @property
    def is_position(self):
        return self.side is not None


def as_of_field():
    return date_field("As of")


def split(text):
    """The items of a `docs` value, as written (spaces around them dropped, empty ones left out)."""
    return [item.strip() for item in (text or "").split(",") if item.strip()]


def spelled(item):
    """One spelling per item: `Russia@2025-3-5` is `russia@2025-03-05`; a statement's id or slug stays as written
    (the page names it by its slug: views.shown_state)."""
    side, at, day = item.partition("@")
    if not at or not day.strip():
        return item
    return f"{side.strip().lower()}@{normalise(as_of_field(), day)}"


def parse_item(text):
    """An Item, or a ValidationError saying what is wrong with it."""
    side, at, day = text.partition("@")
    if not at:
        number = parse_id(text)
        return Item(text, statement=number if number is not None else text)
    if side not in PARTIES:
        raise ValidationError(f"“{text}”: a party's position is russia@YYYY-MM-DD or ukraine@YYYY-MM-DD.")
    try:
        parsed = as_of_field().clean(day)
    except ValidationError as error:
        raise ValidationError(f"“{text}”: {' '.join(error.messages)}") from error
    if parsed is None:
        raise ValidationError(f"“{text}”: give the date of the position (YYYY-MM-DD).")
    return Item(text, side=side, day=parsed)


def parse_items(text):
    """The columns `docs` names, in order; a ValidationError listing every problem (a bad item, one named twice,
    too few or too many)."""
    texts = split(text)
    errors, items = [], []
    for item in texts:
        try:
            items.append(parse_item(item))
        except ValidationError as error:
            errors.extend(error.messages)
    twice = sorted({item for item in texts if texts.count(item) > 1})
    if twice:
        errors.append(f"Each column once: {', '.join(twice)} named twice.")
    if not FEWEST <= len(texts) <= MOST:
        errors.append(f"Name {FEWEST} to {MOST} documents, separated by commas (there are {len(texts)}).")
    if errors:
        raise ValidationError(errors)
    return items


class GridForm(QueryForm):
    docs = forms.CharField(required=False, max_length=2000, label="Columns", widget=forms.HiddenInput)
    differences = forms.BooleanField(required=False, label="Differences only")
    add = forms.CharField(required=False, max_length=120, label="Statement", widget=StatementMenu)
    side = forms.ChoiceField(
        choices=[("", "Choose a party"), *[(side.value, side.label) for side in PARTIES]],
        required=False,
        label="Party",
        widget=widgets.Select,
        error_messages={"invalid_choice": "A party is russia or ukraine."},
    )
    as_of = as_of_field()

    field_order = ["docs", "differences", "add", "side", "as_of"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each menu's form adds nothing until it is filled in: the browser says so before a request is made.
        for name in ("add", "side", "as_of"):
            self.fields[name].widget.attrs["required"] = True

    @classmethod
    def canonical_of(cls, data, fields=None):
        """The view state (QueryForm.canonical_of), with the columns the menus add folded into `docs`, each item in
        one spelling, and `differences` as 1 or nothing."""
        state = super().canonical_of(data, fields)
        items = [spelled(item) for item in split(state.get("docs"))]
        if state.get("add"):
            items.append(state.pop("add")[0])
        if state.get("side") and state.get("as_of"):
            items.append(spelled(f"{state.pop('side')[0]}@{state.pop('as_of')[0]}"))
        state.pop("docs", None)
        differences = state.pop("differences", [""])[0]
        if items:
            state["docs"] = ",".join(items)
        if differences.lower() in SWITCHED_ON:
            state["differences"] = "1"
        return state

    def clean(self):
        """The columns as Items (`items`), read from the canonical state, where the menus' additions are already
        folded in; None when the URL names none (the page's default)."""
        cleaned = super().clean()
        if bool(cleaned.get("side")) != bool(cleaned.get("as_of")) and not self.errors.get("as_of"):
            self.add_error("as_of" if cleaned.get("side") else "side", "Choose both a party and a date.")
        docs = self.state.get("docs")
        try:
            cleaned["items"] = parse_items(docs) if docs else None
        except ValidationError as error:
            self.add_error("docs", error)
        return cleaned

    @property
    def differences_only(self):
        return self.state.get("differences") == "1"
