"""The explorer pages' filters (django-filter), over the query forms in forms.py.

Each FilterSet's form is the page's whole query: its date range goes through the model's
`stated_between` (undated records never fall inside a range), the other filters apply as usual.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from .forms import DemandExplorerForm, ExplorerForm
from .models import Actor, Demand, Stance, Statement, Topic

# A search is a handful of words: longer text, or more words (each an OR or AND for the database), only costs
# the database more, and one uncached request must stay cheap (see also the statement timeout in settings).
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8


def few_enough_words(value):
    words = len(value.split())
    if words > SEARCH_MAX_WORDS:
        raise ValidationError(f"Search for {SEARCH_MAX_WORDS} words at most (this has {words}).")


class DateRangeFilterSet(django_filters.FilterSet):
    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = queryset.stated_between(self.form.date_range.start, self.form.date_range.end)
        for name, value in data.items():
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


class DemandFilter(DateRangeFilterSet):
    party = django_filters.ModelChoiceFilter(
        queryset=Actor.objects.parties(),
        to_field_name="slug",
        empty_label="Both parties",
        error_messages={"invalid_choice": "There is no party by that name: choose Russia or Ukraine."},
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        field_name="topic__slug",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "There is no topic “%(value)s”. Choose from the list."},
    )
    stance = django_filters.ChoiceFilter(
        choices=Stance.choices,
        empty_label="Any stance",
        error_messages={"invalid_choice": "There is no stance “%(value)s”. Choose from the list."},
    )
    q = django_filters.CharFilter(
        method="search", label="Words", max_length=SEARCH_MAX_LENGTH, validators=[few_enough_words]
    )

    class Meta:
        model = Demand
        fields = []
        form = DemandExplorerForm

    def search(self, queryset, name, value):
        return queryset.matching(value) if value.strip() else queryset

    def ordered(self):
        demands = self.qs
        return demands.oldest_first() if self.form.cleaned_data["sort"] == "oldest" else demands.newest_first()


class StatementFilter(DateRangeFilterSet):
    actor = django_filters.ModelChoiceFilter(
        method="said_by",
        queryset=Actor.objects.all(),
        to_field_name="slug",
        empty_label="Anyone",
        error_messages={"invalid_choice": "There is no actor by that name. Choose from the list."},
    )

    class Meta:
        model = Statement
        fields = []
        form = ExplorerForm

    def said_by(self, queryset, name, actor):
        return queryset.said_by(actor)
