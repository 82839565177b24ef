"""Citations and corrections in a real browser: the JSON-LD data block parses and the Content-Security-Policy
(script-src 'self') reports nothing for it; the BibTeX opens without JavaScript; the new pages read on a phone.
The fixtures fail any test on a console error or a CSP violation."""

import json

import pytest

from .pages import resolve

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}


@pytest.mark.parametrize(
    "path", ["/demands/ru-memo-permanent-neutrality/", "/statements/{russian-memorandum-2025-06-02}/"]
)
def test_json_ld_parses_and_raises_no_policy_violation(page, path):
    page.goto(resolve(path))
    blocks = page.locator('script[type="application/ld+json"]')
    assert blocks.count() == 1
    data = json.loads(blocks.text_content())
    assert data["@type"] == "Quotation"
    assert data["creator"]["name"]
    assert data["isBasedOn"]["publisher"]["name"]


def test_the_bibtex_opens_without_javascript(new_page, expect):
    page = new_page(java_script_enabled=False)
    page.goto("/demands/ru-memo-permanent-neutrality/")
    code = page.locator(".cite pre code")
    expect(code).to_be_hidden()
    page.locator(".cite summary").click()
    expect(code).to_be_visible()
    expect(code).to_contain_text("@misc{ceasefire-positions:demand:ru-memo-permanent-neutrality,")


@pytest.mark.parametrize("path", ["/about/", "/changes/", "/data/", "/demands/ru-memo-permanent-neutrality/"])
def test_the_new_pages_do_not_scroll_sideways_on_a_phone(new_page, path):
    page = new_page(viewport=PHONE)
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
