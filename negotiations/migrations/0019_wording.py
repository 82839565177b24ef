"""Whose words each quote is (Wording). Rows already recorded are marked "reported", the source's report: the one
value that never credits a speaker with words that are not theirs. The curated records are labelled one by one
in fixtures/build.py; no default stays on the field, so the admin asks each time.

SQLite adds a column with a default by rebuilding the table, and a rebuilt negotiations_demand has lost the
full-text search's triggers (migration 0009): they are created again after it."""

import importlib

from django.db import migrations, models

SEARCH_TRIGGERS = importlib.import_module("negotiations.migrations.0009_demand_fts").TRIGGERS


def recreate_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SEARCH_TRIGGERS:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('negotiations', '0018_search_variants'),
    ]

    operations = [
        # Unapplied, the column's removal rebuilds the table too: the triggers are created again after it.
        migrations.RunPython(migrations.RunPython.noop, recreate_search_triggers),
        migrations.AddField(
            model_name='demand',
            name='wording',
            field=models.CharField(choices=[('own', "The speaker's own words: a direct quotation in the source, or a text the speaker published"), ('reported', "The source's report of them")], default='reported', help_text="Whose words the quote is. Own: it stands inside quotation marks in the source as the speaker's, or the source is the speaker's own text (a document it published, carried verbatim). Reported: the source's own sentence about what was said or written. When in doubt, reported: it never credits a speaker with words not theirs.", max_length=10),
            preserve_default=False,
        ),
        migrations.RunPython(recreate_search_triggers, migrations.RunPython.noop),
        migrations.AddField(
            model_name='historicaldemand',
            name='wording',
            field=models.CharField(choices=[('own', "The speaker's own words: a direct quotation in the source, or a text the speaker published"), ('reported', "The source's report of them")], default='reported', help_text="Whose words the quote is. Own: it stands inside quotation marks in the source as the speaker's, or the source is the speaker's own text (a document it published, carried verbatim). Reported: the source's own sentence about what was said or written. When in doubt, reported: it never credits a speaker with words not theirs.", max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalstatement',
            name='wording',
            field=models.CharField(choices=[('own', "The speaker's own words: a direct quotation in the source, or a text the speaker published"), ('reported', "The source's report of them")], default='reported', help_text="Whose words the quote is. Own: it stands inside quotation marks in the source as the speaker's, or the source is the speaker's own text (a document it published, carried verbatim). Reported: the source's own sentence about what was said or written. When in doubt, reported: it never credits a speaker with words not theirs.", max_length=10),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='statement',
            name='wording',
            field=models.CharField(choices=[('own', "The speaker's own words: a direct quotation in the source, or a text the speaker published"), ('reported', "The source's report of them")], default='reported', help_text="Whose words the quote is. Own: it stands inside quotation marks in the source as the speaker's, or the source is the speaker's own text (a document it published, carried verbatim). Reported: the source's own sentence about what was said or written. When in doubt, reported: it never credits a speaker with words not theirs.", max_length=10),
            preserve_default=False,
        ),
    ]
