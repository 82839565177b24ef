"""The dark scheme, for a reader whose system asks for one (prefers-color-scheme: dark): every page kind the suite
checks, with the same contrast guarantees as the light one. axe judges the text (color-contrast above all); the
colours it does not judge are measured here against WCAG's 3:1 for non-text contrast: the timeline's marks, the
borders of form controls and the focus outline."""

import json

import pytest

from negotiations.tests.browser.pages import PAGE_KINDS, resolve
from negotiations.tests.browser.test_accessibility import BLOCKING, RUN_AXE

pytestmark = pytest.mark.browser

# WCAG's relative luminance and contrast ratio of two computed colours ("rgb(…)" or "rgba(…)", alpha ignored:
# the colours measured here are opaque).
CONTRAST = """([first, second]) => {
  const luminance = (colour) => {
    const [r, g, b] = colour.match(/[\\d.]+/g).slice(0, 3).map((part) => {
      const c = Number(part) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""

PAPER = "getComputedStyle(document.body).backgroundColor"


def contrast(page, first, second):
    return page.evaluate(CONTRAST, [first, second])


def style(page, selector, prop):
    return page.locator(selector).first.evaluate(f"(element) => getComputedStyle(element).{prop}")


@pytest.fixture
def dark_page(new_page):
    return new_page(color_scheme="dark")


def assert_no_serious_violation(page, axe_source):
    page.evaluate(axe_source)
    violations = [violation for violation in page.evaluate(RUN_AXE) if violation["impact"] in BLOCKING]
    assert not violations, f"axe-core on {page.url} in the dark scheme:\n" + "\n".join(
        f"  {v['impact']}: {v['id']} — {v['help']}; at {json.dumps(v['targets'], ensure_ascii=False)}"
        for v in violations
    )


def assert_dark(page):
    """The scheme applies: a dark page (otherwise axe would only check the light one again)."""
    paper, ink = page.evaluate(PAPER), page.evaluate("getComputedStyle(document.body).color")
    assert contrast(page, paper, "rgb(0, 0, 0)") < 1.5, f"{page.url}: the page is {paper} in the dark scheme"
    assert contrast(page, ink, paper) >= 7, f"{page.url}: text {ink} on {paper}"


# The admin keeps Django's own styles (with their own dark scheme): checked by axe, not for our colours.
OURS = {kind: path for kind, path in PAGE_KINDS.items() if not path.startswith("/admin/")}


@pytest.mark.parametrize("path", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_page_has_no_serious_accessibility_violation_in_the_dark_scheme(dark_page, axe_source, path):
    dark_page.goto(resolve(path))
    if path in OURS.values():
        assert_dark(dark_page)
    assert_no_serious_violation(dark_page, axe_source)


def test_a_date_range_counted_by_topic_has_no_serious_violation_in_the_dark_scheme(dark_page, axe_source, monkeypatch):
    # A year of the curated record is shown side by side (pages.py); counted here, as the synthetic seed's ranges.
    monkeypatch.setattr("negotiations.compare.comparison.COUNT_ONLY_ABOVE", 10)
    dark_page.goto("/compare/?from=2025-01-01&to=2025-12-31")
    assert dark_page.locator(".topic-tally").count() > 0
    assert_dark(dark_page)
    assert_no_serious_violation(dark_page, axe_source)


def test_an_opened_provenance_and_the_open_controls_have_no_serious_violation_in_the_dark_scheme(
    dark_page, axe_source, expect
):
    dark_page.goto("/compare/")
    dark_page.locator(".provenance-toggle").first.click()
    expect(dark_page.locator(".provenance-slot mark").first).to_be_visible()
    assert_no_serious_violation(dark_page, axe_source)


def test_the_timelines_marks_stand_out_from_the_dark_page(dark_page):
    dark_page.goto("/timeline/")
    paper = dark_page.evaluate(PAPER)
    # A mark's outline draws it (a date known only roughly is a hollow mark, filled with the page's colour).
    for mark in (".mark-russia", ".mark-ukraine"):
        stroke = style(dark_page, mark, "stroke")
        assert contrast(dark_page, stroke, paper) >= 3, f"{mark} {stroke} on {paper}"
        fill = style(dark_page, f"{mark}:not(.mark-approximate)", "fill")
        assert contrast(dark_page, fill, paper) >= 3, f"{mark} {fill} on {paper}"


def test_form_controls_and_the_focus_outline_stand_out_from_the_dark_page(dark_page, expect):
    dark_page.goto("/compare/")
    paper = dark_page.evaluate(PAPER)
    for control in ("select", 'input[type="date"]'):
        border, background = style(dark_page, control, "borderTopColor"), style(dark_page, control, "backgroundColor")
        assert contrast(dark_page, border, background) >= 3, f"{control}: border {border} on {background}"
        assert contrast(dark_page, style(dark_page, control, "color"), background) >= 4.5
    button = dark_page.locator("form.controls button").first
    assert (
        contrast(
            dark_page,
            button.evaluate("(b) => getComputedStyle(b).color"),
            style(dark_page, "form.controls button", "backgroundColor"),
        )
        >= 4.5
    )
    # From the keyboard, so that :focus-visible applies.
    dark_page.locator("#id_left").focus()
    dark_page.keyboard.press("Shift+Tab")
    focused = dark_page.locator(":focus-visible")
    expect(focused).to_have_count(1)
    outline = focused.evaluate("(element) => getComputedStyle(element).outlineColor")
    assert contrast(dark_page, outline, paper) >= 3, f"the focus outline {outline} on {paper}"
