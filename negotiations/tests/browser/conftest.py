"""Fixtures for the real-browser tests: Chromium driven by Playwright against pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught exception or a Content-Security-Policy
violation fails the test, whatever the test itself checks. The tools come from outside Python
(Chromium from the system, axe-core and vnu.jar from `npm ci`); when one is missing the tests that
need it are skipped, with a reason that says what to install (they fail instead under REQUIRE_BROWSER_TESTS=1).
Deselect them all with `-m "not browser"`.
"""

import re
import shutil
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command

from negotiations.tests.required import missing

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU_JAR = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Headless, and nothing that reaches the network behind the test's back (updates, sync, QUIC probes);
# --no-sandbox because CI runs as root in a container, where Chromium's sandbox cannot start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Runs before any of the page's own scripts, in every document (navigations included). It keeps the
# violations on the page, where a test can read them, and hands each one to Python as it happens, so that
# a violation on a page the test has already left is not lost.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const violation = {
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}` : "",
    sample: event.sample,
    element: event.target && event.target.outerHTML ? event.target.outerHTML.slice(0, 200) : String(event.target),
  };
  window.__cspViolations.push(violation);
  if (window.__reportCspViolation) window.__reportCspViolation(violation);
});
"""


def _playwright():
    """Playwright's sync API module: the package comes from requirements-dev.txt."""
    try:
        from playwright import sync_api
    except ImportError:
        missing("Playwright is not installed: pip install -r requirements-dev.txt (playwright==1.65.2)")
    return sync_api


@pytest.fixture(scope="module")
def chromium():
    """One Chromium per test module; each test gets its own context (cookies, storage, viewport).

    Playwright's sync API keeps an asyncio loop running on the test's thread while it is started, so
    Django takes every ORM call made meanwhile (loading fixtures, flushing the database, the tests' own
    look-ups) for a call from async code and refuses it. They are plain synchronous calls: allow them,
    for exactly as long as Playwright runs. Module scope, not session: once a browser module is done,
    the loop and the permission are gone, and the rest of the suite runs with Django's check intact."""
    if not CHROMIUM.exists():
        missing(f"No Chromium at {CHROMIUM}: apt-get install chromium (Playwright cannot download one here)")
    with pytest.MonkeyPatch.context() as env, _playwright().sync_playwright() as playwright:
        env.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def site(chromium, live_server, transactional_db):
    """The live server's base URL, serving the curated records.

    The live server answers from another thread, which sees only committed data, hence a transactional
    database (emptied after each test) rather than the usual rolled-back transaction."""
    call_command("loaddata", "ceasefire", verbosity=0)
    # Pages may be cached in-process across tests (the cache outlives the flushed database): start clean,
    # so that what a test sees was rendered from its own records.
    for cache in caches.all():
        cache.clear()
    return live_server.url


class PageProblems:
    """What went wrong in the browser while a test ran, from every page of its context."""

    def __init__(self):
        self.console_errors = []
        self.page_errors = []
        self.csp_violations = []
        self.expected_console_errors = []

    def expect_console_errors(self, pattern):
        """A test that makes requests fail on purpose: the browser logs each failure (and htmx its error
        event); those matching `pattern` (a regular expression) are expected, any other still fails the test."""
        self.expected_console_errors.append(re.compile(pattern))

    def watch(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _on_console(self, message):
        if message.type == "error" and not any(p.search(message.text) for p in self.expected_console_errors):
            where = message.location.get("url") or (message.page.url if message.page else "")
            line = message.location.get("lineNumber")
            self.console_errors.append(f"{where}{f':{line}' if line else ''}: {message.text}")

    def report(self):
        lines = []
        if self.console_errors:
            lines += ["Console errors:", *(f"  {error}" for error in self.console_errors)]
        if self.page_errors:
            lines += ["Uncaught exceptions:", *(f"  {error}" for error in self.page_errors)]
        if self.csp_violations:
            lines += ["Content-Security-Policy violations:"]
            lines += [
                f"  {v['page']}: {v['directive']} blocked {v['blocked'] or '(inline)'}"
                f" {v['source']} sample={v['sample']!r} element={v['element']}"
                for v in self.csp_violations
            ]
        return "\n".join(lines)


@pytest.fixture
def browser_problems():
    return PageProblems()


@pytest.fixture
def new_page(chromium, site, browser_problems):
    """Opens a watched page in a fresh context: new_page(viewport={...}, java_script_enabled=False, ...).

    At the end of the test, fails it if any page had a console error, an uncaught exception or a
    Content-Security-Policy violation. The check runs at teardown, so it is reported as an error of the
    test ("ERROR at teardown") with the list of problems."""
    contexts = []
    pages = []

    def open_page(**context_options):
        context = chromium.new_context(base_url=site, **context_options)
        contexts.append(context)
        context.expose_binding(
            "__reportCspViolation", lambda _source, violation: browser_problems.csp_violations.append(violation)
        )
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        page = context.new_page()
        # A step that waits for something that never comes should fail in seconds, not in 30.
        page.set_default_timeout(10_000)
        browser_problems.watch(page)
        pages.append(page)
        return page

    yield open_page

    for page in pages:
        if page.is_closed():
            continue
        # Violations the binding could not deliver (none expected; the page's own list is the backstop).
        try:
            recorded = page.evaluate("window.__cspViolations || []")
        except _playwright().Error:  # the page has no JavaScript (java_script_enabled=False) or is gone
            recorded = []
        for violation in recorded:
            if violation not in browser_problems.csp_violations:
                browser_problems.csp_violations.append(violation)
    for context in contexts:
        context.close()
    problems = browser_problems.report()
    assert not problems, f"The browser reported problems:\n{problems}"


@pytest.fixture
def expect():
    """Playwright's assertions, which retry until the page catches up (an htmx swap takes a moment)."""
    return _playwright().expect


@pytest.fixture
def page(new_page):
    """A watched page at the default desktop size (1280 × 720), with JavaScript."""
    return new_page()


@pytest.fixture
def axe_source():
    if not AXE_JS.exists():
        missing(f"axe-core is not installed ({AXE_JS} is missing): run `npm ci` at the repository root")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture
def vnu_command():
    """`java -jar vnu.jar`, or a skip saying which of the two is missing."""
    java = shutil.which("java")
    if java is None:
        missing("No java on PATH: the HTML checker (vnu.jar) needs Java 11 or later (apt-get install default-jre)")
    if not VNU_JAR.exists():
        missing(f"vnu.jar is not installed ({VNU_JAR} is missing): run `npm ci` at the repository root")
    return [java, "-jar", str(VNU_JAR)]
