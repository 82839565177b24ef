"""Defects a production probe found: backups readable by everyone, an inline style the CSP blocks."""

import stat

import pytest
from django.core.management import call_command

from negotiations.tests.factories import DemandFactory

pytestmark = pytest.mark.django_db


# SQLite's backup API waits forever on a database with a write open: back up outside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    # The default umask (022) would leave password hashes and sessions world-readable.
    DemandFactory()
    path = tmp_path / "backup.bin"
    call_command("backup", str(path), verbosity=0)
    assert path.stat().st_size > 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.django_db(transaction=True)
def test_a_backup_over_an_existing_world_readable_file_is_made_private(tmp_path):
    path = tmp_path / "backup.bin"
    path.write_bytes(b"")
    path.chmod(0o644)
    call_command("backup", str(path), verbosity=0)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_records_admin_history_page_has_no_inline_style(admin_client):
    demand = DemandFactory()
    demand.paraphrase = "Edited once, so the history lists a change."
    demand.save()
    response = admin_client.get(f"/admin/negotiations/demand/{demand.pk}/history/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="change-history"' in html
    assert " style=" not in html
    assert "css/admin.css" in html
