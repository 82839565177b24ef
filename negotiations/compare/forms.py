"""The compare page's query: two statements, or a date range, narrowed by topic and relation."""

from django import forms

from negotiations.models import Relation
from negotiations.web import widgets
from negotiations.web.forms import topic_field
from negotiations.web.query import DateRangeForm
from negotiations.web.statement_menus import StatementMenu


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
