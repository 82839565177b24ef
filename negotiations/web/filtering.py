"""What every list page's filter (django-filter) shares: the date range read through the model's
`stated_between`, and menus read as plain rows."""

import django_filters

from negotiations.web import widgets


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
