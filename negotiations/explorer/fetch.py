"""What the explorer's search reads from the whole record, once per data version (web/caching.per_version): the
table of spellings a search's words are expanded with, and the words a search that found nothing may be
offered instead. No request here: the filter passes in the data version it reads at."""

from negotiations import search
from negotiations.models import Actor, Demand, SearchVariant, Source, Topic
from negotiations.web import caching


def variant_table(version):
    """search.variant_table of the curators' variants and the actors' spellings of their names: a few hundred
    rows, read by the first search of a data version."""
    return caching.per_version("search-variants", version, read_variant_table)


def read_variant_table():
    groups = [variant.spellings() for variant in SearchVariant.objects.all()]
    for name, aliases in Actor.objects.values_list("name", "aliases"):
        groups.extend(search.name_spellings(name, aliases))
    return search.variant_table(groups)


def vocabulary(version):
    """Every word a search can find: the terms' paraphrases and quotes, topics, actors and sources' titles."""
    return caching.per_version("search-vocabulary", version, read_vocabulary)


def read_vocabulary():
    """Read as plain rows in chunks: at 100,000 terms the texts are tens of megabytes, never all in memory."""
    words = set()
    texts = [
        Demand.objects.values_list("paraphrase", "quote"),
        Topic.objects.values_list("name"),
        Actor.objects.values_list("name", "aliases"),
        Source.objects.values_list("title"),
    ]
    for rows in texts:
        for row in rows.order_by().iterator(chunk_size=5000):
            for text in row:
                words |= search.words_of_record(text)
    return frozenset(words)
