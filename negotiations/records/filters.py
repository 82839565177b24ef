"""The statements' list filter (django-filter): a date range and who said it."""

import django_filters

from negotiations.models import Actor, Statement
from negotiations.web import widgets
from negotiations.web.forms import DateRangeFilterSet, ExplorerForm


class StatementFilter(DateRangeFilterSet):
    actor = django_filters.ModelChoiceFilter(
        widget=widgets.Select,
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
