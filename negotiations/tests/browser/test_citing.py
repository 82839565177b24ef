"""Citations and corrections in a real browser: the JSON-LD data block parses and the Content-Security-Policy
(script-src 'self') reports nothing for it; the BibTeX opens without JavaScript; the new pages read on a phone.
The fixtures fail any test on a console error or a CSP violation."""

import json
import re

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


@pytest.mark.parametrize(
    ("format_name", "opening"),
    [
        ("BibTeX", "@misc{ceasefire-positions:demand:ru-memo-permanent-neutrality,"),
        ("CSL-JSON", '"type": "dataset"'),
        ("RIS", "TY  - DATA"),
    ],
)
def test_each_citation_format_opens_without_javascript(new_page, expect, format_name, opening):
    page = new_page(java_script_enabled=False)
    page.goto("/demands/ru-memo-permanent-neutrality/")
    details = page.locator(".cite details").filter(has=page.locator("summary", has_text=format_name))
    code = details.locator("pre code")
    expect(code).to_be_hidden()
    details.locator("summary").click()
    expect(code).to_be_visible()
    expect(code).to_contain_text(opening)
    # Without JavaScript there is no copy button, and the citation is there to select.
    expect(page.locator(".copy-citation")).to_have_count(0)
    expect(page.locator(".cite .citation")).to_contain_text("as reported by Euromaidan Press, 3 June 2025")


def json_ld_of(page):
    return json.loads(page.locator('script[type="application/ld+json"]').text_content())


def test_a_term_says_whose_words_its_quote_is_and_its_json_ld_and_citation_agree(page, expect):
    # Reported: Euromaidan Press's summary of the memorandum, not Russia's text (issue 20's example).
    page.goto("/demands/ru-memo-ceasefire-option-2-demobilise/")
    words = page.locator(".provenance .words")
    expect(words).to_have_text(
        "Euromaidan Press, reporting Russian memorandum (Russia): “The second demands Kyiv demobilize”"
    )
    expect(words.locator(".words-by a").first).to_have_text("Euromaidan Press")
    data = json_ld_of(page)
    assert data["creator"] == {"@type": "Organization", "name": "Euromaidan Press"}
    assert data["about"][0]["creator"]["name"] == "Russia"
    assert data["isBasedOn"]["isBasedOn"]["isBasedOn"]["publisher"]["name"] == "TASS"
    citation = page.locator(".cite .citation")
    expect(citation).to_contain_text(
        "Russian memorandum (Russia), TASS, 2 June 2025, as reported by Euromaidan Press, 3 June 2025"
    )
    expect(citation.locator("a")).to_have_attribute(
        "href", re.compile(r"/demands/ru-memo-ceasefire-option-2-demobilise/\?version=\d+$")
    )

    # Own words: ISW's text, reposted by Kyiv Post: the speaker is their author.
    page.goto("/demands/ru-isw-2024-regime-change/")
    expect(page.locator(".provenance .words")).to_have_text(
        "Institute for the Study of War: “to replace the Ukrainian government with one he determined appropriate”"
    )
    data = json_ld_of(page)
    assert data["creator"] == {"@type": "Organization", "name": "Institute for the Study of War"}
    assert data["about"][0]["name"] == "Russia"


def test_the_copy_button_copies_the_citation_as_it_reads(new_page, expect):
    page = new_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto("/demands/ru-memo-ceasefire-option-2-demobilise/")
    button = page.get_by_role("button", name="Copy the citation")
    expect(button).to_have_count(1)
    button.click()
    expect(page.locator(".copy-status")).to_have_text("Copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(".cite .citation").text_content().strip()
    assert "as reported by Euromaidan Press, 3 June 2025" in copied
    assert re.search(r"/demands/ru-memo-ceasefire-option-2-demobilise/\?version=\d+, retrieved ", copied)


def test_the_compare_pages_citation_keeps_one_copy_button_across_swaps(page, expect):
    page.goto("/")
    expect(page.locator(".copy-citation")).to_have_count(1)
    page.locator("#comparing").click()
    page.get_by_label("Relation").select_option("opposed")
    expect(page).to_have_url(re.compile(r"relation=opposed"))
    expect(page.locator(".copy-citation")).to_have_count(1)


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
