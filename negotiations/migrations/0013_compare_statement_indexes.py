"""The compare page's statements at 100,000 terms: its menus and its default memoranda, read from indexes."""

from django.db import migrations, models
from django.db.models import F

# The menus' order (assemble.statement_choices: the latest first, undated last, then by title), so the newest
# statements with terms are read from the index, stopping at the menu's length, instead of sorting them all.
# SQLite cannot index NULLS LAST; its DESC puts NULLs last already, so the same order is a plain DESC there.
# (Written out here, not imported from the models, so that this migration stays what it was.)
PICKER_INDEX = {
    "postgresql": models.Index(F("stated_on").desc(nulls_last=True), F("title").asc(), name="statement_picker_idx"),
    "sqlite": models.Index(F("stated_on").desc(), F("title").asc(), name="statement_picker_idx"),
}


def create_picker_index(apps, schema_editor):
    index = PICKER_INDEX.get(schema_editor.connection.vendor)
    if index is not None:
        schema_editor.add_index(apps.get_model("negotiations", "Statement"), index)


def drop_picker_index(apps, schema_editor):
    index = PICKER_INDEX.get(schema_editor.connection.vendor)
    if index is not None:
        schema_editor.remove_index(apps.get_model("negotiations", "Statement"), index)


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0012_demand_month_index")]

    operations = [
        migrations.AddIndex(
            model_name="statement",
            index=models.Index(fields=["kind", "-stated_on"], name="statement_kind_date_idx"),
        ),
        migrations.RunPython(create_picker_index, drop_picker_index),
    ]
