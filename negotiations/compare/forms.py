"""The compare page's query: two statements, or a date range, narrowed by topic and relation."""

from django import forms
from django.utils.choices import BaseChoiceIterator

from negotiations.models import Relation
from negotiations.web import widgets
from negotiations.web.forms import topic_field
from negotiations.web.query import DateRangeForm


class StatementChoices(BaseChoiceIterator):
    """A statement menu's choices: its default (the home page's statement), then the statements by side."""

    def __init__(self, default, groups):
        self.default, self.groups = default, groups

    def __iter__(self):
        yield ("", self.default)
        yield from self.groups


class StatementMenu(widgets.Select):
    """A menu of statements, Left or Right. Its choices are the statements grouped by side, set by the view
    (fetch.statement_choices, read only when a full page shows the menu, never for a fragment), and `chosen`
    is the statement the URL named, by its slug whichever way the URL named it (slug or id)."""

    chosen = None

    def format_value(self, value):
        return [self.chosen] if self.chosen else []

    def build_attrs(self, base_attrs, extra_attrs=None):
        """Without the CharField's maxlength, which a menu does not take (the field still checks the length)."""
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs.pop("maxlength", None)
        return attrs


class CompareForm(DateRangeForm):
    """What to compare: two statements (ids or slugs), or each party's demands in a date range."""

    left = forms.CharField(required=False, max_length=120, label="Left", widget=StatementMenu)
    right = forms.CharField(required=False, max_length=120, label="Right", widget=StatementMenu)
    topic = topic_field()
    relation = forms.ChoiceField(
        choices=[("", "Any relation"), *Relation.choices],
        required=False,
        label="Relation",
        widget=widgets.Select,
        error_messages={"invalid_choice": "There is no relation “%(value)s”: use opposed, partial or compatible."},
    )

    field_order = ["left", "right", "start", "end", "topic", "relation"]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("left") or cleaned.get("right")) and self.date_range:
            raise forms.ValidationError("Compare either two statements or a date range, not both.")
        return cleaned
