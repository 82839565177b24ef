"""The timeline table's query: a topic and a side."""

from django import forms

from negotiations.models import Side, Topic
from negotiations.web import widgets
from negotiations.web.query import QueryForm


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
