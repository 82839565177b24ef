"""The compare page in a real browser: provenance toggles by keyboard, without JavaScript, and on a phone."""

import re

import pytest

from negotiations.models import Source, Statement
from negotiations.tests.browser.pages import resolve
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


@pytest.fixture
def ranges_are_counted(monkeypatch):
    """A year of the curated record (39 terms) is shown side by side; counted by topic here, as the synthetic
    seed's ranges (thousands of terms) are. The live server answers from this process: it reads the same rule."""
    monkeypatch.setattr("negotiations.compare.comparison.COUNT_ONLY_ABOVE", 10)


def test_a_year_of_the_record_is_shown_side_by_side(page, expect):
    page.goto(RANGE)
    expect(page.locator(".compare-table .term").first).to_be_visible()
    expect(page.locator(".topic-tally")).to_have_count(0)


@pytest.mark.usefixtures("ranges_are_counted")
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


@pytest.mark.usefixtures("ranges_are_counted")
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


# Issue 26: reading the comparison anywhere.


@pytest.mark.parametrize("path", ["/", "/compare/"])
def test_the_change_link_opens_the_controls_and_moves_focus_into_them_and_never_closes_them(page, expect, path):
    page.goto(path)
    panel = page.locator("details.controls-panel")
    change = page.locator("#comparing .controls-change")
    change.click()
    expect(panel).to_have_attribute("open", "")
    expect(page.locator("#id_left")).to_be_focused()
    change.click()
    expect(page.locator("#id_left")).to_be_focused()
    assert panel.evaluate("(details) => details.open"), "a second Change closed the controls"


def test_the_home_pages_first_term_is_on_a_phones_first_screen(new_page, expect):
    page = new_page(viewport=PHONE, has_touch=True)
    page.goto("/")
    first = page.locator(".compare-table .term-text").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], (
        f"the first term ends {box['y'] + box['height']:.0f} px down, below a {PHONE['height']} px screen"
    )
    assert_no_sideways_scrolling(page)


def pdf_pages(pdf):
    """The number of pages of a PDF Chromium wrote: its page objects (`/Type /Page`, not `/Pages`)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


# Printed before the print stylesheet: the comparison of the two memoranda on seven A4 pages, with the site's
# navigation, the form and every "Quote and source" link.
PAGES_BEFORE = 7
NOT_PRINTED = [
    ".skip-link",
    ".site-header nav",
    ".breadcrumb",
    ".controls-panel",
    "form",
    ".provenance-toggle",
    ".copy-citation",
    ".cite-format",
    "button",
]


def assert_prints_as_a_document(page, expect):
    page.emulate_media(media="print")
    for selector in NOT_PRINTED:
        for index in range(page.locator(selector).count()):
            expect(page.locator(selector).nth(index)).to_be_hidden()
    permalink = page.locator(".print-permalink")
    expect(permalink).to_be_visible()
    expect(permalink).to_contain_text(re.compile(r"https?://"))


def test_the_comparison_prints_as_a_document_on_fewer_pages(page, expect):
    page.goto("/compare/")
    assert_prints_as_a_document(page, expect)
    expect(page.locator(".print-permalink")).to_contain_text(re.compile(r"/compare/\?left=[\w-]+&right=[\w-]+"))
    expect(page.locator(".compare-table .term").first).to_be_visible()
    pages = pdf_pages(page.pdf(format="A4"))
    assert 0 < pages < PAGES_BEFORE, f"the comparison prints on {pages} A4 pages"


ARTICLE = "https://example.org/news/2025/06/memoranda"


@pytest.fixture
def source_address(site):
    """The curated sources hold no address (their texts were captured without one): give each the same."""
    Source.objects.update(url=ARTICLE)


AFTER = "getComputedStyle(document.querySelector(%r), '::after').content"


@pytest.mark.parametrize(
    "path", ["/demands/ru-memo-permanent-neutrality/", "/statements/{russian-memorandum-2025-06-02}/"]
)
def test_a_record_prints_with_its_sources_address_and_its_permalink(page, expect, path, source_address):
    page.goto(resolve(path))
    assert_prints_as_a_document(page, expect)
    address = page.locator(".passage blockquote").get_attribute("cite")
    assert address == ARTICLE
    assert address in page.evaluate(AFTER % ".passage blockquote")
    page.emulate_media(media="screen")
    assert page.evaluate(AFTER % ".passage blockquote") == "none"


def test_a_sources_address_that_a_link_reads_as_is_printed_once(page, expect, source_address):
    page.goto("/sources/euromaidan-2025-06-03-memoranda/")
    assert_prints_as_a_document(page, expect)
    original = page.locator(".facts a.address").first
    expect(original).to_be_visible()
    expect(original).to_have_text(re.compile(r"^https?://"))
    assert page.evaluate(AFTER % ".facts a.address") == "none"
