"""The pages' query forms: only cleaned data reaches the ORM, and bad input becomes a message.

The explorer pages' filter fields are added by their FilterSets (filters.py) on top of these forms.
"""

from django import forms

from . import widgets
from .changes import MODELS as RECORD_KINDS
from .models import Relation, Side, Topic
from .query import DateRangeForm, PageField, QueryForm, parse_id


def topic_field(label="Topics"):
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        label=label,
        error_messages={"invalid_choice": "There is no topic “%(value)s”. Choose from the list."},
        widget=widgets.CheckboxSelectMultiple,
    )


class CompareForm(DateRangeForm):
    """What to compare: two statements (ids or slugs), or each party's demands in a date range."""

    left = forms.CharField(required=False, max_length=120, label="Left statement")
    right = forms.CharField(required=False, max_length=120, label="Right statement")
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


class ExplorerForm(DateRangeForm):
    """The list pages: a date range (and the FilterSet's fields), and which page of the results."""

    page = PageField(label="Page")


class DemandExplorerForm(ExplorerForm):
    sort = forms.ChoiceField(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
        required=False,
        initial="newest",
        label="Order",
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Sort by “newest” or “oldest”."},
    )

    def clean_sort(self):
        return self.cleaned_data.get("sort") or "newest"


class ChangesForm(QueryForm):
    """/changes/: every change, or one record's (`record=demand-12`), page by page."""

    record = forms.CharField(required=False, max_length=40, label="Record")
    page = PageField(label="Page")

    def clean_record(self):
        value = self.cleaned_data["record"].strip()
        if not value:
            return None
        kind, _, number = value.rpartition("-")
        pk = parse_id(number)
        if kind not in RECORD_KINDS or pk is None:
            raise forms.ValidationError("There is no record by that name.")
        return kind, pk


class TimelineForm(QueryForm):
    """The timeline's table, narrowed to a topic and a side (the picture always shows everything)."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All topics",
        label="Topic",
        widget=widgets.Select,
        error_messages={"invalid_choice": "There is no topic by that name. Choose from the list."},
    )
    side = forms.ChoiceField(
        choices=[("", "Both sides"), (Side.RUSSIA, "Russia"), (Side.UKRAINE, "Ukraine")],
        required=False,
        label="Side",
        widget=widgets.Select,
        error_messages={"invalid_choice": "Choose Russia or Ukraine."},
    )
