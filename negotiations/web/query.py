"""The query-string contract: every public page's parameters are parsed by one form, in one way.

- `QueryForm.canonical()` turns a query string into the view state's own query string (known
  parameters only, in a fixed order, values normalised, defaults dropped) without touching the
  database: the page cache keys on it, so junk parameters never make a new cache entry. A form's
  `state` is that view state, computed once a request (by `@public_page`, which hands it over).
- `DateRangeForm` reads `from`/`to` for every page that takes a date range, with one set of messages;
  its `date_range` is a `DateRange`, which describes itself, names export files and builds links.
"""

import datetime
import functools
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse

from negotiations.dates import ALL_DATES, DateRange
from negotiations.web.field_rendering import QueryFormRenderer

# Only ISO dates: 01/05/2025 is 1 May to some readers and 5 January to others.
ISO_DATE = "%Y-%m-%d"
INVALID_DATE = "Enter a real date as YYYY-MM-DD (for example 2025-06-02); until then it blocks the other filters."
# A year before this is a date being typed (a date input reads “2” as the year 0002), not one a text gives.
FIRST_YEAR = 1900
HALF_TYPED_YEAR = "Finish the year (YYYY-MM-DD, from 1900 on); until then it blocks the other filters."


def whole_year(value):
    if value and value.year < FIRST_YEAR:
        raise ValidationError(HALF_TYPED_YEAR, code="half_typed")


def parse_id(value):
    """A record id from a URL: ASCII digits only (str.isdigit() also takes ², ① and Arabic-Indic digits)."""
    value = str(value).strip()
    if value.isascii() and value.isdigit() and len(value) < 19:
        return int(value)
    return None


def explorer_url(date_range=ALL_DATES, **filters):
    """The demands explorer showing this range and these filters (`party`, `topic`, …)."""
    params = {**{name: value for name, value in filters.items() if value}, **date_range.params()}
    return f"{reverse('demand_list')}?{urlencode(params)}" if params else reverse("demand_list")


class QueryForm(forms.Form):
    """A form over a query string. Fields may carry `initial`: a value equal to it is the default, dropped
    from the canonical query. Subclasses rename fields in the URL through URL_NAMES (`from` is a keyword)."""

    URL_NAMES = {}
    # Its fields are rendered by one template, their messages placed by one rule (field_rendering.py).
    default_renderer = QueryFormRenderer

    def add_prefix(self, field_name):
        return self.URL_NAMES.get(field_name, field_name)

    @classmethod
    def canonical_of(cls, data, fields=None):
        """The view state of `data` as a QueryDict, from the raw data alone (no database, no form instance):
        see the module's docstring. A cached page needs nothing more."""
        state = QueryDict(mutable=True)
        for name, field in (fields or cls.base_fields).items():
            url_name = cls.URL_NAMES.get(name, name)
            values = data.getlist(url_name) if hasattr(data, "getlist") else [data.get(url_name)]
            normalised = sorted({normalise(field, value) for value in values if value and str(value).strip()})
            if len(normalised) == 1 and normalised[0] == str(field.initial or ""):
                continue
            if not isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
                normalised = normalised[-1:]
            if normalised:
                state.setlist(url_name, normalised)
        return state

    def canonical(self):
        return self.canonical_of(self.data, self.fields)

    @functools.cached_property
    def state(self):
        """The view state of this form's data. `@public_page` sets it to the state it computed for the page's
        cache key (and shows the page), so links built from it (the explorer's facets) match the page; a form
        made elsewhere computes it here, once. Read only: it is the page's own."""
        return self.canonical()


def normalise(field, value):
    """One spelling per value: `2025-5-1` is `2025-05-01`, `007` is `7`; what does not parse stays as typed
    (the form will refuse it, and a refused query is never cached)."""
    value = str(value).strip()
    if isinstance(field, forms.DateField | PageField | VersionField):
        try:
            parsed = field.to_python(value)
        except ValidationError:
            return value
        return parsed.isoformat() if isinstance(parsed, datetime.date) else str(parsed)
    return value


def date_field(label):
    return forms.DateField(
        required=False,
        label=label,
        input_formats=[ISO_DATE],
        widget=forms.DateInput(attrs={"type": "date", "min": f"{FIRST_YEAR}-01-01"}),
        error_messages={"invalid": INVALID_DATE},
        validators=[whole_year],
    )


class DateRangeForm(QueryForm):
    """`from` and `to`, inclusive; a reversed range is a message beside `to`, not an empty page."""

    start = date_field("From")
    end = date_field("To")

    URL_NAMES = {"start": "from", "end": "to"}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", "“To” is before “From”: swap the dates.")
        return cleaned

    @property
    def date_range(self):
        data = getattr(self, "cleaned_data", {})
        return DateRange(data.get("start"), data.get("end"))


class PageField(forms.Field):
    """A page number, 1 when absent. Anything else is not an error but 0, “no such page”: the list then
    shows its nearest page and says so."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, initial="1", **kwargs)

    def to_python(self, value):
        if value is None or not str(value).strip():
            return 1
        return parse_id(value) or 0


class VersionField(forms.Field):
    """A data version (“12”): a whole number from 1 on, or None when absent."""

    widget = forms.HiddenInput
    default_error_messages = {"invalid": "A data version is a whole number from 1 on, such as 12."}

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def to_python(self, value):
        if value is None or not str(value).strip():
            return None
        number = parse_id(value)
        if not number:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number
