"""Citations and corrections in a real browser: the JSON-LD data block parses and the Content-Security-Policy
(script-src 'self') reports nothing for it; the BibTeX opens without JavaScript; the new pages read on a phone.
The fixtures fail any test on a console error or a CSP violation."""

import json

import pytest

from negotiations.tests.browser.pages import resolve

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


@pytest.fixture
def corrected_term(site):
    """A loaded term corrected after publication, so that /changes/ lists an entry with its fields."""
    from django.core.cache import caches

    from negotiations.models import Demand

    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    demand.paraphrase = "A corrected paraphrase."
    demand.save()
    for cache in caches.all():
        cache.clear()
    return demand


def test_a_change_entry_has_no_serious_accessibility_violation(page, axe_source, corrected_term):
    from .test_accessibility import BLOCKING, RUN_AXE

    page.goto("/changes/")
    assert page.locator("article.change").count() == 1
    page.evaluate(axe_source)
    violations = [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]
    assert not violations, violations


def test_a_change_entry_and_a_corrected_record_are_valid_html(client, corrected_term, tmp_path, vnu_command):
    import subprocess

    from .test_html_validity import HTMX_FILTER

    files = []
    for name, url in [("changes", "/changes/"), ("corrected", "/demands/ru-memo-permanent-neutrality/")]:
        html = client.get(url).content
        assert b"A corrected paraphrase." in html
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(html)
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", "--filterpattern", HTMX_FILTER, *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors = [m for m in json.loads(result.stderr)["messages"] if m["type"] in {"error", "non-document-error"}]
    assert not errors, errors
