"""The compare page in a real browser: provenance toggles by keyboard, without JavaScript, and on a phone."""

import re

import pytest

from negotiations.models import Statement
from negotiations.tests.browser.test_demands_explorer import FAILED_REQUEST_LOGGED, fail_htmx_requests

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}

# The elements that stick out past the right edge of the window: what to fix when the page scrolls sideways.
WIDER_THAN_THE_WINDOW = """() => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
  .slice(0, 10)
  .map((el) => {
    const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + [...el.classList].map((c) => `.${c}`).join("");
    return `${name} (right edge at ${Math.round(el.getBoundingClientRect().right)} px)`;
  })"""


def assert_no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (
        f"{page.url} is {width} px wide at a {PHONE['width']} px viewport, so it scrolls sideways; "
        f"too wide: {page.evaluate(WIDER_THAN_THE_WINDOW)}"
    )


def test_compare_provenance_opens_and_closes_from_the_keyboard(page, expect):
    page.goto("/compare/")
    toggle = page.locator(".provenance-toggle").first
    expect(toggle).to_have_attribute("aria-expanded", "false")
    slot = page.locator(f"#{toggle.get_attribute('aria-controls')}")
    expect(slot).to_be_empty()
    page.evaluate("window.__marker = 1")

    # Tab order reaches the toggle (it is a real link); focus() stands for the Tabs before it.
    toggle.focus()
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(slot.locator(".provenance mark").first).to_be_visible()
    # Fetched inline: no navigation, and the focus stays where the reader left it.
    assert page.evaluate("window.__marker") == 1, "Enter followed the link instead of opening the provenance inline"
    assert page.url.endswith("/compare/")
    expect(toggle).to_be_focused()

    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(slot).to_be_empty()
    expect(toggle).to_be_focused()


def test_compare_provenance_link_opens_the_full_page_without_javascript(new_page, expect):
    page = new_page(java_script_enabled=False)
    page.goto("/compare/")
    toggle = page.locator(".provenance-toggle").first
    slug = re.fullmatch(r"/demands/([\w-]+)/", toggle.get_attribute("href")).group(1)

    toggle.click()
    expect(page).to_have_url(re.compile(rf"/demands/{slug}/$"))
    expect(page.locator(".provenance mark").first).to_be_visible()


def test_compare_fits_a_phone_screen_and_the_relation_filter_swaps_the_comparison(new_page, expect):
    page = new_page(viewport=PHONE)
    page.goto("/compare/")
    assert_no_sideways_scrolling(page)

    # The table's column headings scroll out of sight on a phone, so each term names its side itself.
    terms = page.locator(".term")
    assert terms.count() > 0
    for index in range(terms.count()):
        expect(terms.nth(index).locator(".term-side")).to_be_visible()

    page.evaluate("window.__marker = 1")
    before = page.locator(".term").count()
    page.select_option("#id_relation", label="Opposed")
    expect(page).to_have_url(re.compile(r"[?&]relation=opposed(&|$)"))
    # Swapped in place: the same window, fewer terms, and every row left has an opposed answer.
    expect(page.locator(".term")).not_to_have_count(before)
    assert page.evaluate("window.__marker") == 1, "changing the relation reloaded the page"
    rows = page.locator(".compare-table tbody tr").filter(has=page.locator(".term"))
    assert rows.count() > 0
    for index in range(rows.count()):
        expect(rows.nth(index).locator(".badge-opposed").first).to_be_visible()
    assert_no_sideways_scrolling(page)


RANGE = "/compare/?from=2025-01-01&to=2025-12-31"


def test_a_date_ranges_topic_opens_onto_its_terms_from_the_keyboard(page, expect):
    page.goto(RANGE)
    expect(page.locator(".term")).to_have_count(0)
    topic = page.locator(".topic-tally").first
    page.evaluate("window.__marker = 1")

    summary = topic.locator("summary")
    summary.focus()
    page.keyboard.press("Enter")
    # Fetched in place from the range narrowed to the topic: no navigation, and the focus stays on the topic.
    expect(topic.locator(".term").first).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "opening a topic reloaded the page"
    assert page.url.endswith(RANGE)
    expect(summary).to_be_focused()

    # The fetched terms behave as the comparison's own: their provenance opens inline.
    toggle = topic.locator(".provenance-toggle").first
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{toggle.get_attribute('aria-controls')} .provenance mark").first).to_be_visible()


def test_a_date_ranges_topic_leads_to_its_terms_without_javascript(new_page, expect):
    page = new_page(java_script_enabled=False)
    page.goto(RANGE)
    topic = page.locator(".topic-tally").first
    topic.locator("summary").click()
    link = topic.locator(".topic-terms a")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(r"[?&]topic=[\w-]+$"))
    expect(page.locator(".term").first).to_be_visible()


# Issue 19: what the page says it compares follows every swap, and a failed update says so.


def test_choosing_other_documents_updates_the_summary_heading_and_title(page, expect):
    page.goto("/")
    home_title = page.title()
    expect(page.locator("#comparing")).to_contain_text("memorandum")
    menu = page.locator("#id_left")
    chosen = menu.evaluate("(m) => m.value || m.options[1].value")
    other = next(
        option
        for option in menu.locator("option").evaluate_all("(os) => os.map((o) => [o.value, o.textContent])")
        if option[0] and option[0] != chosen
    )
    statement = Statement.objects.get(slug=other[0])
    page.evaluate("window.__marker = 1")

    page.locator("#comparing").click()  # on the home page the controls start closed
    page.select_option("#id_left", other[0])
    expect(page).to_have_url(re.compile(rf"/compare/\?left={other[0]}$"))
    expect(page.locator("#comparing")).to_contain_text(statement.title)
    expect(page.locator("#comparison .summary")).to_contain_text(statement.title)
    expect(page).to_have_title(re.compile(re.escape(statement.title)))
    assert page.title() != home_title
    expect(page.locator("h1")).to_have_text("Compare terms")
    assert page.evaluate("window.__marker") == 1, "choosing a document reloaded the page"

    # Back: the page says again what it compares.
    page.go_back()
    expect(page.locator("#comparison .summary")).not_to_contain_text(statement.title)
    expect(page.locator("#id_left")).to_have_value("")


@pytest.mark.parametrize("how", ["503", "network"])
def test_a_failed_update_of_the_comparison_says_so_and_keeps_the_form_on_what_is_shown(
    page, expect, browser_problems, how
):
    browser_problems.expect_console_errors(FAILED_REQUEST_LOGGED)
    page.goto("/compare/")
    terms = page.locator(".term").count()
    fail_htmx_requests(page, how, path="/compare/")

    page.select_option("#id_relation", "opposed")
    alert = page.get_by_role("alert").filter(has_text="not updated")
    expect(alert).to_be_visible()
    expect(page.locator("#id_relation")).to_have_value("")
    assert page.url.endswith("/compare/")
    assert page.locator(".term").count() == terms

    page.unroute_all()
    alert.get_by_role("button", name="Retry").click()
    expect(page).to_have_url(re.compile(r"[?&]relation=opposed$"))
    expect(page.locator("#id_relation")).to_have_value("opposed")
    expect(page.locator(".term")).not_to_have_count(terms)
    expect(alert).to_have_count(0)
