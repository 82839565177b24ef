"""Django's `loaddata`, then a baseline history row for every loaded record that has none.

A fixture load saves records raw, and django-simple-history writes no history for a raw save: without a
baseline, a curator's first edit of a loaded record has no earlier version, so it shows no diff, and the
admin cannot revert it. The baseline is what `populate_history` writes (one "created" row per record, in
bulk), marked so the public record of changes (changes.py) knows it for the first published version.
Records that already have history get none, so loading again adds no duplicate rows.
"""

from django.core.management.commands import loaddata
from django.db import router, transaction

from negotiations.citing.history import BASELINE_REASON, MODELS
from negotiations.models import Source


def write_baseline(using="default"):
    written = 0
    with transaction.atomic(using=using):
        for model in MODELS.values():
            if not router.allow_migrate_model(using, model):
                continue
            historical = model.history.model
            with_history = historical.objects.using(using).values("id")
            missing = list(model._default_manager.using(using).exclude(pk__in=with_history))
            if missing:
                rows = model.history.bulk_history_create(missing, default_change_reason=BASELINE_REASON)
                keep_citations(model, rows, using)
                written += len(missing)
    return written


def keep_citations(model, rows, using):
    """A source's baseline keeps what it cites, as every later version of it does (SOURCE_HISTORY): a bulk
    history write copies no many-to-many."""
    if model is not Source:
        return
    by_source = {row.id: row for row in rows}
    cited = model.cites.through.objects.using(using).filter(from_source__in=by_source)
    historical = model.history.model.cites.model
    historical.objects.using(using).bulk_create(
        historical(
            history=by_source[link.from_source_id], **{f.attname: getattr(link, f.attname) for f in link._meta.fields}
        )
        for link in cited
    )


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        # One transaction for the load and its baseline: the data versions the load advances are published when
        # it commits, after the baseline is written, so each of them reads back as the loaded record (a
        # version is the history as of its publication: citing/versions.py).
        with transaction.atomic(using=options["database"]):
            super().handle(*fixture_labels, **options)
            written = write_baseline(self.using)
        if written and self.verbosity >= 1:
            self.stdout.write(f"Wrote the baseline history of {written} loaded record(s).")
