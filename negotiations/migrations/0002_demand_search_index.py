"""A GIN index for full-text search over demands, on PostgreSQL only (SQLite has no GIN; it matches plainly)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# Written out, not imported: models.DEMAND_SEARCH_VECTOR must stay this same expression to use the index.
INDEX = GinIndex(SearchVector("paraphrase", "quote", config="english"), name="demand_search_idx")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("negotiations", "Demand"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("negotiations", "Demand"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
