"""Issue 19, as a property: whatever sequence of facet clicks, sorting, paging, form changes and Back a reader
goes through on /demands/, the form's values, the address the page pushed and the result count always
describe the same state (and the address carries no empty field).

Hypothesis draws the sequences; a few examples only, each a real browser session, and derandomized with no
example database, so that CI runs the same sequences every time."""

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from negotiations.tests.browser import view_state

pytestmark = pytest.mark.browser

WORDS = ["ceasefire", "neutrality", "children", "sanctions", ""]
STEPS = ["facet", "sort", "page", "party", "stance", "topic", "words", "back"]

COUNT_PUSHES = """document.addEventListener("htmx:pushedIntoHistory", () => {
  window.__pushes = (window.__pushes || 0) + 1;
});"""


def results_state(page):
    state = page.locator("#results").get_attribute("data-state") or ""
    return sorted(pair for pair in state.split("&") if pair and not pair.startswith("page="))


def at_rest(page, expect):
    """No request in flight, and none about to start (a click's request starts at once; give it a moment)."""
    page.wait_for_timeout(150)
    expect(page.locator(".htmx-request")).to_have_count(0)


def mismatches(page):
    url = view_state.url_state(page, leave_out=())
    problems = [f"an empty field in the address {page.url}" for pair in url if pair.endswith("=")]
    without_page = [pair for pair in url if not pair.startswith("page=")]
    form = view_state.form_state(page)
    if form != without_page:
        problems.append(f"the form says {form}, the address {without_page}")
    if results_state(page) != without_page:
        problems.append(f"the results were made from {results_state(page)}, the address says {without_page}")
    shown, expected = (
        page.locator(".result-count strong").inner_text(),
        view_state.demand_count(view_state.url_query(page)),
    )
    if shown != expected:
        problems.append(f"the count says {shown!r}; the address's state gives {expected!r}")
    return problems


def assert_one_state(page, expect, steps):
    """The invariant, once the page is at rest (a swap's parts land within a moment of each other)."""
    at_rest(page, expect)
    for _ in range(20):
        problems = mismatches(page)
        if not problems:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"after {steps}: " + "; ".join(problems))


def choose(page, selector, n):
    values = page.locator(f"{selector} option").evaluate_all("(options) => options.map((o) => o.value)")
    page.select_option(selector, values[n % len(values)])


def take_step(page, expect, kind, n):
    """Do one reader's step; False when the page offers no such step now."""
    if kind == "facet":
        links = page.locator("#results .facet a")
        links.nth(n % links.count()).click()
    elif kind == "sort":
        page.locator("#results .results-tools a").first.click()
    elif kind == "page":
        links = page.locator("#results .pagination a")
        if not links.count():
            return False
        links.nth(n % links.count()).click()
    elif kind in ("party", "stance"):
        choose(page, f"#id_{kind}", n)
    elif kind == "topic":
        boxes = page.locator("form.controls input[name=topic]")
        box = boxes.nth(n % boxes.count())
        box.evaluate("(box) => { box.closest('details').open = true; }")
        box.click()
    elif kind == "words":
        word = WORDS[n % len(WORDS)]
        if page.input_value("#id_q") == word:
            return False
        page.fill("#id_q", word)
        page.wait_for_timeout(500)  # the field sends what was typed after a 400 ms pause
    return True


@settings(
    max_examples=int(os.environ.get("STATE_EXAMPLES", 15)),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 40)), min_size=2, max_size=7))
def test_the_form_the_address_and_the_count_always_describe_one_state(page, expect, steps):
    page.add_init_script(COUNT_PUSHES)
    page.goto("/demands/")
    view_state.open_filters(page)
    assert_one_state(page, expect, [])
    depth, pushes, done = 0, 0, []
    for kind, n in steps:
        if kind == "back":
            if not depth:
                continue
            page.go_back()
            depth -= 1
        elif not take_step(page, expect, kind, n):
            continue
        done.append((kind, n))
        assert_one_state(page, expect, done)
        now = page.evaluate("window.__pushes || 0")
        depth, pushes = depth + now - pushes, now
