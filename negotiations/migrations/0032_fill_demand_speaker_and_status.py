"""The copies migration 0031 adds, filled for the records already there: each term's speaker (its statement's
actor) and its status today (its latest recorded change's; put forward, the column's default, without one).
(Written out here, not imported from the models, so this migration stays what it was.)"""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def fill_copies(apps, schema_editor):
    Demand = apps.get_model("negotiations", "Demand")
    Statement = apps.get_model("negotiations", "Statement")
    StatusChange = apps.get_model("negotiations", "StatusChange")
    Demand.objects.update(speaker=Subquery(Statement.objects.filter(pk=OuterRef("statement_id")).values("actor_id")))
    # The latest change: none known later, or on the same day recorded later (statuses.status_on).
    later = StatusChange.objects.filter(
        Q(known_on__gt=OuterRef("known_on")) | Q(known_on=OuterRef("known_on"), pk__gt=OuterRef("pk")),
        demand=OuterRef("demand"),
    )
    latest = StatusChange.objects.exclude(Exists(later)).filter(demand=OuterRef("pk")).values("status")[:1]
    changed = Demand.objects.filter(Exists(StatusChange.objects.filter(demand=OuterRef("pk"))))
    changed.update(current_status=Coalesce(Subquery(latest), models.Value("put_forward")))


class Migration(migrations.Migration):
    dependencies = [("negotiations", "0031_demand_speaker_and_status")]

    operations = [migrations.RunPython(fill_copies, migrations.RunPython.noop)]
