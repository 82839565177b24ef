"""The timeline's monthly counts kept at write time (MonthlyTermCount): database triggers on negotiations_demand
count every INSERT, UPDATE and DELETE, whichever way it comes (a curator's save, bulk_create, loaddata, a
statement's queryset update of its terms' dates, a cascade), so a cold timeline reads ~1,500 rows instead of
counting 100,000 terms. Undated terms are not counted; a cell counted down to zero is deleted.

SQLite: a trigger per row. PostgreSQL: a trigger per statement over its transition tables, so a bulk insert of
5,000 terms is one grouped upsert, not 5,000; an UPDATE trigger cannot name columns when it reads transition
tables, so it counts each cell's net change (a term whose month, party and topic stay put changes nothing).

The triggers are created before the backfill, in the migration's transaction: on PostgreSQL CREATE TRIGGER locks
out writers until the commit, so no term is missed or counted twice.

As with migration 0009's: a later migration that makes SQLite rebuild negotiations_demand (an altered column)
drops these triggers with the old table, and must create them again (SQLITE_TRIGGERS);
test_monthly_counts fails until it does.
"""

from django.db import migrations, models
import django.db.models.deletion

TABLE = "negotiations_monthlytermcount"
CELL = "month, party_id, topic_id"

# FirstOfMonth's SQL (negotiations/models.py), on each database.
SQLITE_MONTH = "DATE({row}.stated_on, 'start of month')"
POSTGRESQL_MONTH = "({row}.stated_on - (EXTRACT(DAY FROM {row}.stated_on)::integer - 1))"


def backfill(month):
    return (
        f"INSERT INTO {TABLE} ({CELL}, count) "
        f"SELECT {month.format(row='term')}, term.party_id, term.topic_id, COUNT(*) FROM negotiations_demand AS term "
        "WHERE term.stated_on IS NOT NULL GROUP BY 1, 2, 3"
    )


def sqlite_cell_of(row):
    month = SQLITE_MONTH.format(row=row)
    return f"month = {month} AND party_id = {row}.party_id AND topic_id = {row}.topic_id"


SQLITE_ADD_NEW = (
    f"INSERT INTO {TABLE} ({CELL}, count) SELECT {SQLITE_MONTH.format(row='new')}, new.party_id, new.topic_id, 1 "
    f"WHERE new.stated_on IS NOT NULL ON CONFLICT ({CELL}) DO UPDATE SET count = count + 1;"
)
SQLITE_REMOVE_OLD = (
    f"UPDATE {TABLE} SET count = count - 1 WHERE {sqlite_cell_of('old')}; "
    f"DELETE FROM {TABLE} WHERE {sqlite_cell_of('old')} AND count = 0;"
)

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS negotiations_demand_monthly_insert AFTER INSERT ON negotiations_demand "
    f"WHEN new.stated_on IS NOT NULL BEGIN {SQLITE_ADD_NEW} END",
    "CREATE TRIGGER IF NOT EXISTS negotiations_demand_monthly_delete AFTER DELETE ON negotiations_demand "
    f"WHEN old.stated_on IS NOT NULL BEGIN {SQLITE_REMOVE_OLD} END",
    # The new cell counted before the old one is counted down: a day moved within its month never empties it.
    "CREATE TRIGGER IF NOT EXISTS negotiations_demand_monthly_update "
    "AFTER UPDATE OF stated_on, party_id, topic_id ON negotiations_demand "
    "WHEN old.stated_on IS NOT new.stated_on OR old.party_id IS NOT new.party_id OR old.topic_id IS NOT new.topic_id "
    f"BEGIN {SQLITE_ADD_NEW} {SQLITE_REMOVE_OLD} END",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS negotiations_demand_monthly_insert",
    "DROP TRIGGER IF EXISTS negotiations_demand_monthly_delete",
    "DROP TRIGGER IF EXISTS negotiations_demand_monthly_update",
]


def postgresql_count_function(name, *terms):
    """A trigger function counting a statement's terms, `terms` being (transition table, +1 or -1): each cell's
    net change is added where it grows (an upsert) and subtracted where it shrinks, and emptied cells deleted.
    Two statements for one change, not one upsert: the CHECK (count >= 0) is tested on a proposed row before
    ON CONFLICT finds the row it updates."""
    month = POSTGRESQL_MONTH.format(row="term")
    changed = " UNION ALL ".join(
        f"SELECT {month} AS month, term.party_id, term.topic_id, {sign} AS n FROM {table} AS term "
        "WHERE term.stated_on IS NOT NULL"
        for table, sign in terms
    )
    return f"""
CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH change AS (
        SELECT {CELL}, SUM(n) AS n FROM ({changed}) AS term GROUP BY {CELL} HAVING SUM(n) <> 0
    ), grown AS (
        INSERT INTO {TABLE} AS cell ({CELL}, count) SELECT {CELL}, n FROM change WHERE n > 0
        ON CONFLICT ({CELL}) DO UPDATE SET count = cell.count + excluded.count
    )
    UPDATE {TABLE} AS cell SET count = cell.count + change.n FROM change
    WHERE change.n < 0 AND cell.month = change.month AND cell.party_id = change.party_id
        AND cell.topic_id = change.topic_id;
    DELETE FROM {TABLE} WHERE count = 0;
    RETURN NULL;
END
$$"""


POSTGRESQL_TRIGGERS = [
    postgresql_count_function("negotiations_demand_monthly_insert", ("added", 1)),
    postgresql_count_function("negotiations_demand_monthly_delete", ("removed", -1)),
    postgresql_count_function("negotiations_demand_monthly_update", ("added", 1), ("removed", -1)),
    "CREATE TRIGGER negotiations_demand_monthly_insert AFTER INSERT ON negotiations_demand "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION negotiations_demand_monthly_insert()",
    "CREATE TRIGGER negotiations_demand_monthly_delete AFTER DELETE ON negotiations_demand "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION negotiations_demand_monthly_delete()",
    "CREATE TRIGGER negotiations_demand_monthly_update AFTER UPDATE ON negotiations_demand "
    "REFERENCING OLD TABLE AS removed NEW TABLE AS added FOR EACH STATEMENT "
    "EXECUTE FUNCTION negotiations_demand_monthly_update()",
]

POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS negotiations_demand_monthly_{operation} ON negotiations_demand"
    for operation in ("insert", "delete", "update")
] + [f"DROP FUNCTION IF EXISTS negotiations_demand_monthly_{operation}()" for operation in ("insert", "delete", "update")]

FORWARD = {
    "sqlite": SQLITE_TRIGGERS + [backfill(SQLITE_MONTH)],
    "postgresql": POSTGRESQL_TRIGGERS + [backfill(POSTGRESQL_MONTH)],
}
BACKWARD = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}


def run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise RuntimeError(f"The monthly counts' triggers are written for SQLite and PostgreSQL, not {vendor}.")
        for statement in statements[vendor]:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0013_compare_statement_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyTermCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField(help_text="The first day of the month.")),
                ("count", models.PositiveIntegerField()),
                (
                    "party",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="negotiations.actor"
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="negotiations.topic"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("month", "party", "topic"), name="monthly_term_count_cell")
                ],
            },
        ),
        migrations.RunPython(run(FORWARD), run(BACKWARD)),
    ]
