"""The grid in a real browser: built from its menus, switched to differences only, a party's position added, a
cell's provenance opened in place, Back and Forward through the states; the same on a phone; and without
JavaScript."""

import re

import pytest

from negotiations.tests.browser.test_compare import PHONE, assert_no_sideways_scrolling

pytestmark = pytest.mark.browser

PUTIN_ASTANA = "putin-2024-07-04-sco-astana"
THIRTY_DAYS = "ukraine-2025-03-offer-of-a-30-day-ceasefire"
FOUR = f"/grid/?docs=russian-memorandum-2025-06-02,ukrainian-memorandum-2025-06-01,{PUTIN_ASTANA},{THIRTY_DAYS}"


def add_document(page, expect, slug, columns):
    page.select_option("#id_add", slug)
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator(".grid-columns li")).to_have_count(columns)
    expect(page).to_have_url(re.compile(rf"docs=[^&]*{slug}"))


def build_and_walk(page, expect):
    """The whole story, at whatever size the page is."""
    page.goto("/grid/")
    expect(page.locator(".grid-columns li")).to_have_count(2)
    expect(page.locator("#grid")).to_contain_text("No documents named")
    page.evaluate("window.__marker = 1")

    add_document(page, expect, PUTIN_ASTANA, 3)
    add_document(page, expect, THIRTY_DAYS, 4)
    expect(page.locator(".grid-table thead th")).to_have_count(5)  # the topic, then four documents
    # Reorder: the fourth column moves left.
    page.locator(".grid-columns li").nth(3).get_by_role("link", name=re.compile("^Move left")).click()
    expect(page).to_have_url(re.compile(rf"docs=[^&]*{THIRTY_DAYS}%2C{PUTIN_ASTANA}"))
    four_columns = page.url

    page.get_by_label("Differences only").check()
    expect(page).to_have_url(re.compile(r"differences=1"))
    expect(page.locator("#grid")).to_contain_text("Differences only:")

    page.select_option("#id_side", "russia")
    page.fill("#id_as_of", "2025-03-15")
    page.get_by_role("button", name="Add the position").click()
    expect(page.locator(".grid-columns li")).to_have_count(5)
    expect(page).to_have_url(re.compile(r"russia%402025-03-15"))
    expect(page.locator(".grid-columns")).to_contain_text("Russia as of 15 March 2025")
    # The differences switch is still on: the menus carry the state shown.
    expect(page).to_have_url(re.compile(r"differences=1"))

    # A cell's provenance opens in place.
    toggle = page.locator(".grid-table .provenance-toggle").first
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{toggle.get_attribute('aria-controls')} .provenance").first).to_be_visible()
    assert page.evaluate("window.__marker") == 1, "the grid reloaded the page instead of updating in place"

    page.go_back()
    expect(page.locator(".grid-columns li")).to_have_count(4)
    expect(page.get_by_label("Differences only")).to_be_checked()
    page.go_back()
    expect(page).to_have_url(four_columns)
    expect(page.get_by_label("Differences only")).not_to_be_checked()
    page.go_forward()
    expect(page).to_have_url(re.compile(r"differences=1"))
    expect(page.get_by_label("Differences only")).to_be_checked()
    expect(page.locator(".grid-columns li")).to_have_count(4)
    return page


def test_a_grid_is_built_from_the_menus_and_walked_back_and_forth(page, expect):
    build_and_walk(page, expect)
    # On a wide screen the cells stand in columns: a term's column name is in the heading, not repeated.
    expect(page.locator(".cell-name").first).to_be_hidden()


def test_on_a_phone_the_grid_is_one_card_per_topic_without_sideways_scrolling(new_page, expect):
    page = build_and_walk(new_page(viewport=PHONE), expect)
    assert_no_sideways_scrolling(page)
    # Each document's terms under its name.
    expect(page.locator(".cell-name").first).to_be_visible()
    display = page.locator(".grid-table tbody tr").first.evaluate("(row) => getComputedStyle(row).display")
    assert display == "block"
    page.goto(FOUR)
    assert_no_sideways_scrolling(page)


def test_the_menus_work_without_javascript(new_page, expect):
    page = new_page(java_script_enabled=False)
    page.goto(FOUR)
    expect(page.locator(".grid-columns li")).to_have_count(4)
    page.locator(".grid-columns li").first.get_by_role("link", name=re.compile("^Remove")).click()
    expect(page.locator(".grid-columns li")).to_have_count(3)
    page.select_option("#id_side", "ukraine")
    page.fill("#id_as_of", "2025-06-30")
    page.get_by_role("button", name="Add the position").click()
    expect(page.locator(".grid-columns")).to_contain_text("Ukraine as of 30 June 2025")
    toggle = page.locator(".grid-table .provenance-toggle").first
    slug = re.fullmatch(r"/demands/([\w-]+)/", toggle.get_attribute("href")).group(1)
    toggle.click()
    expect(page).to_have_url(re.compile(rf"/demands/{slug}/$"))


def test_a_ninth_column_is_refused_in_place_with_what_to_correct(page, expect, browser_problems):
    # The browser logs the refusal (a 400) as a failed load; that is the answer expected here.
    browser_problems.expect_console_errors(r"status of 400 \(Bad Request\)")
    eight = ",".join(f"russia@2025-0{month}-01" for month in range(1, 9))
    page.goto(f"/grid/?docs={eight}")
    expect(page.locator(".grid-columns li")).to_have_count(8)
    expect(page.locator("#grid")).to_contain_text("Eight columns is the most a grid holds")
    page.select_option("#id_add", PUTIN_ASTANA)
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator("#grid [role=alert]")).to_contain_text("Name 2 to 8 documents")
    expect(page.locator(".update-failed")).to_have_count(0)
    assert "putin" not in page.url
