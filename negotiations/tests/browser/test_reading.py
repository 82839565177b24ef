"""What readers do in a real browser: type a date, go Back and Forward, read on a phone, jump to a topic."""

import re

import pytest

from negotiations.tests.browser import view_state

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


def assert_no_sideways_scrolling(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide at {PHONE['width']} px, so it scrolls sideways"


def test_typing_a_date_sends_no_request_for_a_half_typed_year(page, expect):
    page.goto("/demands/?party=russia")
    view_state.open_filters(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url) if "/demands/" in request.url else None)
    history_before = page.evaluate("history.length")

    # Chromium's date input in en-US reads month, day, year; focus lands on the month, and each key moves
    # through the segments as a person types.
    page.locator("#id_from").focus()
    page.keyboard.type("0501", delay=60)
    # A person pausing between the year's digits: Chromium commits each digit as the year (0002, 0020, 0202).
    page.keyboard.type("2025", delay=1200)
    expect(page).to_have_url(re.compile(r"[?&]from=2025-05-01(&|$)"))
    expect(page.locator(".result-count")).to_contain_text("since 1 May 2025")

    years = [re.search(r"from=(\d+)-", url).group(1) for url in requested if "from=" in url]
    assert years == ["2025"], f"requests while typing: {requested}"
    assert page.evaluate("history.length") == history_before + 1, "typing left junk entries in Back history"


def test_leaving_a_date_with_a_half_typed_year_sends_nothing_and_says_why(page, expect):
    page.goto("/demands/?party=russia")
    view_state.open_filters(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url) if "/demands/" in request.url else None)
    history_before = page.evaluate("history.length")
    page.locator("#id_from").focus()
    page.keyboard.type("05012", delay=60)  # the year's first digit, then on to the next field
    page.keyboard.press("Tab")
    expect(page.locator("#error-from")).to_contain_text("blocks the other filters")
    page.wait_for_timeout(500)
    assert not [url for url in requested if "from=" in url], f"requests for a half-typed year: {requested}"
    assert page.evaluate("history.length") == history_before


def test_a_half_typed_date_says_it_blocks_the_other_filters(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url) if "/demands/" in request.url else None)
    page.locator("#id_from").focus()
    page.keyboard.type("05", delay=60)  # a month only: the date is not whole
    page.select_option("#id_party", "russia")
    expect(page.locator("#error-from")).to_contain_text("blocks the other filters")
    # Nothing is sent that would show Russia's terms for all dates while the box still holds a half date.
    page.wait_for_timeout(800)
    assert requested == [], requested
    assert "party=" not in page.url


def test_a_half_typed_year_from_a_url_is_refused_and_named(page, expect):
    page.goto("/demands/?from=0002-05-01&party=russia")
    expect(page.locator("#error-from")).to_contain_text("blocks the other filters")
    expect(page.locator("#results")).to_contain_text("“From” must be corrected first")
    expect(page.locator("#results")).not_to_contain_text("demands</strong>")


@pytest.mark.parametrize(
    ("path", "control"),
    [("/demands/", "#id_party"), ("/compare/", "#id_relation")],
)
def test_back_and_forward_restore_without_a_csp_violation(page, expect, path, control):
    page.goto(path)
    view_state.open_filters(page)
    options = page.locator(f"{control} option")
    first, second = options.nth(1).get_attribute("value"), options.nth(2).get_attribute("value")
    page.select_option(control, first)
    expect(page).to_have_url(re.compile(rf"={first}(&|$)"))
    page.select_option(control, second)
    expect(page).to_have_url(re.compile(rf"={second}(&|$)"))
    page.go_back()
    expect(page).to_have_url(re.compile(rf"={first}(&|$)"))
    page.go_back()
    page.go_forward()
    page.go_forward()
    expect(page).to_have_url(re.compile(rf"={second}(&|$)"))
    # The new_page fixture fails the test on any CSP violation logged meanwhile.


def test_the_explorer_rows_stack_on_a_phone(new_page, expect):
    page = new_page(viewport=PHONE)
    page.goto("/demands/")
    assert_no_sideways_scrolling(page)
    first_row = page.locator("#results tbody tr").first
    cells = first_row.locator("td")
    widths = [cells.nth(n).bounding_box()["width"] for n in range(cells.count())]
    assert min(widths) > 300, f"the row's cells are not stacked: {widths}"
    expect(first_row.locator("td[data-label='Said by']")).to_be_visible()


def test_the_timeline_scrolls_inside_its_frame_with_readable_labels_on_a_phone(new_page):
    page = new_page(viewport=PHONE)
    page.goto("/timeline/")
    assert_no_sideways_scrolling(page)
    frame = page.locator(".timeline-frame")
    assert frame.evaluate("el => el.scrollWidth > el.clientWidth"), "the timeline does not scroll in its frame"
    label = page.locator(".lane-label").first
    height = label.bounding_box()["height"]
    assert height >= 11, f"lane labels are {height} px high"
    frame.evaluate("el => el.scrollLeft = el.scrollWidth")
    last_year = page.locator(".tick-label-major").last
    box, bounds = last_year.bounding_box(), frame.bounding_box()
    assert box["x"] + box["width"] <= bounds["x"] + bounds["width"] + 1, "the last year is cut off"


def test_the_home_form_is_collapsed_behind_a_summary_on_a_phone(new_page, expect):
    page = new_page(viewport=PHONE)
    page.goto("/")
    assert_no_sideways_scrolling(page)
    panel = page.locator("details.controls-panel")
    expect(panel.locator("> summary")).to_contain_text("Comparing")
    expect(page.locator("#id_left")).to_be_hidden()
    # The first screen shows the comparison, not only the form.
    top = page.locator("#comparison").bounding_box()["y"]
    assert top < PHONE["height"] * 0.75, f"the comparison starts {top} px down"
    panel.locator("> summary").click()
    expect(page.locator("#id_left")).to_be_visible()


def test_the_topic_page_fits_a_phone(new_page, expect):
    page = new_page(viewport=PHONE)
    page.goto("/topics/territory/")
    assert_no_sideways_scrolling(page)
    expect(page.locator(".story-term").first).to_be_visible()


def test_a_jump_to_a_topic_lands_below_the_sticky_header(page):
    page.goto("/compare/")
    link = page.locator(".summary a[href^='#topic-']").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_timeout(300)
    header = page.locator(".compare-table thead th").first.bounding_box()
    heading = page.locator(f"{target} .topic-row th").bounding_box()
    assert heading["y"] >= header["y"] + header["height"] - 1, (header, heading)


def test_every_term_on_the_timeline_is_a_focusable_mark_of_its_own(page):
    page.goto("/timeline/")
    boxes = page.locator("svg.timeline-svg a[href^='/demands/'] :is(circle, rect)").evaluate_all(
        "els => els.map(el => { const b = el.getBoundingClientRect(); return [Math.round(b.x), Math.round(b.y)]; })"
    )
    assert len(boxes) == len(set(map(tuple, boxes))), "two marks sit on the same spot"


def test_the_timelines_table_loads_in_place_when_its_disclosure_is_opened_and_narrows_in_place(page, expect):
    page.goto("/timeline/")
    table = page.locator("#timeline-table table")
    expect(table).to_have_count(0)  # not in the page until asked for
    page.locator("#timeline-table > summary").focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() > 1
    # Narrowed in place, by the same form that works without JavaScript, and the picture stays.
    page.select_option("#id_side", "ukraine")
    page.locator("#timeline-table button[type=submit]").click()
    expect(table.locator("caption")).to_contain_text("shown")
    parties = table.locator("tbody tr td:nth-child(2)").all_inner_texts()
    assert parties and set(parties) == {"Ukraine"}, parties
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    expect(page.locator("svg.timeline-svg")).to_be_visible()
