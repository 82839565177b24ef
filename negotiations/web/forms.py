"""What the pages' query forms share: the topic checkboxes and the list pages' base form. Only cleaned data
reaches the ORM, and bad input becomes a message."""

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
