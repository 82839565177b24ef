"""Undated statements and their terms stand at the date of the report that carries them (issue 19): `placed_on`,
the statement's date or else its source's, copied onto its terms, and the explorer's two orders read from it.

The new columns are filled for the records already there (what Statement.save and Demand.save keep from now on),
and on PostgreSQL the explorer's order indexes (migration 0005) are rebuilt on `placed_on`. SQLite cannot index
NULLS LAST and sorts, as before. (Written out here, not imported from the models, so this migration stays what
it was.)
"""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

BY_DATE = [
    models.Index(
        F("stated_on").desc(nulls_last=True),
        F("statement_id").asc(),
        F("position").asc(),
        F("id").asc(),
        name="demand_newest_by_statement_idx",
    ),
    models.Index(
        F("stated_on").asc(nulls_last=True),
        F("statement_id").asc(),
        F("position").asc(),
        F("id").asc(),
        name="demand_oldest_by_statement_idx",
    ),
]
BY_PLACE = [
    models.Index(
        F("placed_on").desc(nulls_last=True),
        F("statement_id").asc(),
        F("position").asc(),
        F("id").asc(),
        name="demand_newest_placed_idx",
    ),
    models.Index(
        F("placed_on").asc(nulls_last=True),
        F("statement_id").asc(),
        F("position").asc(),
        F("id").asc(),
        name="demand_oldest_placed_idx",
    ),
]


def place(apps, schema_editor):
    """Each statement at its date, else its source's; each term at its statement's place."""
    statement, source, demand = (apps.get_model("negotiations", name) for name in ("Statement", "Source", "Demand"))
    report_date = source.objects.filter(pk=OuterRef("source_id")).values("published_on")[:1]
    statement.objects.update(placed_on=Coalesce(F("stated_on"), Subquery(report_date)))
    demand.objects.update(
        placed_on=Subquery(statement.objects.filter(pk=OuterRef("statement_id")).values("placed_on")[:1])
    )


def swap(remove, add):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        demand = apps.get_model("negotiations", "Demand")
        for index in remove:
            schema_editor.remove_index(demand, index)
        for index in add:
            schema_editor.add_index(demand, index)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0016_featured_comparison"),
    ]

    operations = [
        migrations.AddField(
            model_name="demand",
            name="placed_on",
            field=models.DateField(
                blank=True, editable=False, help_text="Copied from the statement, for the explorer's orders.", null=True
            ),
        ),
        migrations.AddField(
            model_name="historicaldemand",
            name="placed_on",
            field=models.DateField(
                blank=True, editable=False, help_text="Copied from the statement, for the explorer's orders.", null=True
            ),
        ),
        migrations.AddField(
            model_name="historicalstatement",
            name="placed_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="Where it stands in date order: its date, else its source's (dates.placement), kept by save().",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="statement",
            name="placed_on",
            field=models.DateField(
                blank=True,
                editable=False,
                help_text="Where it stands in date order: its date, else its source's (dates.placement), kept by save().",
                null=True,
            ),
        ),
        migrations.RunPython(place, migrations.RunPython.noop),
        migrations.RunPython(swap(BY_DATE, BY_PLACE), swap(BY_PLACE, BY_DATE)),
    ]
