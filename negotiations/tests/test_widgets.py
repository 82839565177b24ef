"""The menus written in Python give the same document as Django's widget templates: same names, ids, values,
chosen options, attributes and escaping."""

import pytest
from django import forms
from django.test.html import parse_html

from negotiations.explorer.filters import DemandFilter
from negotiations.web import widgets

CHOICES = [("", "Anyone"), ("putin", "Vladimir Putin"), ("o'neil", 'Quote " & <b>bold</b>')]


def same_document(ours, djangos):
    assert parse_html(str(ours)) == parse_html(str(djangos))


@pytest.mark.parametrize("value", [None, "", "putin", "o'neil", "nobody"])
def test_a_menu_is_the_document_django_writes(value):
    attrs = {"id": "id_said_by", "required": True, "aria-invalid": "true"}
    same_document(
        widgets.Select(choices=CHOICES).render("said_by", value, attrs),
        forms.Select(choices=CHOICES).render("said_by", value, attrs),
    )


@pytest.mark.parametrize("value", [None, [], ["putin"], ["putin", "o'neil"]])
def test_checkboxes_are_the_document_django_writes(value):
    attrs = {"id": "id_topic", "class": "topics"}
    same_document(
        widgets.CheckboxSelectMultiple(choices=CHOICES[1:]).render("topic", value, attrs),
        forms.CheckboxSelectMultiple(choices=CHOICES[1:]).render("topic", value, attrs),
    )


def test_grouped_choices_fall_back_to_djangos_markup():
    grouped = [("Russia", [("putin", "Putin")]), ("Ukraine", [("zelenskyy", "Zelenskyy")])]
    html = widgets.Select(choices=grouped).render("said_by", "putin", {"id": "id_said_by"})
    assert '<optgroup label="Russia">' in html
    same_document(html, forms.Select(choices=grouped).render("said_by", "putin", {"id": "id_said_by"}))


def test_the_explorers_menus_offer_the_records_and_keep_the_choice(russia, ukraine, demand_on):
    demand_on("2025-03-01", party=russia)
    query = DemandFilter({"party": "ukraine", "topic": []})
    assert query.is_valid()
    html = str(query.form["party"])
    assert parse_html('<option value="ukraine" selected>Ukraine</option>') in parse_html(html)
    assert parse_html('<option value="russia">Russia</option>') in parse_html(html)


def test_menus_read_as_rows_label_each_record_as_it_names_itself(russia):
    from .factories import ActorFactory, DemandFactory, SourceFactory, StatementFactory

    putin = ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    dated = SourceFactory(slug="dated")
    undated = SourceFactory(slug="undated", published_on=None)
    for source in (dated, undated):
        DemandFactory(party=russia, statement=StatementFactory(actor=putin, source=source))
    query = DemandFilter({})
    assert query.is_valid()
    query.narrow_menus()
    for name, records in (("source", [dated, undated]), ("said_by", [putin, russia])):
        choices = dict(query.form.fields[name].choices)
        assert {key: choices[key] for key in (r.slug for r in records)} == {r.slug: str(r) for r in records}
