"""The explorer's feed as a browser finds it: the head's feed link names the filter shown, after the results change
in place (htmx) and after Back, as it does on a page load."""

import re

import pytest

from negotiations.tests.browser.view_state import open_filters

pytestmark = pytest.mark.browser

FEED_LINK = 'link[rel="alternate"][type="application/atom+xml"]'


def test_the_heads_feed_link_follows_the_filter_changed_in_place(page, expect):
    page.goto("/demands/")
    feed = page.locator(FEED_LINK)
    expect(feed).to_have_attribute("href", re.compile(r"/demands/feed/$"))
    open_filters(page)
    page.select_option("#id_party", "russia")
    expect(page).to_have_url(re.compile(r"[?&]party=russia(&|$)"))
    expect(feed).to_have_attribute("href", re.compile(r"^http://[^/]+/demands/feed/\?party=russia$"))
    expect(feed).to_have_attribute("title", "Ceasefire Positions: terms of Russia")
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"party="))
    expect(feed).to_have_attribute("href", re.compile(r"/demands/feed/$"))
    expect(feed).to_have_attribute("title", "Ceasefire Positions: terms")
