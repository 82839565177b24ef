"""Script saved by a curator stays text in a real browser: no dialog opens on any public page."""

import pytest

from negotiations.models import Actor, Demand, Statement

pytestmark = pytest.mark.browser

PAYLOAD = '<script>alert("script")</script><img src=x onerror="alert(\'img\')"><svg onload=alert(1)>'


def test_script_payloads_saved_through_the_admin_open_no_dialog_on_any_public_page(page, expect):
    Actor.objects.filter(slug="putin").update(name=f"Putin {PAYLOAD}")
    Demand.objects.filter(slug="ru-memo-permanent-neutrality").update(paraphrase=f"Neutrality {PAYLOAD}")
    memo = Statement.objects.get(slug="russian-memorandum-2025-06-02")
    Statement.objects.filter(pk=memo.pk).update(title=f"Memo {PAYLOAD}", summary=f"Summary {PAYLOAD}")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for url in [
        "/",
        "/compare/?relation=opposed",
        "/demands/?q=Neutrality",
        "/demands/ru-memo-permanent-neutrality/",
        "/timeline/",
        "/actors/putin/",
        f"/statements/{memo.pk}/",
        "/statements/",
        "/sources/euromaidan-2025-06-03-memoranda/",
    ]:
        page.goto(url)
        page.wait_for_load_state("load")
    # The payload is on the pages, as text.
    page.goto("/actors/putin/")
    expect(page.locator("h1")).to_contain_text('<script>alert("script")</script>')
    assert dialogs == []
