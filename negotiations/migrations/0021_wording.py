"""Whose words each quote is (Wording). Rows already recorded are marked "reported", the source's report: the one
value that never credits a speaker with words that are not theirs. The curated records are labelled one by one
in fixtures/build.py; no default stays on the field, so the admin asks each time.

The columns are added in place (ALTER TABLE ... ADD COLUMN), not by Django's SQLite way of adding a column with a
default, which rebuilds the table: a rebuilt table loses what this project made outside the models' state, the
terms' search triggers (migration 0009) and the statements' picker index (migration 0013). SQLite cannot drop a
column's default afterwards; it keeps one, unused, since every save writes the value. (Written out here, not read
from the models, so that this migration stays what it was.)
"""

from django.db import migrations, models

TABLES = [
    "negotiations_statement",
    "negotiations_historicalstatement",
    "negotiations_demand",
    "negotiations_historicaldemand",
]

WORDING = models.CharField(
    choices=[
        ("own", "The speaker's own words: a direct quotation in the source, or a text the speaker published"),
        ("reported", "The source's report of them"),
    ],
    help_text=(
        "Whose words the quote is. Own: it stands inside quotation marks in the source as the speaker's, or the "
        "source is the speaker's own text (a document it published, carried verbatim). Reported: the source's own "
        "sentence about what was said or written. When in doubt, reported: it never credits a speaker with words "
        "not theirs."
    ),
    max_length=10,
)


def add_columns(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN wording varchar(10) DEFAULT 'reported' NOT NULL")
        if schema_editor.connection.vendor != "sqlite":
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN wording DROP DEFAULT")


def drop_columns(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN wording")


class Migration(migrations.Migration):

    dependencies = [
        ("negotiations", "0020_redaction"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(model_name=model, name="wording", field=WORDING)
                for model in ("statement", "historicalstatement", "demand", "historicaldemand")
            ],
        ),
    ]
