"""Full-text search on SQLite: an FTS5 index of the demands' paraphrase and quote, with the porter stemmer,
so that a search means on SQLite what it means on PostgreSQL (demand_search_idx, migration 0002).

External content (the text stays in negotiations_demand; the index holds only the words), kept in step by
triggers. A later migration that makes SQLite rebuild negotiations_demand (an altered column) drops the
triggers with the old table: such a migration must create them again (TRIGGERS below), and
test_search's "a term saved after the migrations is found" fails until it does.
"""

from django.db import migrations

COLUMNS = "paraphrase, quote"

CREATE = [
    "CREATE VIRTUAL TABLE negotiations_demand_fts USING fts5("
    "paraphrase, quote, content='negotiations_demand', content_rowid='id', tokenize='porter unicode61')",
    # Index what is already there.
    "INSERT INTO negotiations_demand_fts(negotiations_demand_fts) VALUES ('rebuild')",
]

TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS negotiations_demand_fts_insert AFTER INSERT ON negotiations_demand BEGIN "
    f"INSERT INTO negotiations_demand_fts(rowid, {COLUMNS}) VALUES (new.id, new.paraphrase, new.quote); END",
    "CREATE TRIGGER IF NOT EXISTS negotiations_demand_fts_delete AFTER DELETE ON negotiations_demand BEGIN "
    f"INSERT INTO negotiations_demand_fts(negotiations_demand_fts, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.paraphrase, old.quote); END",
    "CREATE TRIGGER IF NOT EXISTS negotiations_demand_fts_update AFTER UPDATE ON negotiations_demand BEGIN "
    f"INSERT INTO negotiations_demand_fts(negotiations_demand_fts, rowid, {COLUMNS}) "
    "VALUES ('delete', old.id, old.paraphrase, old.quote); "
    f"INSERT INTO negotiations_demand_fts(rowid, {COLUMNS}) VALUES (new.id, new.paraphrase, new.quote); END",
]

DROP = [
    "DROP TRIGGER IF EXISTS negotiations_demand_fts_insert",
    "DROP TRIGGER IF EXISTS negotiations_demand_fts_delete",
    "DROP TRIGGER IF EXISTS negotiations_demand_fts_update",
    "DROP TABLE IF EXISTS negotiations_demand_fts",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0008_baseline_history")]

    operations = [migrations.RunPython(run(CREATE + TRIGGERS), run(DROP))]
