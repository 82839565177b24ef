"""The filter menus' widgets, written out in Python rather than by Django's widget templates, and a menu field
that reads its records as plain rows.

Django renders a menu by a template include per option, and another for each option's attributes, after
building a dictionary per option. The explorer's menus hold a few hundred options (every speaker, the latest
sources, the topics): at 100,000 terms the Said by menu alone took about 40 ms of a cold /demands/ render
(profiled in-process, issue 14). These widgets write the same markup straight from the field's choices; the
form, its validation, ids and attributes (required, aria-invalid) stay Django's own. A menu's grouped choices
are written as <optgroup>s; grouped checkboxes, which no form uses, fall back to Django's rendering.
"""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe
from django_filters.fields import ModelChoiceField


def _flat_choices(choices):
    """The (value, label) pairs as strings, or None when the choices are grouped."""
    flat = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            return None
        flat.append(("" if value is None else str(value), str(label)))
    return flat


def _options(choices, chosen):
    """The menu's <option>s, and an <optgroup> for each group of choices (the compare page's menus are grouped
    by side)."""
    html = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            html.append(f'<optgroup label="{escape(str(value))}">{_options(label, chosen)}</optgroup>')
            continue
        option = "" if value is None else str(value)
        html.append(
            f'<option value="{escape(option)}"{" selected" if option in chosen else ""}>{escape(str(label))}</option>'
        )
    return "".join(html)


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        options = _options(self.choices, set(self.format_value(value)))
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        choices = _flat_choices(self.choices)
        if choices is None:
            return super().render(name, value, attrs, renderer)
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        wrapper_id = attrs.pop("id", None)
        boxes = []
        for index, (option, label) in enumerate(choices):
            box_id = f"{wrapper_id}_{index}" if wrapper_id else None
            box_attrs = flatatt({**attrs, "id": box_id, "checked": option in chosen})
            boxes.append(
                f'<div><label{flatatt({"for": box_id})}><input type="checkbox" name="{escape(name)}"'
                f' value="{escape(option)}"{box_attrs}> {escape(label)}</label></div>'
            )
        wrapper = flatatt({"id": wrapper_id, "class": attrs.get("class")})
        return mark_safe(f"<div{wrapper}>{''.join(boxes)}</div>")


class RowChoices(BaseChoiceIterator):
    """A menu's choices read as plain rows, (key, label), not as a model instance per option: the Said by and
    Source menus built about 420 instances a cold /demands/ render (7 ms of CPU each menu at 100,000 terms)."""

    def __init__(self, field):
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        key = self.field.to_field_name or "pk"
        for key_value, *columns in self.field.queryset.values_list(key, *self.field.label_columns):
            yield (key_value, self.field.label_of(*columns))

    def __bool__(self):
        return self.field.empty_label is not None or self.field.queryset.exists()


class MenuChoiceField(ModelChoiceField):
    """A ModelChoiceField whose menu is read as rows: `label_columns` are read for each record and `label_of`
    makes its label from them (the same label the record's __str__ gives). Validation is the field's own: the
    chosen key is looked up in the queryset."""

    iterator = RowChoices

    def __init__(self, *args, label_columns=("name",), label_of=str, **kwargs):
        self.label_columns, self.label_of = label_columns, label_of
        super().__init__(*args, **kwargs)
