"""A baseline history row for every record that has none: records loaded before loading wrote one
(management/commands/loaddata.py) could not show their first edit's diff nor revert it."""

from django.db import migrations
from django.utils import timezone

# As negotiations.models.BASELINE_REASON; copied, since a migration must not change when the code does.
BASELINE_REASON = "Baseline: the curated records as loaded"
MODELS = ["Topic", "Actor", "Source", "Statement", "Demand", "Counterpart"]


def write_baseline(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("negotiations", name)
        historical = apps.get_model("negotiations", f"Historical{name}")
        missing = model.objects.exclude(pk__in=historical.objects.values("id"))
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            [
                historical(
                    **{attname: getattr(record, attname) for attname in fields},
                    history_date=now,
                    history_type="+",
                    history_change_reason=BASELINE_REASON,
                )
                for record in missing.iterator()
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0007_source_origins"),
    ]

    operations = [migrations.RunPython(write_baseline, migrations.RunPython.noop)]
