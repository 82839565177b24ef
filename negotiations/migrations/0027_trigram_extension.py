"""pg_trgm on PostgreSQL, for ranking a new term's counterparts by likeness (DemandQuerySet.closest_to, issue 23).
TrigramExtension does nothing on another database: SQLite ranks them with its FTS5 index (migration 0009)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0026_intake")]

    operations = [TrigramExtension()]
