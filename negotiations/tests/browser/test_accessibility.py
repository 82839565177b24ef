"""axe-core in Chromium on one page of each kind, at a phone's width and a desktop's: no serious or critical
accessibility violation under the WCAG 2.0, 2.1 and 2.2 A and AA rules and axe's best practices."""

import json

import pytest

from negotiations.tests.browser.pages import PAGE_KINDS, resolve

pytestmark = pytest.mark.browser

# Minor and moderate findings are reviewed by hand; these two block a reader outright.
BLOCKING = {"serious", "critical"}

# axe's default rules are exactly those tagged so, less the deprecated ones; the tags add the one WCAG 2.2 rule it
# leaves off by default, target-size (2.5.8: 24 px targets, or spaced so that 24 px circles do not overlap).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 720}}

# The violations, as a list (other modules run it too: test_citing, test_versions); the rules that ran are left on
# the page (window.__axeRan), so that a test can check that the one it relies on did.
RUN_AXE = """async () => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: TAGS }, resultTypes: ["violations"] });
  window.__axeRan = [...results.violations, ...results.passes, ...results.incomplete, ...results.inapplicable]
    .map((rule) => rule.id);
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}""".replace("TAGS", json.dumps(AXE_TAGS))


def blocking_violations(page, axe_source):
    """Runs axe on the page: its serious and critical violations, after checking that target-size ran."""
    # evaluate, not add_script_tag: a <script> tag would be refused by the Content-Security-Policy,
    # while code run through the DevTools protocol is not subject to it.
    page.evaluate(axe_source)
    violations = page.evaluate(RUN_AXE)
    assert "target-size" in page.evaluate("window.__axeRan"), "axe did not run its WCAG 2.2 target-size rule"
    return [violation for violation in violations if violation["impact"] in BLOCKING]


def describe(violations):
    return "\n".join(
        f"  {v['impact']}: {v['id']} — {v['help']}; at {json.dumps(v['targets'], ensure_ascii=False)}"
        for v in violations
    )


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_page_has_no_serious_accessibility_violation(new_page, axe_source, path, width):
    page = new_page(viewport=width)
    page.goto(resolve(path))
    violations = blocking_violations(page, axe_source)
    assert not violations, f"axe-core on {page.url} at {width['width']} px:\n" + describe(violations)
