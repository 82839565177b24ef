"""What the pages' query forms share: the topic checkboxes, the list pages' base form, and their filters' base
(django-filter): the date range read through the model's `stated_between`, menus read as plain rows. Only
cleaned data reaches the ORM, and bad input becomes a message."""

import django_filters
from django import forms

from negotiations.models import Topic
from negotiations.web import widgets
from negotiations.web.query import DateRangeForm, PageField


def topic_field(label="Topics"):
    return forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        label=label,
        error_messages={"invalid_choice": "There is no topic “%(value)s”. Choose from the list."},
        widget=widgets.CheckboxSelectMultiple,
    )


class ExplorerForm(DateRangeForm):
    """The list pages: a date range (and the FilterSet's fields), and which page of the results."""

    page = PageField(label="Page")


class MenuFilter(django_filters.ModelChoiceFilter):
    """A filter whose menu is read as plain rows (widgets.MenuChoiceField)."""

    field_class = widgets.MenuChoiceField


class DateRangeFilterSet(django_filters.FilterSet):
    def filter_queryset(self, queryset, *, leaving_out=()):
        """The filtered rows; `leaving_out` names filters not to apply (the facets count their values without)."""
        data = self.form.cleaned_data
        queryset = queryset.stated_between(self.form.date_range.start, self.form.date_range.end)
        for name, value in data.items():
            if name in self.filters and name not in leaving_out:
                queryset = self.filters[name].filter(queryset, value)
        return queryset
