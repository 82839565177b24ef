"""The explorer's query form (its filters are added by the DemandFilter, filters.py, on top of it); /feeds/'s."""

from django import forms

from negotiations.citing.feeds import own_feed
from negotiations.web.forms import ExplorerForm
from negotiations.web.query import QueryForm, date_field


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


class FeedForm(QueryForm):
    """/feeds/?feed=: the feed a visible link leads to, shown with its address to copy. Only the site's own feeds:
    the page never shows an address it was handed from elsewhere."""

    feed = forms.CharField(required=False, max_length=600, label="Feed")

    def clean_feed(self):
        value = self.cleaned_data["feed"].strip()
        if value and own_feed(value) is None:
            raise forms.ValidationError("That is not the address of one of this site's feeds.")
        return value
