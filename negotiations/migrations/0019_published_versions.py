"""The log of published data versions, and what each version of a source cited.

Backfilled so that the version current now can be read back once it is past: it is logged, every record with no
history row gets a baseline dated at that version (a record made in bulk writes none), and each source's latest
version gets the citations it holds now. Versions before this one were never logged: they are not rebuilt.
"""

import django.db.models.deletion
import simple_history.models
from django.db import migrations, models
from django.db.models import Max
from django.utils import timezone

# As negotiations.models.BASELINE_REASON; copied, since a migration must not change when the code does.
BASELINE_REASON = "Baseline: the curated records as loaded"
MODELS = ["Topic", "Actor", "Source", "Statement", "Demand", "Counterpart", "FeaturedComparison"]


def log_the_current_version(apps, schema_editor):
    row = apps.get_model("negotiations", "DataVersion").objects.filter(pk=1).first()
    if row is not None:
        apps.get_model("negotiations", "PublishedVersion").objects.get_or_create(
            version=row.version, defaults={"published_at": row.changed_at}
        )
    return row.changed_at if row is not None else timezone.now()


def write_baseline(apps, moment):
    for name in MODELS:
        model = apps.get_model("negotiations", name)
        historical = apps.get_model("negotiations", f"Historical{name}")
        missing = model.objects.exclude(pk__in=historical.objects.values("id"))
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            (
                historical(
                    **{attname: getattr(record, attname) for attname in fields},
                    history_date=moment,
                    history_type="+",
                    history_change_reason=BASELINE_REASON,
                )
                for record in missing.iterator()
            ),
            batch_size=500,
        )


def keep_the_citations(apps):
    """Each source's latest version cites what the source cites now."""
    historical = apps.get_model("negotiations", "HistoricalSource")
    cites = apps.get_model("negotiations", "HistoricalSource_cites")
    through = apps.get_model("negotiations", "Source").cites.through
    latest = dict(
        historical.objects.exclude(history_type="-")
        .values("id")
        .annotate(last=Max("history_id"))
        .values_list("id", "last")
    )
    cites.objects.bulk_create(
        (
            cites(
                history_id=latest[row.from_source_id],
                id=row.pk,
                from_source_id=row.from_source_id,
                to_source_id=row.to_source_id,
            )
            for row in through.objects.iterator()
            if row.from_source_id in latest
        ),
        batch_size=500,
    )


def backfill(apps, schema_editor):
    moment = log_the_current_version(apps, schema_editor)
    write_baseline(apps, moment)
    keep_the_citations(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("negotiations", "0018_search_variants"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedVersion",
            fields=[
                ("version", models.PositiveBigIntegerField(primary_key=True, serialize=False)),
                ("published_at", models.DateTimeField(db_index=True)),
            ],
            options={
                "ordering": ["version"],
            },
        ),
        migrations.CreateModel(
            name="HistoricalSource_cites",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("m2m_history_id", models.AutoField(primary_key=True, serialize=False)),
                (
                    "from_source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.source",
                    ),
                ),
                (
                    "history",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        to="negotiations.historicalsource",
                    ),
                ),
                (
                    "to_source",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_tablespace="",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="negotiations.source",
                    ),
                ),
            ],
            options={
                "verbose_name": "HistoricalSource_cites",
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
