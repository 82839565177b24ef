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
                model.history.bulk_history_create(missing, default_change_reason=BASELINE_REASON)
                written += len(missing)
    return written


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        super().handle(*fixture_labels, **options)
        written = write_baseline(self.using)
        if written and self.verbosity >= 1:
            self.stdout.write(f"Wrote the baseline history of {written} loaded record(s).")
