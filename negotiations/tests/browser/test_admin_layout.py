"""The admin as a curator sees it at 1280 × 800 in Chromium: a term's counterparts inline fits its box on first
load, as it did only after a validation error (issue 23: each row drew the parent term's full menu, 652 px wide,
over a table of 1,460 px in a 987 px box, cutting Relation and hiding Note and Delete)."""

import pytest
from django.contrib.auth import get_user_model

from negotiations.models import Demand

pytestmark = pytest.mark.browser

PASSWORD = "a-long-password-1"

# Boxes of the inline's parts, in CSS pixels: the fieldset it sits in, its table, the columns' header cells, and
# the first row's controls.
MEASURE_INLINE = """
(group) => {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};
  };
  const wrapper = group.querySelector(".tabular .wrapper");
  const row = group.querySelector("tbody tr.form-row.has_original");
  const headers = {};
  for (const th of group.querySelectorAll("thead th")) headers[th.textContent.trim()] = box(th);
  return {
    fieldset: box(group.querySelector("fieldset")),
    table: box(group.querySelector("table")),
    wrapper: {scroll: wrapper.scrollWidth, client: wrapper.clientWidth},
    headers,
    answer: box(row.querySelector(".field-answer .select2-container")),
    relation: box(row.querySelector(".field-relation select")),
    note: box(row.querySelector(".field-note input")),
    remove: box(row.querySelector("td.delete input")),
    visibleSelects: [...row.querySelectorAll("select")]
      .filter((s) => s.getBoundingClientRect().width > 1)
      .map((s) => s.name),
  };
}
"""


@pytest.fixture
def curator_page(new_page):
    """A curator logged in through the admin's own login form, in a 1280 × 800 window."""
    get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)
    page = new_page(viewport={"width": 1280, "height": 800})
    page.goto("/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def assert_inline_fits(boxes):
    fieldset, table = boxes["fieldset"], boxes["table"]
    # The table within its fieldset, nothing to scroll sideways.
    assert table["right"] <= fieldset["right"] + 0.5, boxes
    assert boxes["wrapper"]["scroll"] <= boxes["wrapper"]["client"], boxes
    # Every column a curator uses is inside the box, Note and Delete included.
    for column in ("Answer", "Relation", "Note", "Delete?"):
        header = boxes["headers"][column]
        assert header["width"] > 0 and fieldset["left"] <= header["left"] and header["right"] <= fieldset["right"] + 0.5
    for control in ("answer", "relation", "note", "remove"):
        assert boxes[control]["width"] > 0 and boxes[control]["right"] <= fieldset["right"] + 0.5, (control, boxes)
    # Side by side, none over another: the answer's autocomplete, then the relation's menu, then the note.
    assert boxes["answer"]["right"] <= boxes["relation"]["left"], boxes
    assert boxes["relation"]["right"] <= boxes["note"]["left"], boxes
    assert boxes["note"]["right"] <= boxes["remove"]["left"], boxes
    # The only menu in the row is the relation's (the answer's is hidden behind its autocomplete): the parent term,
    # known from the page, is a hidden field.
    assert boxes["visibleSelects"] == ["counterpart_links-0-relation"], boxes


def test_the_counterparts_inline_fits_at_1280_px_on_first_load_and_after_an_error(curator_page, expect):
    page = curator_page
    demand = Demand.objects.filter(counterpart_links__isnull=False).order_by("pk").first()
    page.goto(f"/admin/negotiations/demand/{demand.pk}/change/")
    group = page.locator("#counterpart_links-group")
    expect(group.locator(".select2-container").first).to_be_visible()
    assert_inline_fits(group.evaluate(MEASURE_INLINE))

    # The same after a validation error (an emptied note), as it was already.
    page.fill("#id_counterpart_links-0-note", "")
    page.click("input[name=_continue]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(group.locator(".select2-container").first).to_be_visible()
    assert_inline_fits(group.evaluate(MEASURE_INLINE))
