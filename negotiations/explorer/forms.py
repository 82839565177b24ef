"""The explorer's query form; its filter fields are added by the DemandFilter (filters.py) on top of it."""

from django import forms

from negotiations.web.forms import ExplorerForm
from negotiations.web.query import date_field


class DemandExplorerForm(ExplorerForm):
    # The terms standing on a day (and the status filter read on that day): a date read as `from` and `to` are.
    as_of = date_field("As of")
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
