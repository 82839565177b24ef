"""Each term copies its speaker (its statement's actor) and its status today (its latest recorded change's, put
forward without one), so that the explorer's five facets read one index over the terms alone (issue 25): filled
for the records already there by the next migration (its own transaction: PostgreSQL refuses the new column's
index after an UPDATE in the same one), kept by Demand.save, Statement.save and the status changes' signals from
now on. The counts' index takes them in. On SQLite, the explorer's newest-first order gets
an index it can read (SQLite's DESC is NULLS LAST already, so the order needs no NULLS LAST of its own): it
sorted every term of a range to show fifty, 29 ms of a cold page at 100,000 terms. (Written out here, not
imported from the models, so this migration stays what it was.)
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_NEWEST_FIRST = (
    "CREATE INDEX IF NOT EXISTS demand_newest_placed_sqlite_idx"
    " ON negotiations_demand (placed_on DESC, statement_id, position, id)"
)


# SQLite adds a NOT NULL column by rebuilding the table, which drops its triggers (the search index's, migration
# 0009; the monthly counts', 0014): they are read before and made again after.
SQLITE_TRIGGERS = []


def remember_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'negotiations_demand'")
            SQLITE_TRIGGERS[:] = [row[0] for row in cursor.fetchall()]


def restore_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql.replace("CREATE TRIGGER ", "CREATE TRIGGER IF NOT EXISTS ", 1))


def sqlite_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_NEWEST_FIRST)


def drop_sqlite_order_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP INDEX IF EXISTS demand_newest_placed_sqlite_idx")


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0030_demand_known_on'),
    ]

    operations = [
        migrations.RunPython(remember_triggers, restore_triggers),
        migrations.RemoveIndex(
            model_name='demand',
            name='demand_facet_cells_idx',
        ),
        migrations.AddField(
            model_name='demand',
            name='current_status',
            field=models.CharField(choices=[('put_forward', 'Put forward'), ('restated', 'Restated'), ('countered', 'Countered'), ('accepted_in_principle', 'Accepted in principle'), ('agreed', 'Agreed'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn'), ('superseded', 'Superseded')], default='put_forward', editable=False, help_text='Its status today (statuses.status_on of its recorded changes), for the Status filter and counts.', max_length=24),
        ),
        migrations.AddField(
            model_name='demand',
            name='speaker',
            field=models.ForeignKey(blank=True, editable=False, help_text='Copied from the statement (its actor), for the Said by filter and counts.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='negotiations.actor'),
        ),
        migrations.AddField(
            model_name='historicaldemand',
            name='current_status',
            field=models.CharField(choices=[('put_forward', 'Put forward'), ('restated', 'Restated'), ('countered', 'Countered'), ('accepted_in_principle', 'Accepted in principle'), ('agreed', 'Agreed'), ('implemented', 'Implemented'), ('withdrawn', 'Withdrawn'), ('superseded', 'Superseded')], default='put_forward', editable=False, help_text='Its status today (statuses.status_on of its recorded changes), for the Status filter and counts.', max_length=24),
        ),
        migrations.AddField(
            model_name='historicaldemand',
            name='speaker',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, help_text='Copied from the statement (its actor), for the Said by filter and counts.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='negotiations.actor'),
        ),
        migrations.AddIndex(
            model_name='demand',
            index=models.Index(fields=['stated_on', 'party', 'topic', 'stance', 'current_status', 'speaker', 'statement'], name='demand_facet_cells_idx'),
        ),
        migrations.RunPython(restore_triggers, remember_triggers),
        migrations.RunPython(sqlite_order_index, drop_sqlite_order_index),
    ]
