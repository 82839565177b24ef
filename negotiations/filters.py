"""Filter forms for the explorer pages (django-filter): only cleaned values reach the ORM."""

import django_filters
from django import forms
from django.db.models import Q

from .models import Actor, Demand, Stance, Statement, Topic


class DateRangeForm(forms.Form):
    """Shared by the filter sets that take `from` and `to`: a reversed range is a message, not an empty page."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and start > end:
            self.add_error("to", "“To” is before “From”: swap the dates.")
        return cleaned


def date_filter(lookup, label):
    return django_filters.DateFilter(
        field_name="stated_on",
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
        # Only ISO dates: 01/05/2025 is 1 May to some readers and 5 January to others.
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Enter a real date as YYYY-MM-DD (for example 2025-06-02)."},
    )


class DateRangeFilterSet(django_filters.FilterSet):
    """`from` and `to` go through the model's stated_between, which says in one place that undated records
    never fall inside a range; the other filters apply as usual."""

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = queryset.stated_between(data.get("from"), data.get("to"))
        for name, value in data.items():
            if name not in {"from", "to"}:
                queryset = self.filters[name].filter(queryset, value)
        return queryset


def with_range_filters(filterset_class):
    """`from` is a Python keyword, so the range filters are declared here under their URL names."""
    filters = dict(filterset_class.base_filters)
    filterset_class.base_filters = {
        "from": date_filter("gte", "From"),
        "to": date_filter("lte", "To"),
        **filters,
    }
    return filterset_class


@with_range_filters
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
    q = django_filters.CharFilter(method="search", label="Words", max_length=200)

    class Meta:
        model = Demand
        fields = []
        form = DateRangeForm

    def search(self, queryset, name, value):
        return queryset.matching(value) if value.strip() else queryset


@with_range_filters
class StatementFilter(DateRangeFilterSet):
    actor = django_filters.ModelChoiceFilter(
        method="by_actor_or_members",
        queryset=Actor.objects.all(),
        to_field_name="slug",
        empty_label="Anyone",
        error_messages={"invalid_choice": "There is no actor by that name. Choose from the list."},
    )

    class Meta:
        model = Statement
        fields = []
        form = DateRangeForm

    def by_actor_or_members(self, queryset, name, actor):
        return queryset.filter(Q(actor=actor) | Q(actor__parent=actor))
