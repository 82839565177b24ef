"""The demands explorer in a real browser: htmx updates the results in place and keeps the URL and history."""

import datetime
import re

import pytest

from negotiations.models import Demand

pytestmark = pytest.mark.browser


def expected_count(start=None, end=None):
    count = Demand.objects.stated_between(start, end).count()
    return f"{count} demand{'' if count == 1 else 's'}"


def test_demands_date_range_updates_results_without_a_page_load(page, expect):
    page.goto("/demands/")
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
    page.fill("#id_q", "перемирие")
    expect(page.locator("#results")).to_contain_text("The record is in English; try an English word (e.g. ceasefire)")


def test_a_search_for_a_publisher_finds_what_it_carried(page, expect):
    page.goto("/demands/?q=TASS")
    expect(page.locator(".result-count")).not_to_contain_text("0 demands")
    expect(page.locator("#results tbody tr").first).to_be_visible()
