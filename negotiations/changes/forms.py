"""/changes/'s query: every change, or one record's."""

from django import forms

from negotiations.citing.history import MODELS as RECORD_KINDS
from negotiations.web.query import PageField, QueryForm, parse_id


class ChangesForm(QueryForm):
    """/changes/: every change, or one record's (`record=demand-12`), page by page."""

    record = forms.CharField(required=False, max_length=40, label="Record")
    page = PageField(label="Page")

    def clean_record(self):
        value = self.cleaned_data["record"].strip()
        if not value:
            return None
        kind, _, number = value.rpartition("-")
        pk = parse_id(number)
        if kind not in RECORD_KINDS or pk is None:
            raise forms.ValidationError("There is no record by that name.")
        return kind, pk
