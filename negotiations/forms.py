"""Query-string forms: only cleaned data reaches the ORM, and bad input becomes a message."""

from django import forms

from .models import Relation, Topic


class CompareForm(forms.Form):
    """What to compare: two statements (ids or slugs), or each party's demands in a date range."""

    left = forms.CharField(required=False, max_length=120, label="Left statement")
    right = forms.CharField(required=False, max_length=120, label="Right statement")
    # Only ISO dates: 01/05/2025 is 1 May to some readers and 5 January to others.
    start = forms.DateField(
        required=False, label="From", input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="To", input_formats=["%Y-%m-%d"], widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        label="Topics",
        error_messages={"invalid_choice": "There is no topic “%(value)s”. Choose from the list."},
        widget=forms.CheckboxSelectMultiple,
    )
    relation = forms.ChoiceField(
        choices=[("", "Any relation"), *Relation.choices],
        required=False,
        label="Relation",
        error_messages={"invalid_choice": "There is no relation “%(value)s”: use opposed, partial or compatible."},
    )

    # The URL says from= and to= (`from` is a Python keyword, so the fields are named start and end).
    PARAM_NAMES = {"start": "from", "end": "to"}

    def add_prefix(self, field_name):
        return self.PARAM_NAMES.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "“To” is before “From”: swap the dates.")
        if (cleaned.get("left") or cleaned.get("right")) and (start or end):
            raise forms.ValidationError("Compare either two statements or a date range, not both.")
        return cleaned

    @property
    def by_dates(self):
        return bool(self.cleaned_data.get("start") or self.cleaned_data.get("end"))
