"""The Nu Html Checker (vnu.jar) on one page of each kind, as the server sends them: no HTML errors.

No browser is needed, but Java is, so these are marked `browser` with the other tests that need more
than Python.
"""

import json
import subprocess

import pytest
from django.test import override_settings

from negotiations.models import Demand
from negotiations.tests.browser.pages import PAGE_KINDS, resolve

pytestmark = pytest.mark.browser

# htmx's attributes are not HTML, and vnu reports each one as "Attribute “hx-get” not allowed on element
# “form” at this point." Only the htmx attributes this project works with are let through, by name (hx-headers
# among them, though base.html no longer uses it): any other (hx-on, say, which runs inline code the
# Content-Security-Policy forbids) is still reported.
HTMX_ATTRIBUTES = [
    "get",
    "target",
    "swap",
    "push-url",
    "trigger",
    "indicator",
    "headers",
    "swap-oob",
    "select",
    "disinherit",
    "sync",
]
HTMX_FILTER = rf"Attribute “hx-({'|'.join(HTMX_ATTRIBUTES)})” not allowed on element “[^”]+” at this point\."


# A page with one known error and one htmx attribute, checked with the others: its error must be reported
# and its htmx attribute must not, or the run proves nothing (vnu given file:// URLs instead of paths, for
# one, checks nothing and reports success).
CANARY = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><p id="twice" hx-get="/">One</p><p id="twice">Two</p></body></html>
"""


def test_every_page_kind_is_valid_html(client, curated, tmp_path, vnu_command):
    pages = {}
    for kind, path in PAGE_KINDS.items():
        url = resolve(path)
        response = client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        pages[kind] = (url, response.content)
    assert_valid(pages, tmp_path, vnu_command)


@override_settings(DEBUG=False)
def test_the_pages_of_past_removed_and_missing_records_are_valid_html(client, curated, publish, tmp_path, vnu_command):
    before = publish()
    Demand.objects.get(slug="ru-memo-permanent-neutrality").delete()
    publish()
    expected = {
        "a term at a past version": ("/demands/ru-memo-permanent-neutrality/?version=" + str(before), 200),
        "a removed term": ("/demands/ru-memo-permanent-neutrality/", 410),
        "a bad version": ("/sources/euromaidan-2025-06-03-memoranda/?version=x", 400),
        "a grid of bad columns": ("/grid/?docs=russian-memorandum-2025-06-02,mars@2025-01-01", 400),
        "no such page": ("/no/such/page/", 404),
    }
    pages = {}
    for kind, (url, status) in expected.items():
        response = client.get(url)
        assert response.status_code == status, f"{url} answered {response.status_code}"
        pages[kind] = (url, response.content)
    assert_valid(pages, tmp_path, vnu_command)


def assert_valid(pages, tmp_path, vnu_command):
    """`pages`: {kind: (url, HTML)}, checked in one run of the checker, with the canary."""
    files = {}
    for kind, (url, content) in pages.items():
        file = tmp_path / f"{kind.replace(' ', '-').replace(',', '')}.html"
        file.write_bytes(content)
        files[file] = url
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")

    # One run for all the files: the checker's start-up (a JVM) costs more than checking them.
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", "--filterpattern", HTMX_FILTER, canary, *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The JSON report goes to stderr; anything else there (a JVM that failed to start) is shown as is.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu.jar did not report (exit {result.returncode}):\n{result.stderr}{result.stdout}")
    # vnu names a file "file:/tmp/…/x.html".
    page_of = {f"file:{file}": url for file, url in files.items()} | {f"file:{canary}": "canary"}
    errors = [m for m in messages if m["type"] in {"error", "non-document-error"}]
    canary_errors = [m["message"] for m in errors if page_of.get(m.get("url")) == "canary"]
    assert canary_errors == ["Duplicate ID “twice”."], f"the checker did not work as expected: {canary_errors}"

    errors = [m for m in errors if page_of.get(m.get("url")) != "canary"]
    assert not errors, "HTML errors:\n" + "\n".join(
        f"  {page_of.get(e.get('url'), e.get('url'))} line {e.get('lastLine')}: {e['message']}"
        f"\n      {e.get('extract', '').strip()!r}"
        for e in errors
    )
