"""A restore must not bring back data version numbers that cached pages and ETags were issued under."""

import pytest
from django.core.management import call_command

from negotiations.models import DataVersion, Demand

PAGE = "/demands/ru-memo-permanent-neutrality/"


def edit(paraphrase):
    demand = Demand.objects.get(slug="ru-memo-permanent-neutrality")
    demand.paraphrase = paraphrase
    demand.save()


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_and_an_edit_pages_show_the_edit_under_a_new_etag(client, tmp_path):
    call_command("loaddata", "ceasefire", verbosity=0)
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    edit("Edited after the backup.")
    before_restore = client.get(PAGE)
    assert "Edited after the backup." in before_restore.content.decode()
    issued = DataVersion.current().version

    call_command("restore", str(path), verbosity=0)
    assert DataVersion.current().version > issued
    edit("Edited after the restore.")
    after = client.get(PAGE)
    html = after.content.decode()
    assert "Edited after the restore." in html
    assert "Edited after the backup." not in html
    assert after["ETag"] != before_restore["ETag"]
    # A browser holding the old ETag gets the new page, not a 304.
    assert client.get(PAGE, headers={"if-none-match": before_restore["ETag"]}).status_code == 200
