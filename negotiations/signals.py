"""Every save, delete and fixture load of a record advances the data version (see DataVersion); a source's
history keeps what it cites, whichever side of the citation changed; and a term's status today, copied onto it,
follows its recorded changes."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from negotiations.models import (
    SOURCE_HISTORY,
    Actor,
    Counterpart,
    DataVersion,
    Demand,
    FeaturedComparison,
    FormerSlug,
    Redaction,
    SearchVariant,
    Source,
    Statement,
    StatusChange,
    Topic,
)

# The featured comparison is what the home page shows: choosing another must reach the cached home page too.
# SearchVariant too: a curator's new spelling changes what a search finds, so cached pages must go.
# A redaction rewrites history rows without a signal of its own: its row's save tells the caches.
RECORD_MODELS = (
    Topic,
    Actor,
    Source,
    Statement,
    Demand,
    Counterpart,
    StatusChange,
    FeaturedComparison,
    SearchVariant,
    Redaction,
)


def advance_data_version(sender, **kwargs):
    # After commit, so a page rendered from the old data cannot be stored under the new version.
    transaction.on_commit(DataVersion.advance)


def fixtures_overwrite(sender, instance, raw, **kwargs):
    # A fixture load (loaddata) states what the record is: django-concurrency's version check is for curators'
    # forms, and a fixture (which carries no version) would otherwise be refused over a record already there.
    # Nor is it a change to the record's history: a raw save writes none, and the citations a loaded source's
    # many-to-many sets must not either (the load's baseline, loaddata.py, records them).
    if raw:
        instance._concurrency_disabled = True
        instance.skip_history_when_saving = True


def cited_side_history(sender, instance, action, reverse, pk_set, **kwargs):
    """A source's history keeps what it cites (SOURCE_HISTORY), recorded by django-simple-history for a change
    made from the citing side (`source.cites.add`). One made from the cited side (`source.cited_by.add`) changes
    what the citing sources cite: record a version of each of them."""
    if not reverse or getattr(instance, "skip_history_when_saving", False):
        return
    if action == "pre_clear":
        instance._citing_before_clear = list(instance.cited_by.values_list("pk", flat=True))
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_citing_before_clear", [])
    if action in ("post_add", "post_remove", "post_clear"):
        for citing in Source.objects.filter(pk__in=pk_set):
            SOURCE_HISTORY.create_historical_record(citing, "~")


# The records whose slug is part of a public address, and the kind of address it is.
ADDRESSED_BY_SLUG = {
    Demand: FormerSlug.Kind.DEMAND,
    Statement: FormerSlug.Kind.STATEMENT,
    Source: FormerSlug.Kind.SOURCE,
}


def keep_former_slug(sender, instance, raw, **kwargs):
    """A rename keeps the old address: it now leads to the record (web/moved.py), and the new one is nobody's
    former address any more. A fixture load states the records as they are, and names its own former slugs."""
    if raw or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    kind = ADDRESSED_BY_SLUG[sender]
    FormerSlug.objects.filter(kind=kind, slug=instance.slug).delete()
    target = {"demand": None, "statement": None, "source": None, sender._meta.model_name: instance}
    FormerSlug.objects.update_or_create(kind=kind, slug=old, defaults=target)


def remember_term_of_change(sender, instance, raw, **kwargs):
    """A change moved to another term (in the admin) leaves its former term's status to be read again too."""
    if not raw and instance.pk is not None:
        instance._term_before = sender.objects.filter(pk=instance.pk).values_list("demand_id", flat=True).first()


def current_status_in_step(sender, instance, raw=False, **kwargs):
    """A term's status today is copied onto it (Demand.current_status): read again whenever one of its recorded
    changes is saved or deleted. A fixture load states the copies itself (fixtures/build.py)."""
    if raw:
        return
    terms = {instance.demand_id, getattr(instance, "_term_before", None)} - {None}
    Demand.objects.filter(pk__in=terms).refresh_current_status()


def connect():
    for model in RECORD_MODELS:
        # post_save also fires for `loaddata` (with raw=True): a fixture load advances the version too.
        post_save.connect(advance_data_version, sender=model, dispatch_uid=f"version-save-{model.__name__}")
        post_delete.connect(advance_data_version, sender=model, dispatch_uid=f"version-delete-{model.__name__}")
        pre_save.connect(fixtures_overwrite, sender=model, dispatch_uid=f"fixtures-overwrite-{model.__name__}")
    for model in ADDRESSED_BY_SLUG:
        pre_save.connect(keep_former_slug, sender=model, dispatch_uid=f"former-slug-{model.__name__}")
    pre_save.connect(remember_term_of_change, sender=StatusChange, dispatch_uid="status-term-before")
    post_save.connect(current_status_in_step, sender=StatusChange, dispatch_uid="status-in-step-save")
    post_delete.connect(current_status_in_step, sender=StatusChange, dispatch_uid="status-in-step-delete")
    m2m_changed.connect(advance_data_version, sender=Source.cites.through, dispatch_uid="version-cites")
    m2m_changed.connect(cited_side_history, sender=Source.cites.through, dispatch_uid="history-cited-side")
