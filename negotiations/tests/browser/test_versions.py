"""A researcher follows a cited data version in a real browser: the term as it stood, the banner, the record of
changes; a removed term's tombstone. Both pages free of serious accessibility violations, console errors and
Content-Security-Policy violations (the `page` fixture fails the test on those)."""

import json
import re

import pytest

from negotiations.models import DataVersion, Demand
from negotiations.tests.browser.test_accessibility import BLOCKING, RUN_AXE

pytestmark = pytest.mark.browser

SLUG = "ru-memo-permanent-neutrality"


def assert_accessible(page, axe_source):
    page.evaluate(axe_source)
    violations = [violation for violation in page.evaluate(RUN_AXE) if violation["impact"] in BLOCKING]
    assert not violations, f"axe-core on {page.url}:\n" + json.dumps(violations, ensure_ascii=False, indent=1)


def test_a_cited_version_reads_back_with_what_changed_since(page, expect, axe_source):
    cited = DataVersion.current().version
    demand = Demand.objects.get(slug=SLUG)
    old = demand.paraphrase
    demand.paraphrase = "A curator's corrected paraphrase."
    demand.save()  # committed at once (the live server's database is transactional): the version advances
    assert DataVersion.current().version > cited

    page.goto(f"/demands/{SLUG}/?version={cited}")
    expect(page.locator("h1")).to_have_text(old)
    banner = page.locator(".as-of")
    expect(banner).to_contain_text(f"as it stood at data version {cited}")
    expect(banner).to_contain_text("Since then: paraphrase changed")
    assert_accessible(page, axe_source)

    banner.get_by_role("link", name="the record of changes").click()
    expect(page).to_have_url(re.compile(rf"/changes/\?record=demand-{demand.pk}$"))
    expect(page.locator(".change").first).to_contain_text("A curator's corrected paraphrase.")

    page.goto(f"/demands/{SLUG}/")
    expect(page.locator("h1")).to_have_text("A curator's corrected paraphrase.")
    expect(page.locator(".as-of")).to_have_count(0)


def test_a_removed_term_s_address_shows_its_tombstone(page, expect, axe_source, browser_problems):
    browser_problems.expect_console_errors(r"status of 410 \(Gone\)")  # Chromium logs the page's own status
    demand = Demand.objects.get(slug=SLUG)
    paraphrase = demand.paraphrase
    demand.delete()

    response = page.goto(f"/demands/{SLUG}/")
    assert response.status == 410
    expect(page.locator("h1")).to_contain_text(paraphrase)
    expect(page.locator(".site-header")).to_be_visible()
    assert_accessible(page, axe_source)

    page.get_by_role("link", name=re.compile("Read it as it stood at data version")).click()
    expect(page.locator("h1")).to_have_text(paraphrase)
    expect(page.locator(".as-of")).to_contain_text("it was removed, on")
