"""The explorer on a phone (375 × 812, touch), and what any page offers a finger and an eye: the filters folded
behind what they choose, the results brought into view after a change or a page link, targets of 24 px at least
(WCAG 2.2, 2.5.8) and no text under 13 px."""

import re

import pytest

from negotiations.models import Demand

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
TARGET = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (target size, minimum)
SMALLEST_TYPE = 13  # px, computed
TERM = "/demands/ru-memo-permanent-neutrality/"


@pytest.fixture
def phone(new_page):
    return new_page(viewport=PHONE, has_touch=True, is_mobile=True)


def top_of(page, selector):
    return page.locator(selector).evaluate("el => el.getBoundingClientRect().top")


def in_view(page, selector):
    """Is the top of `selector` on the screen (not above it, within a pixel's rounding, nor below the fold)?"""
    return -1 <= top_of(page, selector) < PHONE["height"]


def test_the_filters_start_folded_behind_what_they_choose(phone, expect):
    phone.goto("/demands/?party=russia&from=2025-05-01")
    summary = phone.locator("#filters-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Russia")
    expect(summary).to_contain_text("since 1 May 2025")
    expect(phone.locator("#id_party")).to_be_hidden()
    # The first screen shows the results, not the form.
    assert in_view(phone, ".result-count"), "the count is below the first screen"
    summary.tap()
    expect(phone.locator("#id_party")).to_be_visible()
    expect(phone.locator("#id_party")).to_have_value("russia")


def test_after_a_change_the_count_is_in_view_and_the_summary_says_the_new_choice(phone, expect):
    phone.goto("/demands/")
    phone.locator("#filters-summary").tap()
    phone.select_option("#id_stance", "red_line")
    red_lines = Demand.objects.filter(stance="red_line").count()
    count = phone.locator(".result-count")
    expect(count).to_contain_text(f"{red_lines} demand")
    expect(phone).to_have_url(re.compile(r"[?&]stance=red_line(&|$)"))
    expect(phone.locator("#filters-summary")).to_contain_text("Red line")
    box = count.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"the count is out of view: {box}"
    # The form stays open for the next change.
    expect(phone.locator("#id_stance")).to_be_visible()


def test_typing_words_does_not_move_the_page_under_the_readers_fingers(phone, expect):
    phone.goto("/demands/")
    phone.locator("#filters-summary").tap()
    words = phone.locator("#id_q")
    words.scroll_into_view_if_needed()
    before = words.bounding_box()["y"]
    words.fill("ceasefire")
    expect(phone).to_have_url(re.compile(r"[?&]q=ceasefire(&|$)"))
    expect(phone.locator("#filters-summary")).to_contain_text("ceasefire")
    moved = abs(words.bounding_box()["y"] - before)
    assert moved < 1, f"the page scrolled {moved} px while the reader was typing"  # below a pixel: layout rounding


def test_after_the_next_page_the_results_top_is_in_view_and_focused(phone, expect):
    phone.goto("/demands/")
    assert Demand.objects.count() > 50, "the curated records should fill two pages"
    next_link = phone.locator(".pagination a[rel=next]")
    next_link.scroll_into_view_if_needed()
    next_link.tap()
    expect(phone.locator(".result-count")).to_contain_text("page 2 of")
    expect(phone.locator("#results")).to_be_focused()
    assert in_view(phone, "#results"), f"the top of the results is {top_of(phone, '#results')} px down the screen"
    assert phone.evaluate("scrollY") > 0, "the page went to its very top, above the results"


def test_without_javascript_the_folded_filters_open_and_apply(new_page, expect):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto("/demands/")
    expect(page.locator("#id_party")).to_be_hidden()
    page.locator("#filters-summary").click()
    page.select_option("#id_party", "ukraine")
    page.get_by_role("button", name="Show demands").click()
    expect(page).to_have_url(re.compile(r"[?&]party=ukraine(&|$)"))
    expect(page.locator("#filters-summary")).to_contain_text("Ukraine")


def sizes(page, selector):
    return page.locator(selector).evaluate_all(
        "els => els.filter((el) => el.getClientRects().length)"
        ".map((el) => { const b = el.getBoundingClientRect(); return [el.textContent.trim(), b.width, b.height]; })"
    )


def assert_targets(page, selector):
    found = sizes(page, selector)
    assert found, f"no {selector} on {page.url}"
    small = [(text, round(w, 1), round(h, 1)) for text, w, h in found if w < TARGET or h < TARGET]
    assert not small, f"{selector} under {TARGET} px on {page.url}: {small}"


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 720}], ids=["phone", "desktop"])
def test_navigation_breadcrumb_chain_and_topic_targets_are_24_px_at_least(new_page, viewport):
    page = new_page(viewport=viewport)
    page.goto(TERM)
    assert_targets(page, ".site-header nav a")
    assert_targets(page, ".breadcrumb a")
    assert_targets(page, ".chain a")
    page.goto("/demands/")
    page.locator("#filters-summary").click()
    for group in page.locator("details.topics > summary").all():
        group.click()
    # The box and its words are one target: a tap on either ticks it.
    assert_targets(page, "#id_topic label")
    assert_targets(page, "#id_status label")


# Text a reader must read: each element's own text (pseudo-elements' too), at its computed size.
SMALL_TEXT = """(smallest) => {
  const small = [];
  const hasOwnText = (el) => [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg") || !el.getClientRects().length) continue;
    const texts = [[getComputedStyle(el), hasOwnText(el)]];
    for (const pseudo of ["::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      texts.push([style, style.content && style.content !== "none" && /[A-Za-z0-9]/.test(style.content)]);
    }
    for (const [style, hasText] of texts) {
      const name = `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`;
      if (hasText && parseFloat(style.fontSize) < smallest) small.push(`${name} ${style.fontSize}`);
    }
  }
  return [...new Set(small)];
}"""


@pytest.mark.parametrize(
    "path",
    [TERM, "/demands/?as_of=2025-06-30", "/compare/", "/topics/territory/", "/grid/", "/about/"],
)
def test_badges_notes_and_every_other_text_are_13_px_at_least_on_a_phone(new_page, path):
    page = new_page(viewport=PHONE)
    page.goto(path)
    if page.locator("#filters-summary").count():
        page.locator("#filters-summary").click()
    assert page.locator(".badge, .note").count(), f"{path} should show badges or notes"
    small = page.evaluate(SMALL_TEXT, SMALLEST_TYPE)
    assert not small, f"text under {SMALLEST_TYPE} px on {path}: {small}"
