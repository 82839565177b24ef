"""The record pages' query: which data version to read the record at."""

from negotiations.web.query import QueryForm, VersionField


class VersionForm(QueryForm):
    """`version`: the record as it stood at that data version (citing/versions.py); the current one when absent."""

    version = VersionField(label="Data version")
