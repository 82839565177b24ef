"""The explorer orders a day's terms by statement, then document order: its PostgreSQL indexes follow."""

from django.db import migrations, models
from django.db.models import F

OLD = [
    models.Index(
        F("stated_on").desc(nulls_last=True), F("position").asc(), F("id").asc(), name="demand_newest_first_idx"
    ),
    models.Index(
        F("stated_on").asc(nulls_last=True), F("position").asc(), F("id").asc(), name="demand_oldest_first_idx"
    ),
]
NEW = [
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
    dependencies = [("negotiations", "0004_demand_order_indexes")]

    operations = [migrations.RunPython(swap(OLD, NEW), swap(NEW, OLD))]
