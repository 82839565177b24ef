"""The timeline's monthly counts are counted live from the month index (demand_month_idx, migration 0012) once
per data version and kept in the cache (timeline/fetch.py), so the table migration 0014 kept by triggers goes,
with its triggers: they saved about 21-25 ms once per data version, in two SQL dialects, and a migration that
made SQLite rebuild negotiations_demand would have dropped them silently.

The triggers (and PostgreSQL's functions) are dropped before the table: left behind, they would write to a table
that is no more on every write to the terms. Reversed, the table comes back and migration 0014's statements
create the triggers again and count the terms already there.
"""

import importlib

from django.db import migrations

# Migration 0014's own statements, per database: its reverse drops the triggers, its forward creates them.
counts_migration = importlib.import_module("negotiations.migrations.0014_monthly_term_counts")
drop_triggers = counts_migration.run(counts_migration.BACKWARD)
create_triggers_and_count = counts_migration.run(counts_migration.FORWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0014_monthly_term_counts"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers_and_count),
        migrations.DeleteModel(name="MonthlyTermCount"),
    ]
