"""One factory per model. Tests pass the values they assert on (dates above all)."""

import datetime

import factory

from negotiations.models import Actor, Counterpart, Demand, Source, Statement, StatusChange, Topic, Wording

BODY = (
    "The first demands recognition of control over the territories. "
    "The second demands an unconditional ceasefire on land, sea, and in the air."
)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    position = factory.Sequence(lambda n: 100 + n)


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Actor {n}")
    slug = factory.Sequence(lambda n: f"actor-{n}")
    kind = Actor.Kind.PERSON
    side = "other"


class StateFactory(ActorFactory):
    kind = Actor.Kind.STATE
    side = "russia"


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    publisher = factory.SubFactory(ActorFactory, kind=Actor.Kind.MEDIA)
    title = factory.Sequence(lambda n: f"Article {n}")
    kind = Source.Kind.NEWS_ARTICLE
    published_on = datetime.date(2025, 6, 3)
    body = BODY


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    slug = factory.Sequence(lambda n: f"statement-{n}")
    title = factory.Sequence(lambda n: f"Statement {n}")
    actor = factory.SubFactory(StateFactory)
    source = factory.SubFactory(SourceFactory)
    kind = Statement.Kind.OFFICIAL_DOCUMENT
    stated_on = datetime.date(2025, 6, 2)
    date_precision = "day"
    date_basis = "explicit"
    quote = "The first demands recognition of control over the territories."
    wording = Wording.REPORTED
    summary = "A neutral summary."


class DemandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demand

    slug = factory.Sequence(lambda n: f"demand-{n}")
    party = factory.SubFactory(StateFactory)
    topic = factory.SubFactory(TopicFactory)
    stance = "demand"
    paraphrase = "Recognition of control over the territories."
    quote = "recognition of control over the territories"
    wording = Wording.REPORTED
    statement = factory.SubFactory(StatementFactory)


class CounterpartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Counterpart

    demand = factory.SubFactory(DemandFactory)
    answer = factory.SubFactory(
        DemandFactory, party=factory.SubFactory(StateFactory, side="ukraine"), quote="an unconditional ceasefire"
    )
    relation = "opposed"
    note = "They answer each other."


class StatusChangeFactory(factory.django.DjangoModelFactory):
    """A change of a term's status, evidenced by a statement whose source carries the factory's quote."""

    class Meta:
        model = StatusChange

    demand = factory.SubFactory(DemandFactory)
    status = "withdrawn"
    evidence = factory.SubFactory(StatementFactory)
    quote = "The first demands recognition of control over the territories."


def as_a_fixture_load_leaves_them():
    """The records made so far as a fixture load leaves them: no history of their own, then the baseline written
    after loading (loaddata's write_baseline), all at one moment."""
    from negotiations.citing.history import MODELS
    from negotiations.management.commands.loaddata import write_baseline

    for model in MODELS.values():
        model.history.all().delete()
    write_baseline()
