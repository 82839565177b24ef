"""axe-core in Chromium on one page of each kind: no serious or critical accessibility violation."""

import json

import pytest

from negotiations.tests.browser.pages import PAGE_KINDS, resolve

pytestmark = pytest.mark.browser

# Minor and moderate findings are reviewed by hand; these two block a reader outright.
BLOCKING = {"serious", "critical"}

RUN_AXE = """async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.map((node) => node.target.join(" ")),
  }));
}"""


@pytest.mark.parametrize("path", PAGE_KINDS.values(), ids=PAGE_KINDS.keys())
def test_page_has_no_serious_accessibility_violation(page, axe_source, path):
    page.goto(resolve(path))
    # evaluate, not add_script_tag: a <script> tag would be refused by the Content-Security-Policy,
    # while code run through the DevTools protocol is not subject to it.
    page.evaluate(axe_source)
    violations = [violation for violation in page.evaluate(RUN_AXE) if violation["impact"] in BLOCKING]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(
        f"  {v['impact']}: {v['id']} — {v['help']}; at {json.dumps(v['targets'], ensure_ascii=False)}"
        for v in violations
    )
