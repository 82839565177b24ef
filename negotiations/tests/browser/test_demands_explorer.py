"""The demands explorer in a real browser: htmx updates the results in place and keeps the URL and history."""

import datetime
import re

import pytest

from negotiations.models import Demand, Topic
from negotiations.tests.browser import view_state

pytestmark = pytest.mark.browser


def expected_count(start=None, end=None):
    count = Demand.objects.stated_between(start, end).count()
    return f"{count} demand{'' if count == 1 else 's'}"


def test_demands_date_range_updates_results_without_a_page_load(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    count = page.locator(".result-count")
    expect(count).to_contain_text(expected_count())
    # A full page load would start a new window object and lose this.
    page.evaluate("window.__marker = 1")

    page.fill("#id_from", "2025-05-01")
    expect(count).to_contain_text(f"{expected_count(datetime.date(2025, 5, 1))} since 1 May 2025")
    expect(page).to_have_url(re.compile(r"[?&]from=2025-05-01(&|$)"))

    page.fill("#id_to", "2025-06-30")
    in_range = expected_count(datetime.date(2025, 5, 1), datetime.date(2025, 6, 30))
    expect(count).to_contain_text(f"{in_range} from 1 May 2025 to 30 June 2025")
    expect(page).to_have_url(re.compile(r"[?&]from=2025-05-01&to=2025-06-30(&|$)"))
    # The rows changed too, not only the sentence above them: every row's date is in the range.
    dates = page.locator("#results tbody td.nowrap").all_inner_texts()
    assert dates, "the range 1 May – 30 June 2025 should list terms"
    assert all(re.search(r"(May|June|Jun) 2025", date) for date in dates), dates
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of updated in place"

    # Back: htmx restores the previous state (count and URL) from its history, still without a page load.
    page.go_back()
    expect(count).to_contain_text(f"{expected_count(datetime.date(2025, 5, 1))} since 1 May 2025")
    expect(page).to_have_url(re.compile(r"[?&]from=2025-05-01(&|$)"))
    assert "to=2025-06-30" not in page.url
    assert page.evaluate("window.__marker") == 1, "going back reloaded the page"
    # The form says what the restored page shows, so the next change filters from it.
    expect(page.locator("#id_from")).to_have_value("2025-05-01")
    expect(page.locator("#id_to")).to_have_value("")


def test_a_misspelled_search_offers_the_closest_word_and_following_it_searches_for_it(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    page.fill("#id_q", "cesefire")
    results = page.locator("#results")
    expect(results).to_contain_text("No demand matches these filters")
    suggestion = results.get_by_role("link", name="ceasefire", exact=True)
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(r"[?&]q=ceasefire(&|$)"))
    expect(page.locator("#id_q")).to_have_value("ceasefire")
    expect(page.locator("#results mark").first).to_have_text(re.compile("ceasefire", re.IGNORECASE))


def test_a_search_in_another_script_is_told_the_record_is_in_english(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    page.fill("#id_q", "перемирие")
    expect(page.locator("#results")).to_contain_text("The record is in English; try an English word (e.g. ceasefire)")


def test_a_search_for_a_publisher_finds_what_it_carried(page, expect):
    page.goto("/demands/?q=TASS")
    view_state.open_filters(page)
    expect(page.locator(".result-count")).not_to_contain_text("0 demands")
    expect(page.locator("#results tbody tr").first).to_be_visible()


# Issue 19: one state on screen. Whatever changes the results (a facet, sort, a page link) changes what the form
# shows, so the next change to the form filters from the results on screen, not from an older state.


def facet_link(page, facet, label):
    return page.locator(f"#results [aria-labelledby='facet-{facet}'] a", has_text=label).first


def settle(page, expect):
    """Wait until htmx has no request in flight (it marks the requesting element and the indicator meanwhile)."""
    expect(page.locator(".htmx-request")).to_have_count(0)


def test_a_party_facet_is_the_forms_party_and_the_next_change_keeps_it(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    facet_link(page, "party", "Ukraine").click()
    expect(page).to_have_url(re.compile(r"[?&]party=ukraine(&|$)"))
    expect(page.locator("#id_party")).to_have_value("ukraine")

    page.fill("#id_q", "ceasefire")
    expect(page).to_have_url(re.compile(r"[?&]q=ceasefire(&|$)"))
    assert "party=ukraine" in page.url, f"typing a word dropped the party chosen by its facet: {page.url}"
    expect(page.locator(".result-count")).to_contain_text(view_state.demand_count("party=ukraine&q=ceasefire"))


def test_a_topic_facet_ticks_its_box_and_removing_it_unticks_it(page, expect):
    topic = Topic.objects.filter(demands__isnull=False).order_by("position").first()
    page.goto("/demands/")
    view_state.open_filters(page)
    facet_link(page, "topic", topic.name).click()
    box = page.locator(f"form.controls input[name=topic][value='{topic.slug}']")
    expect(box.first).to_be_checked()

    page.select_option("#id_stance", "demand")
    expect(page).to_have_url(re.compile(r"[?&]stance=demand(&|$)"))
    assert f"topic={topic.slug}" in page.url, f"choosing a stance dropped the topic chosen by its facet: {page.url}"

    # The chosen facet's ✕ removes the topic: its box is unticked too, so the next change does not bring it back.
    facet_link(page, "topic", topic.name).click()
    expect(page).not_to_have_url(re.compile(rf"topic={topic.slug}"))
    expect(box.first).not_to_be_checked()
    page.select_option("#id_party", "russia")
    expect(page).to_have_url(re.compile(r"[?&]party=russia(&|$)"))
    assert f"topic={topic.slug}" not in page.url, f"a removed topic came back with the next change: {page.url}"


def test_a_speaker_facet_is_the_forms_speaker(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    link = page.locator("#results [aria-labelledby='facet-said_by'] a").first
    slug = re.search(r"said_by=([\w-]+)", link.get_attribute("href")).group(1)
    link.click()
    expect(page.locator("#id_said_by")).to_have_value(slug)
    page.select_option("#id_stance", "demand")
    expect(page).to_have_url(re.compile(r"[?&]stance=demand(&|$)"))
    assert f"said_by={slug}" in page.url, f"choosing a stance dropped the speaker chosen by its facet: {page.url}"


def test_sorting_oldest_first_survives_the_next_filter_change(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    page.get_by_role("link", name="Sort oldest first").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=oldest(&|$)"))
    page.select_option("#id_party", "russia")
    expect(page).to_have_url(re.compile(r"[?&]party=russia(&|$)"))
    assert "sort=oldest" in page.url, f"changing the party reverted the order to newest first: {page.url}"
    expect(page.get_by_role("link", name="Sort newest first")).to_be_visible()


def test_the_pushed_address_is_the_canonical_state_without_empty_fields(page, expect, live_server):
    page.goto("/demands/")
    view_state.open_filters(page)
    page.select_option("#id_party", "russia")
    expect(page).to_have_url(re.compile(r"[?&]party=russia(&|$)"))
    assert page.url == f"{live_server.url}/demands/?party=russia"


def test_arrowing_through_a_menu_sends_one_request_and_adds_one_history_entry(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    sent = view_state.record_htmx_requests(page)
    history_before = page.evaluate("history.length")
    options = page.locator("#id_said_by option").evaluate_all("(options) => options.map((o) => o.value)")
    menu = page.locator("#id_said_by")
    menu.focus()
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    expect(menu).to_have_value(options[5])
    page.wait_for_timeout(800)  # longer than any debounce: what would have been sent per step has been sent
    assert len(sent) <= 1, f"arrowing through the menu sent {len(sent)} requests: {sent}"
    assert page.evaluate("history.length") - history_before <= 1

    # The choice is committed (Enter, or leaving the menu): one request, one Back entry, the results follow.
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]said_by={options[5]}(&|$)"))
    settle(page, expect)
    assert len(sent) == 1, f"committing the menu's value sent {len(sent)} requests: {sent}"
    assert page.evaluate("history.length") - history_before == 1
    expect(page.locator(".result-count")).to_contain_text(view_state.demand_count(f"said_by={options[5]}"))


def test_a_menu_chosen_with_the_mouse_applies_at_once(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    page.select_option("#id_stance", "demand")
    expect(page).to_have_url(re.compile(r"[?&]stance=demand(&|$)"))


# What the browser and htmx log when a request fails as these tests make it fail.
FAILED_REQUEST_LOGGED = r"503|ERR_CONNECTION_REFUSED|htmx:(sendError|afterRequest)|Response Status Error"


def fail_htmx_requests(page, how, path=r"/demands/"):
    """Every htmx request to `path` fails as `how` says ("503", "429" or "network"); full page loads go
    through."""

    def answer(route):
        if not route.request.headers.get("hx-request"):
            route.continue_()
        elif how == "503":
            route.fulfill(status=503, headers={"Retry-After": "2"}, body="busy", content_type="text/plain")
        elif how == "429":
            route.fulfill(status=429, headers={"Retry-After": "7"}, body="too many", content_type="text/plain")
        else:
            route.abort("connectionrefused")

    page.route(re.compile(rf"{path}(\?.*)?$"), answer)


@pytest.mark.parametrize("how", ["503", "network"])
def test_a_failed_update_says_so_keeps_the_form_on_the_results_shown_and_retries(page, expect, browser_problems, how):
    browser_problems.expect_console_errors(FAILED_REQUEST_LOGGED)
    page.goto("/demands/?party=russia")
    view_state.open_filters(page)
    count = page.locator(".result-count")
    shown = view_state.demand_count("party=russia")
    expect(count).to_contain_text(shown)
    export = page.get_by_role("link", name="CSV", exact=True).get_attribute("href")
    fail_htmx_requests(page, how)

    page.select_option("#id_party", "ukraine")
    alert = page.get_by_role("alert").filter(has_text="not updated")
    expect(alert).to_be_visible()
    # The form is back on the results still shown, and so are the address, the count and the exports.
    expect(page.locator("#id_party")).to_have_value("russia")
    expect(count).to_contain_text(shown)
    assert page.url.endswith("/demands/?party=russia")
    assert page.get_by_role("link", name="CSV", exact=True).get_attribute("href") == export

    page.unroute_all()
    alert.get_by_role("button", name="Retry").click()
    expect(page).to_have_url(re.compile(r"[?&]party=ukraine(&|$)"))
    expect(count).to_contain_text(view_state.demand_count("party=ukraine"))
    expect(page.locator("#id_party")).to_have_value("ukraine")
    expect(alert).to_have_count(0)


def test_an_update_refused_for_the_readers_share_of_fresh_pages_says_when_to_try_again(page, expect, browser_problems):
    browser_problems.expect_console_errors(r"429|htmx:(afterRequest)|Response Status Error")
    page.goto("/demands/?party=russia")
    view_state.open_filters(page)
    fail_htmx_requests(page, "429")
    page.select_option("#id_party", "ukraine")
    alert = page.get_by_role("alert").filter(has_text="not updated")
    expect(alert).to_contain_text("you have asked for many new pages in a short time; try again in 7 seconds.")


# Issue 24: the terms standing on a day, and their status.


def test_as_of_and_status_update_the_results_in_place_and_back_restores_them(page, expect):
    page.goto("/demands/")
    view_state.open_filters(page)
    count = page.locator(".result-count")
    page.evaluate("window.__marker = 1")

    page.fill("#id_as_of", "2025-06-30")
    expect(count).to_contain_text("standing on 30 June 2025")
    expect(page).to_have_url(re.compile(r"[?&]as_of=2025-06-30(&|$)"))
    standing = Demand.objects.standing_on(datetime.date(2025, 6, 30)).count()
    expect(count).to_contain_text(f"{standing} demand{'' if standing == 1 else 's'}")

    box = page.locator("form.controls input[name=status][value=put_forward]")
    box.evaluate("(box) => { box.closest('details').open = true; }")
    box.click()
    expect(page).to_have_url(re.compile(r"[?&]as_of=2025-06-30&status=put_forward(&|$)"))
    on_the_day = Demand.objects.standing_on(datetime.date(2025, 6, 30))
    expected = on_the_day.with_status_of(["put_forward"], datetime.date(2025, 6, 30)).count()
    expect(count).to_contain_text(f"{expected} demand{'' if expected == 1 else 's'}")

    page.go_back()
    expect(page).to_have_url(re.compile(r"[?&]as_of=2025-06-30$"))
    expect(page.locator("form.controls input[name=status][value=put_forward]")).not_to_be_checked()
    expect(page.locator("#id_as_of")).to_have_value("2025-06-30")
    assert page.evaluate("window.__marker") == 1, "the page was reloaded instead of updated in place"
