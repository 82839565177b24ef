"""Every query form's field is rendered by one template (negotiations/_field.html, web/field_rendering.py), and
its message follows one rule, `error-<name>`: the rule the htmx out-of-band messages and site.js rely on."""

from html.parser import HTMLParser

import pytest

from negotiations.explorer.filters import SEARCH_MAX_LENGTH

FIELD_TEMPLATE = "negotiations/_field.html"

# Each page with a query form, asked with a value its form refuses, so the messages and aria-invalid show.
PAGES = [
    "/compare/?from=2025-13-01&relation=bogus",
    "/demands/?from=2025-13-01&party=nope&q=" + "+word" * 9,
    "/statements/?from=bad&actor=nope",
    "/timeline/?side=nope",
    "/timeline/table/?side=nope",
]


class Controls(HTMLParser):
    """The query forms' (form.controls) visible controls, every element's attributes by id, the labels' targets."""

    def __init__(self):
        super().__init__()
        self.in_controls = False
        self.controls, self.by_id, self.label_targets, self.oob_messages = [], {}, set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.by_id[attrs["id"]] = (tag, attrs)
        if tag == "form":
            self.in_controls = "controls" in (attrs.get("class") or "").split()
        elif tag == "label" and attrs.get("for"):
            self.label_targets.add(attrs["for"])
        elif tag == "p" and "hx-swap-oob" in attrs:
            self.oob_messages.append(attrs["id"])
        elif self.in_controls and tag in {"input", "select"} and attrs.get("type") not in {"hidden", "submit"}:
            self.controls.append(attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_controls = False


def parsed(response):
    page = Controls()
    page.feed(response.content.decode())
    return page


@pytest.mark.parametrize("url", PAGES)
def test_every_query_field_is_rendered_by_the_one_template(client, curated, url):
    response = client.get(url)
    page = parsed(response)
    names = {control["name"] for control in page.controls}
    assert names, "the page shows a query form"
    rendered = [template.name for template in response.templates].count(FIELD_TEMPLATE)
    assert rendered == len(names)


@pytest.mark.parametrize("url", PAGES)
def test_every_query_field_is_labelled_and_points_to_its_message_by_the_one_rule(client, curated, url):
    page = parsed(client.get(url))
    for control in page.controls:
        name, message_id = control["name"], f"error-{control['name']}"
        assert page.by_id[message_id] == ("p", {"class": "field-error", "id": message_id}), name
        assert control["id"] in page.label_targets, f"{name}: no label for {control['id']}"
        if control.get("aria-invalid") and control.get("type") != "checkbox":
            assert control["aria-describedby"] == message_id, name
    assert any(control.get("aria-invalid") == "true" for control in page.controls), "a refused value is marked"


def test_the_out_of_band_messages_follow_the_same_rule(client, curated, hx):
    url = PAGES[1]
    full, fragment = parsed(client.get(url)), parsed(client.get(url, **hx))
    assert sorted(fragment.oob_messages) == sorted({f"error-{control['name']}" for control in full.controls})


def test_the_words_box_takes_its_maxlength_from_the_form_field(client, curated):
    (words,) = [control for control in parsed(client.get("/demands/")).controls if control["name"] == "q"]
    assert words["maxlength"] == str(SEARCH_MAX_LENGTH)
    assert words["type"] == "search"
