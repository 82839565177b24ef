"""Tools from outside Python that some tests need (Chromium, axe-core, the HTML checker, Varnish): one rule for
when one is missing."""

import os

import pytest


def missing(reason):
    """Skip, with the reason; or, where the tools are meant to be present (REQUIRE_BROWSER_TESTS=1, set by
    CI), fail, so that a broken set-up cannot pass as a run with a few skips."""
    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        pytest.fail(f"REQUIRE_BROWSER_TESTS=1, but: {reason}", pytrace=False)
    pytest.skip(reason)
