"""Every save, delete and fixture load of a record advances the data version (see DataVersion)."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from negotiations.models import (
    Actor,
    Counterpart,
    DataVersion,
    Demand,
    FeaturedComparison,
    FormerSlug,
    SearchVariant,
    Source,
    Statement,
    Topic,
)

# The featured comparison is what the home page shows: choosing another must reach the cached home page too.
# SearchVariant too: a curator's new spelling changes what a search finds, so cached pages must go.
RECORD_MODELS = (Topic, Actor, Source, Statement, Demand, Counterpart, FeaturedComparison, SearchVariant)


def advance_data_version(sender, **kwargs):
    # After commit, so a page rendered from the old data cannot be stored under the new version.
    transaction.on_commit(DataVersion.advance)


def fixtures_overwrite(sender, instance, raw, **kwargs):
    # A fixture load (loaddata) states what the record is: django-concurrency's version check is for curators'
    # forms, and a fixture (which carries no version) would otherwise be refused over a record already there.
    if raw:
        instance._concurrency_disabled = True


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


def connect():
    for model in RECORD_MODELS:
        # post_save also fires for `loaddata` (with raw=True): a fixture load advances the version too.
        post_save.connect(advance_data_version, sender=model, dispatch_uid=f"version-save-{model.__name__}")
        post_delete.connect(advance_data_version, sender=model, dispatch_uid=f"version-delete-{model.__name__}")
        pre_save.connect(fixtures_overwrite, sender=model, dispatch_uid=f"fixtures-overwrite-{model.__name__}")
    for model in ADDRESSED_BY_SLUG:
        pre_save.connect(keep_former_slug, sender=model, dispatch_uid=f"former-slug-{model.__name__}")
    m2m_changed.connect(advance_data_version, sender=Source.cites.through, dispatch_uid="version-cites")
