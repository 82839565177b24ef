"""The domain: who (Actor) said what (Statement), carried by which publication (Source), holding which
negotiating terms (Demand, by Topic), and how the two sides' terms answer each other (Counterpart).

Integrity lives here and in the database, not only in forms: see each model's Meta.constraints.
"""

import contextlib
import datetime
import functools
import json
import operator
from typing import NamedTuple

from concurrency.fields import AutoIncVersionField
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramSimilarity
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import connection, connections, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat, RowNumber
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from negotiations import search
from negotiations.dates import DateBasis, DatePrecision, describe_date, display_date, placement
from negotiations.links import WEB_SCHEMES, record_url
from negotiations.statuses import NO_LONGER_STANDING, RECORDED_STATUSES, TermStatus, known_by


class FirstOfMonth(models.Func):
    """The first day of a date's month. Not TruncMonth: on PostgreSQL it casts every date to a timestamp with a
    time zone before truncating, and on SQLite it calls a Python function per row; over 100,000 terms either
    was most of the timeline's query."""

    output_field = models.DateField()
    template = "(%(expressions)s - (EXTRACT(DAY FROM %(expressions)s)::integer - 1))"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="DATE(%(expressions)s, 'start of month')")


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError("This date is in the future; positions are recorded once they are stated.")


class SlugQuerySet(models.QuerySet):
    """Slugs are the natural keys: fixtures name records by slug, so they read well and load in any order."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugModel(models.Model):
    slug = models.SlugField(max_length=120, unique=True)

    objects = SlugQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


# --- Topic -----------------------------------------------------------------------------------


class TopicQuerySet(SlugQuerySet):
    def flag_terms(self):
        """Each topic with `has_terms`: whether either party holds a term on it. The one rule for showing a topic
        in the timeline's lanes and the topics' table; a topic without (its page says why) is left out of both."""
        return self.annotate(has_terms=Exists(Demand.objects.of_the_parties().filter(topic=OuterRef("pk"))))

    def with_terms(self):
        return self.flag_terms().filter(has_terms=True)


class Topic(SlugModel):
    """The fixed taxonomy of what a term is about; `position` is the order pages show topics in."""

    name = models.CharField(max_length=120, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)
    description = models.TextField(blank=True)
    coverage_note = models.TextField(
        blank=True,
        help_text="Why the record holds no term on this topic, where it holds none, from the texts: shown on its page.",
    )
    keywords = models.TextField(
        blank=True,
        help_text=(
            "Words and phrases that point to this topic, comma-separated (“NATO, neutrality, security guarantees”). "
            "Curators edit them to steer the topics intake proposes for a new document's positions."
        ),
    )

    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("topic_detail", self.slug)


# --- Actor -----------------------------------------------------------------------------------


class Side(models.TextChoices):
    RUSSIA = "russia", "Russia"
    UKRAINE = "ukraine", "Ukraine"
    MEDIATOR = "mediator", "Mediator"
    ANALYST = "analyst", "Analyst"
    OTHER = "other", "Other"


def named_as(spellings):
    """An actor named by one of `spellings`, in its name or aliases, as any part of them (“Zelensky” in
    “Volodymyr Zelenskyy”): the few hundred actors are read whole, there is no index to use."""
    test = Q()
    for spelling in spellings:
        test |= Q(name__icontains=spelling) | Q(aliases__icontains=spelling)
    return test


class ActorQuerySet(SlugQuerySet):
    def parties(self):
        """The two negotiating parties: the states whose terms are compared."""
        return self.filter(kind=Actor.Kind.STATE, side__in=[Side.RUSSIA, Side.UKRAINE])

    def voicing_for(self, actor):
        """The actor and its members (Russia and Putin, Lavrov …): whose words count as the actor's (said_by)."""
        return self.filter(Q(pk=actor.pk) | Q(parent=actor.pk))


class Actor(SlugModel):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        STATE = "state", "State"
        ORGANISATION = "organisation", "Organisation"
        GROUP = "group", "Group of people (unnamed)"
        MEDIA = "media", "Media outlet"
        THINK_TANK = "think_tank", "Think tank"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind)
    side = models.CharField(max_length=20, choices=Side)
    role = models.CharField(max_length=300, blank=True, help_text="As the articles describe it.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The state or body this actor belongs to or speaks for (Putin → Russia).",
    )
    aliases = models.TextField(
        blank=True, help_text="Other spellings and names, separated by commas (Zelensky, Kremlin, Moscow)."
    )

    objects = ActorQuerySet.as_manager()
    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="actor_not_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("actor_detail", self.slug)


# --- Source ----------------------------------------------------------------------------------


class SourceQuerySet(SlugQuerySet):
    def carrying(self, spellings, publishers):
        """The sources whose title holds one of `spellings`, or whose publisher is among `publishers` (a subquery
        of actors named so): a search for TASS or Euromaidan finds what they carried."""
        title = Q()
        for spelling in spellings:
            title |= Q(title__icontains=spelling)
        return self.filter(title | Q(publisher__in=publishers)).values("pk")


SOURCE_HISTORY = HistoricalRecords(m2m_fields=["cites"])


def web_address_or_empty(field):
    return Q(**{field: ""}) | Q(**{f"{field}__istartswith": "http://"}) | Q(**{f"{field}__istartswith": "https://"})


class Source(SlugModel):
    """A publication a record is taken from. `cites` makes citation chains data, not prose."""

    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", "News article"
        ASSESSMENT = "assessment", "Think-tank assessment"
        OFFICIAL_DOCUMENT = "official_document", "Official document"
        WIRE_REPORT = "wire_report", "Wire or agency report"
        STATE_MEDIA = "state_media", "State media"

    publisher = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="publications")
    publisher_note = models.CharField(
        max_length=300, blank=True, help_text="How sure the publisher is, when the text does not name it."
    )
    title = models.CharField(max_length=400)
    kind = models.CharField(max_length=20, choices=Kind)
    published_on = models.DateField(
        null=True, blank=True, validators=[not_in_future], help_text="Empty when the text gives no date."
    )
    published_at = models.TimeField(null=True, blank=True, help_text="Time of day, when the text gives it.")
    date_note = models.CharField(max_length=300, blank=True)
    url = models.URLField(
        blank=True,
        validators=[URLValidator(schemes=WEB_SCHEMES)],
        help_text="The publication's own address (http or https), when the captured text gives it.",
    )
    archived_url = models.URLField(
        blank=True,
        validators=[URLValidator(schemes=WEB_SCHEMES)],
        help_text="A copy in a public web archive (Wayback Machine, archive.today), when one exists.",
    )
    retrieved_on = models.DateField(
        null=True, blank=True, validators=[not_in_future], help_text="When the text was captured, when recorded."
    )
    language = models.CharField(max_length=10, default="en")
    body = models.TextField(blank=True, help_text="The full text as captured; quotes must stand in it verbatim.")
    cites = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="cited_by")

    objects = SourceQuerySet.as_manager()
    # Each version also keeps what the source cited then, so a past data version's reporting chains can be read
    # back (citing/versions.py). signals.py records the changes made from the cited side (`cited_by.add`).
    history = SOURCE_HISTORY
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        ordering = ["-published_on", "title"]
        # An address set outside the admin (a script, a fixture, the shell) skips the validators: the database
        # refuses one that is not http(s) too, so no page ever gets a javascript: link to show.
        constraints = [
            models.CheckConstraint(condition=web_address_or_empty(field), name=f"source_{field}_is_web_address")
            for field in ("url", "archived_url")
        ]

    def __str__(self):
        return self.label(self.publisher.name, self.title, self.published_on)

    # What a menu needs to name a source, read as plain columns (filters.py's Source menu).
    LABEL_COLUMNS = ("publisher__name", "title", "published_on")

    @staticmethod
    def label(publisher, title, published_on):
        date = published_on.isoformat() if published_on else "undated"
        return f"{publisher}: {title} ({date})"

    @property
    def published_display(self):
        """“4 March 2025”, as every date is written (describe_date); Django's date filter cost 50 µs a row."""
        return describe_date(self.published_on, DatePrecision.DAY)

    def get_absolute_url(self):
        return record_url("source_detail", self.slug)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Its undated statements, and their terms, stand at its date (Statement.placed_on): a corrected date
        # moves them. The terms first: they are found through the statements not yet moved.
        moved = self.statements.filter(stated_on=None).exclude(placed_on=self.published_on)
        Demand.objects.filter(statement__in=moved.values("pk")).update(
            placed_on=self.published_on, known_on=self.published_on
        )
        evidenced = StatusChange.objects.filter(evidence__in=moved.values("pk"))
        evidenced.update(known_on=self.published_on)
        Demand.objects.filter(pk__in=evidenced.values("demand_id")).refresh_current_status()
        moved.update(placed_on=self.published_on)


# --- Statement -------------------------------------------------------------------------------


class Wording(models.TextChoices):
    """The provenance rule “Whose words”: who wrote a quote's words decides whom a page, a citation and the
    JSON-LD credit with them (citing/wording.py)."""

    OWN = "own", "The speaker's own words: a direct quotation in the source, or a text the speaker published"
    REPORTED = "reported", "The source's report of them"


WORDING_HELP = (
    "Whose words the quote is. Own: it stands inside quotation marks in the source as the speaker's, or the source "
    "is the speaker's own text (a document it published, carried verbatim). Reported: the source's own sentence "
    "about what was said or written. When in doubt, reported: it never credits a speaker with words not theirs."
)


class QuoteInSourceMixin:
    """Provenance rule 1: a quote must stand verbatim in its source's body."""

    def quote_source(self):
        raise NotImplementedError

    def clean_quote(self):
        source = self.quote_source()
        if source is not None and self.quote and self.quote not in source.body:
            raise ValidationError(
                {"quote": f"This quote is not in the text of its source “{source.title}”. Copy it verbatim."}
            )


class StatedOnQuerySet(SlugQuerySet):
    def stated_between(self, start=None, end=None, *, date="stated_on"):
        """Inclusive on both ends; either may be None for an open range. Undated records never match a range.
        `date` names the date field, across a relation if need be (`statement__stated_on`)."""
        if start:
            self = self.filter(**{f"{date}__gte": start})
        if end:
            self = self.filter(**{f"{date}__lte": end})
        if start or end:
            self = self.exclude(**{date: None})
        return self


class StatementQuerySet(StatedOnQuerySet):
    def identified_by(self, key):
        """A statement by its id (an int) or its slug (a str): the caller has read which one a URL names."""
        return self.filter(pk=key) if isinstance(key, int) else self.filter(slug=key.strip())

    def memoranda(self):
        return self.filter(kind=Statement.Kind.OFFICIAL_DOCUMENT)

    def latest_memorandum_of(self, side):
        return (
            self.memoranda()
            .filter(actor__side=side)
            .select_related("actor", "cited_source__publisher")
            .order_by("-stated_on", "-pk")
            .first()
        )

    def said_by(self, actor):
        """Said by the actor or by one of its members (Putin's and Lavrov's statements are Russia's too). The
        speakers are a short list of actors read first, so the statements are found from their speaker's index
        instead of joining every statement to its actor to test `actor OR its parent`."""
        return self.filter(actor__in=Actor.objects.voicing_for(actor).values("pk"))

    def with_related(self, *, source_text=False):
        """Speaker and reporter joined; sources fetched beside (see DemandQuerySet.with_related)."""
        sources = Source.objects.select_related("publisher")
        if not source_text:
            sources = sources.defer("body")
        return self.select_related("actor", "reported_by").prefetch_related(
            Prefetch("source", queryset=sources), Prefetch("cited_source", queryset=sources)
        )


class Statement(QuoteInSourceMixin, SlugModel):
    """One thing an actor said, wrote or published, on a date, as carried by a source."""

    class Kind(models.TextChoices):
        PUBLIC_REMARK = "public_remark", "Public remark"
        OFFICIAL_DOCUMENT = "official_document", "Official document"
        ANONYMOUS_REPORT = "anonymous_report", "Anonymous-source report"
        ASSESSMENT = "assessment", "Analyst assessment"
        OUTCOME = "outcome", "Negotiated outcome"

    title = models.CharField(max_length=300, help_text="A short neutral label (“Russian memorandum”).")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="statements")
    reported_by = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reported_statements",
        help_text="Who relays it (ISW reporting Putin); never the actor who holds the position.",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="statements", help_text="The text the quote is taken from."
    )
    cited_source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="first_carried",
        help_text="Where it first appeared (TASS for the Russian memorandum), reached through the source's citations.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    stated_on = models.DateField(null=True, blank=True, validators=[not_in_future])
    date_precision = models.CharField(max_length=10, choices=DatePrecision, default=DatePrecision.DAY)
    # No default: how a date was read from the text is the curator's judgement, made each time (migration 0009).
    date_basis = models.CharField(max_length=10, choices=DateBasis)
    date_note = models.CharField(max_length=300, blank=True, help_text="The text's own words for the date.")
    placed_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="Where it stands in date order: its date, else its source's (dates.placement), kept by save().",
    )
    quote = models.TextField(help_text="Verbatim from the source's text.")
    # No default: whose words a quote is is the curator's judgement, made each time (migration 0021).
    wording = models.CharField(max_length=10, choices=Wording, help_text=WORDING_HELP)
    summary = models.TextField(help_text="A neutral description of what was said.")

    objects = StatementQuerySet.as_manager()
    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        ordering = ["-stated_on", "title"]
        indexes = [
            # The statements list filters by date range.
            models.Index(fields=["stated_on"], name="statement_stated_on_idx"),
            # The compare page's default: each party's latest memorandum (latest_memorandum_of), a few among
            # thousands of statements.
            models.Index(fields=["kind", "-stated_on"], name="statement_kind_date_idx"),
            # statement_picker_idx, the compare page's menus (newest first, undated last), is migration 0012's:
            # NULLS LAST cannot be part of a SQLite index, so each database has its own spelling.
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(actor=models.F("reported_by")), name="statement_reporter_is_not_actor"),
            models.CheckConstraint(
                condition=Q(stated_on__isnull=False) | Q(date_precision=DatePrecision.UNKNOWN),
                name="statement_undated_means_unknown_precision",
            ),
            models.CheckConstraint(
                condition=Q(stated_on__isnull=True) | ~Q(date_precision=DatePrecision.UNKNOWN),
                name="statement_dated_means_known_precision",
            ),
        ]

    def __str__(self):
        return f"{self.actor.name}: {self.title}"

    def get_absolute_url(self):
        return record_url("statement_detail", self.pk)

    @property
    def date_display(self):
        return display_date(self.stated_on, self.date_precision, self.date_basis, self.placed_on)

    @property
    def date_is_approximate(self):
        """Drawn and labelled as such: the text gives no exact day for it."""
        return self.date_precision != DatePrecision.DAY or self.date_basis in {DateBasis.RELATIVE, DateBasis.REPORTED}

    def quote_source(self):
        return getattr(self, "source", None)

    def side_of_terms(self):
        """Whose terms it holds: the party of its terms, or its speaker's side."""
        party_side = self.demands.values_list("party__side", flat=True).first()
        return party_side or self.actor.side

    def clean(self):
        self.clean_quote()
        if self.actor_id and self.actor_id == self.reported_by_id:
            raise ValidationError({"reported_by": "The reporter cannot be the actor who holds the position."})
        if self.stated_on is None and self.date_precision != DatePrecision.UNKNOWN:
            raise ValidationError({"date_precision": "An undated statement has an unknown date precision."})
        if self.stated_on is not None and self.date_precision == DatePrecision.UNKNOWN:
            raise ValidationError({"date_precision": "Give the precision of the date (day, month or year)."})

    def save(self, *args, **kwargs):
        self.placed_on = placement(self.stated_on, self.source.published_on)
        super().save(*args, **kwargs)
        # Demands carry the statement's date (indexed, for the date filter) and place (for the explorer's orders);
        # keep them in step.
        known_on = known_by(self.placed_on, self.date_precision)
        in_step = (
            Q(stated_on=self.stated_on) & Q(placed_on=self.placed_on) & Q(known_on=known_on) & Q(speaker=self.actor_id)
        )
        self.demands.exclude(in_step).update(
            stated_on=self.stated_on, placed_on=self.placed_on, known_on=known_on, speaker=self.actor_id
        )
        # The changes it evidences are known from its date (statuses.known_by), read by the as-of rule; a new date
        # may reorder a term's changes, so its status today is read again.
        self.status_evidence.update(known_on=known_by(self.placed_on, self.date_precision))
        Demand.objects.filter(pk__in=self.status_evidence.values("demand_id")).refresh_current_status()


# --- Demand ----------------------------------------------------------------------------------


class Stance(models.TextChoices):
    DEMAND = "demand", "Demand"
    PRECONDITION = "precondition", "Precondition"
    PROPOSAL = "proposal", "Proposal"
    SIGNAL = "signal", "Signal"
    RED_LINE = "red_line", "Red line"
    REJECTION = "rejection", "Rejection"
    AGREED = "agreed", "Agreed outcome"


# The expression the PostgreSQL full-text index (migration 0002) is built on; a query must use the same one
# to use the index, so a change here needs a migration that rebuilds it.
DEMAND_SEARCH_VECTOR = SearchVector("paraphrase", "quote", config="english")
# SQLite's counterpart (migration 0008): the ids of the terms whose paraphrase or quote holds one word's stem.
FTS5_MATCH = "SELECT rowid FROM negotiations_demand_fts WHERE negotiations_demand_fts MATCH %s"

# The terms most alike to a text on SQLite (closest_to), among some terms ({among}, a subquery of ids): FTS5's bm25
# of the text's words OR'ed, over the index of paraphrase and quote (migration 0009); bm25 is negative, the lower
# the closer. The index is read once, MATERIALIZED: asked with `rowid IN ({among})` beside the MATCH, or with the
# CTE folded into the query, SQLite ran the search again for each term among them (0.7-0.9 s against 0.06 s for
# a topic's 755 terms of one side, at 20,000 terms).
FTS5_RANKED = (
    "WITH ranked AS MATERIALIZED (SELECT rowid AS id, -bm25(negotiations_demand_fts) AS likeness "
    "FROM negotiations_demand_fts WHERE negotiations_demand_fts MATCH %s) "
    "SELECT id, likeness FROM ranked WHERE id IN ({among}) ORDER BY likeness DESC, id LIMIT %s"
)

# The explorer's two orders: by place (the date, or an undated term's report's date: dates.placement), and within
# a day each statement's terms together in document order. PostgreSQL indexes them exactly (migration 0017), so
# a page reads 50 index entries instead of sorting every term; SQLite cannot index NULLS LAST and sorts. Only
# what no dated report carries is left at the end.
NEWEST_FIRST = (F("placed_on").desc(nulls_last=True), F("statement_id").asc(), F("position").asc(), F("id").asc())
OLDEST_FIRST = (F("placed_on").asc(nulls_last=True), F("statement_id").asc(), F("position").asc(), F("id").asc())


# How many terms a search may find to be handed to the page and the counts as a list of ids (search_condition):
# up to a tenth of 100,000 terms the list is the faster way on both databases (ceasefire, 6,000 terms: 262 -> 119
# ms of SQL a page on PostgreSQL, 376 -> 68 ms on SQLite; bench/results/2026-12-04-issue21-search.md); beyond
# it, a page walking the date index finds its 50 terms soon, and the counts read most of the table either way.
LISTED_AT_MOST = 10_000


def ids_as_rows(ids, postgresql):
    """A list of ids as one parameter read as rows, so that `pk IN` this is estimated at its length (PostgreSQL's
    unnest), and ten thousand ids are not ten thousand parameters to build, quote and plan one by one."""
    if postgresql:
        return RawSQL("SELECT unnest(%s::bigint[])", [ids])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(ids)])


class DemandQuerySet(StatedOnQuerySet):
    def for_party(self, party):
        """`party` is an Actor, an actor slug, or a side (“russia”, “ukraine”)."""
        if isinstance(party, Actor):
            return self.filter(party=party)
        if party in Side.values:
            return self.filter(party__side=party)
        return self.filter(party__slug=party)

    def latest_per_topic(self, limit):
        """At most `limit` terms per topic, the most recent first (a window function, one query)."""
        ranked = self.annotate(
            rank_in_topic=Window(RowNumber(), partition_by=F("topic_id"), order_by=[F("stated_on").desc(), F("pk")])
        )
        # Rank the bare rows, then fetch the chosen few by id: the caller's joins touch only those. (As a
        # subquery, PostgreSQL plans the IN badly; two short queries are faster than one long one.)
        chosen = list(ranked.filter(rank_in_topic__lte=limit).values_list("pk", flat=True))
        return self.model.objects.filter(pk__in=chosen)

    def monthly_counts(self):
        """Dated terms counted per month, party and topic, read in order from demand_month_idx: the timeline's
        monthly counts, computed once per data version (timeline/fetch.py)."""
        return (
            self.exclude(stated_on=None)
            .order_by()
            .annotate(month=FirstOfMonth("stated_on"))
            .values("month", "party_id", "topic_id")
            .annotate(count=Count("*"))
        )

    def counts_per_side_and_topic(self):
        # COUNT(*), not COUNT(id): read from demand_facet_cells_idx alone, which does not hold the id.
        return self.order_by().values("party__side", "topic_id").annotate(count=Count("*"))

    def for_export(self):
        """One flat record per term with everything an export row needs, in one query and no model instances:
        the full export is 100,000 rows."""
        return self.values(
            "slug",
            "stated_on",
            "stance",
            "paraphrase",
            "quote",
            "wording",
            "locator",
            "placed_on",
            date_precision=F("statement__date_precision"),
            date_basis=F("statement__date_basis"),
            party_name=F("party__name"),
            topic_name=F("topic__name"),
            said_by=F("statement__actor__name"),
            reported_by=F("statement__reported_by__name"),
            source_publisher=F("statement__source__publisher__name"),
            source_title=F("statement__source__title"),
            source_published_on=F("statement__source__published_on"),
            first_published_by=F("statement__cited_source__publisher__name"),
        )

    def held_or_voiced_by(self, actor):
        """The actor's own terms (a party's), and the terms it voiced for its party (Putin's, Medinsky's)."""
        return self.filter(Q(party=actor) | Q(statement__actor=actor))

    def of_the_parties(self):
        return self.filter(party__side__in=[Side.RUSSIA, Side.UKRAINE])

    # --- A term's status over time (statuses.py holds the rule; these read it in SQL, and a test holds them together)

    def known_by(self, day):
        """Known to have been put forward by `day` (statuses.known_by): a term dated to the day by that day, one
        dated to the month or year once that month or year has ended, an undated one by its report's date. Read
        from the copy of it the term keeps (Demand.known_on), so that a party's position reads one index."""
        return self.filter(known_on__lte=day)

    def refresh_current_status(self):
        """Write each term's status today (its latest recorded change's, statuses.status_on; put forward without
        one) into its copy, `current_status`: after a change is saved or deleted, or its evidence's date moves."""
        latest = StatusChange.objects.latest_by(None).filter(demand=OuterRef("pk")).values("status")[:1]
        return self.update(current_status=Coalesce(Subquery(latest), models.Value(TermStatus.PUT_FORWARD)))

    def with_status_of(self, statuses, day=None):
        """The terms whose status on `day` is one of `statuses`: today's from the copy each term keeps
        (current_status); another day's read from the few terms with a recorded change rather than a subquery per
        term."""
        if day is None:
            return self.filter(current_status__in=statuses)
        changed = StatusChange.objects.latest_by(day)
        chosen = Q(pk__in=changed.filter(status__in=statuses).values("demand_id"))
        if TermStatus.PUT_FORWARD in statuses:
            chosen |= ~Q(pk__in=StatusChange.objects.known_by(day).values("demand_id"))
        return self.filter(chosen)

    def standing_on(self, day):
        """A party's position on `day` (statuses.stands_on): the terms known to have been put forward by then whose
        latest change known by then neither withdraws nor supersedes them (StatusChangeQuerySet.ended_by). The ended
        terms are a list the database makes once (few: a term has a change in a few hundred), not a subquery per
        term: as a correlated NOT EXISTS, SQLite ran it for each of 100,000 terms (about 300 ms a cold explorer page
        with `as_of`, issue 25)."""
        return self.known_by(day).exclude(pk__in=StatusChange.objects.ended_by(day).values("demand_id"))

    def position_per_topic(self, day, limit):
        """A position on `day` (standing_on) shown per topic: (id, topic id) of each topic's latest `limit` standing
        terms by place in date order, newest first, and the topics on which it holds more. For each topic a walk
        down its terms known by the day (demand_party_topic_place_idx), then which of those walked the day's
        changes ended (ended_among): the queries grow with the topics, never with the terms. Ranking and counting
        a party's 50,000 terms with a window took 70-80 ms at 100,000 terms on PostgreSQL, and counting what each
        topic holds beyond those shown 15-30 ms a position; the explorer counts them (its `as_of`)."""
        walk = self.known_by(day).filter(placed_on__lte=day).order_by("-placed_on", "-id").values_list("id", flat=True)
        window = 2 * limit + 1  # room for a few ended terms among the newest, and one more to tell there are more
        walked = {
            topic: list(walk.filter(topic=topic)[:window]) for topic in Topic.objects.values_list("pk", flat=True)
        }
        ended = StatusChange.objects.ended_among([pk for ids in walked.values() for pk in ids], day)
        latest, more = [], set()
        for topic, ids in walked.items():
            standing, seen = [pk for pk in ids if pk not in ended], len(ids)
            while len(standing) <= limit and len(ids) == window:  # ended ones crowded the window: walk on
                ids = list(walk.filter(topic=topic)[seen : seen + window])
                seen += len(ids)
                standing += [pk for pk in ids if pk not in StatusChange.objects.ended_among(ids, day)]
            latest += [(pk, topic) for pk in standing[:limit]]
            if len(standing) > limit:
                more.add(topic)
        return latest, more

    def matching(self, words):
        """The terms matching every one of `words` (search_condition)."""
        return self.filter(self.search_condition(words)) if words else self.none()

    def search_condition(self, words):
        """Every one of `words` in any of its spellings, in any order and on its stem: in the paraphrase or the
        quote, in the name or aliases of the party, the speaker or the reporter, or in the title or publisher of
        the statement's source or of the source that first published it (TASS). `words` is a search's words with
        their spellings (search.Spellings, read once by the explorer: search.words_of, search.variants_of), so that
        both databases get the same OR of spellings per word:

        PostgreSQL: full-text search (English stemming) over demand_search_idx's expression.
        SQLite: FTS5 with the porter stemmer over the same two columns (negotiations_demand_fts, migration 0009,
        kept in step with the table by triggers).
        """
        postgresql = connections[self.db].vendor == "postgresql"
        tests = [self.word_test(spellings, postgresql) for spellings in words]
        # PostgreSQL cannot estimate an OR of subqueries (it guesses nine terms in ten): for a rare word it walked
        # the whole date index to fill a page of 50, past the statement timeout at 100,000 terms. Read first (one
        # query, a scan that stops at LISTED_AT_MOST + 1 rows), the terms found are handed to the page and the
        # counts as one list the planner knows the length of, and they read those rows by id. A condition, not a
        # queryset: the explorer reads it once a request and applies it to the page and to both counts. The terms
        # are listed from this queryset: a condition for queries within it (the explorer's date range).
        ids = list(self.filter(*tests).order_by().values_list("pk", flat=True)[: LISTED_AT_MOST + 1])
        if len(ids) > LISTED_AT_MOST:
            return Q(*tests)
        return Q(pk__in=ids_as_rows(ids, postgresql))

    def word_test(self, spellings, postgresql):
        """One word's test, on the term's own columns: its id (the full-text index), its party, its statement (the
        statements said, reported or carried by whoever the word names). The few actors and statements the word
        names are read first (a small table each, indexed), and only those found are tested: as subqueries ORed
        with the full-text test, they made PostgreSQL scan every term to test all three (60 ms for `tribunal`,
        which names no one, at 100,000 terms), where the full-text index alone finds its terms in 4 ms (issue 25).
        None asks for a column of the term's statement: tested on the statements joined to each term, the
        condition let PostgreSQL plan a join that read every statement again for each term it walked (168 s for
        a page of `lavrov` at 100,000 terms, when not listed first)."""
        named = list(Actor.objects.filter(named_as(spellings)).values_list("pk", flat=True))
        carrying = Source.objects.carrying(spellings, named)
        statements = list(
            Statement.objects.filter(
                Q(actor__in=named) | Q(reported_by__in=named) | Q(source__in=carrying) | Q(cited_source__in=carrying)
            ).values_list("pk", flat=True)
        )
        test = Q(pk__in=self.in_text(spellings, postgresql))
        if named:
            test |= Q(party__in=named)
        if statements:
            test |= Q(statement__in=ids_as_rows(statements, postgresql))
        return test

    def in_text(self, spellings, postgresql):
        """The terms whose paraphrase or quote holds one of `spellings`, on its stem, from the full-text index."""
        if postgresql:
            queries = [SearchQuery(spelling, config="english", search_type="plain") for spelling in spellings]
            query = functools.reduce(operator.or_, queries)
            return self.model.objects.alias(search=DEMAND_SEARCH_VECTOR).filter(search=query).values("pk")
        return RawSQL(FTS5_MATCH, [" OR ".join(search.fts5_query(spelling) for spelling in spellings)])

    def closest_to(self, text, limit):
        """The `limit` terms of this queryset whose quote and paraphrase are most alike to `text`, most alike first,
        each with its `likeness` (higher is closer; comparable within one call only): the counterparts a new term
        may answer (intake). Only terms sharing something with `text` are given.

        PostgreSQL: pg_trgm's similarity of the quote and paraphrase to the text (migration 0025's extension).
        SQLite: FTS5's bm25 over the same two columns, for the text's words, any of them (the explorer's index):
        read in one pass over the index (FTS5_RANKED), then kept to this queryset's terms.
        """
        if connections[self.db].vendor == "postgresql":
            words = Concat("quote", models.Value(" "), "paraphrase", output_field=models.TextField())
            ranked = self.annotate(likeness=TrigramSimilarity(words, text)).filter(likeness__gt=0)
            return list(ranked.order_by("-likeness", "pk")[:limit])
        words = search.words_of(text)
        if not words:
            return []
        among, params = self.order_by().values("pk").query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            query = " OR ".join(search.fts5_query(word) for word in words)
            cursor.execute(FTS5_RANKED.format(among=among), [query, *params, limit])
            likeness = dict(cursor.fetchall())
        terms = list(self.filter(pk__in=list(likeness)))
        for term in terms:
            term.likeness = likeness[term.pk]
        return sorted(terms, key=lambda term: (-term.likeness, term.pk))

    def said_by(self, actor):
        """Voiced by the actor or by one of its members (Putin's and Lavrov's words are Russia's too), read from the
        speaker each term copies from its statement (Demand.speaker): the few speakers first, then their terms by
        the speaker's index, without joining a term to its statement."""
        return self.filter(speaker__in=Actor.objects.voicing_for(actor).values("pk"))

    def from_source(self, source):
        """Carried by the source, or first published there (TASS for the Russian memorandum)."""
        return self.filter(Q(statement__source=source) | Q(statement__cited_source=source))

    def facet_counts(self, *columns):
        """Terms counted per value of `columns`: one aggregate, whatever the number of terms."""
        # COUNT(*), not COUNT(id): the id is not in the index the counts are read from (demand_facet_cells_idx).
        return self.order_by().values(*columns).annotate(count=Count("*")).order_by()

    def placed_within(self, start=None, end=None):
        """The date range of stated_between said of the terms' place as well: a term inside a range is dated, so it
        stands at its date (dates.placement), and no result changes. It lets a page in either order start reading
        the placement index at the range's edge, instead of skipping every term placed beyond it (at 100,000 terms
        on PostgreSQL, a page of the terms up to 2023, newest first: 22 ms -> 0.04 ms). Said by the range filter
        itself, it would keep the explorer's counts from reading demand_facet_cells_idx alone."""
        return self.stated_between(start, end, date="placed_on")

    def newest_first(self):
        return self.order_by(*NEWEST_FIRST)

    def oldest_first(self):
        return self.order_by(*OLDEST_FIRST)

    def in_document_order(self):
        return self.order_by("topic__position", "position", "pk")

    def with_related(self, *, source_text=False):
        """The party, topic and statement joined; the speaker and sources fetched beside, in three small queries.

        Joining all nine tables made PostgreSQL spend 15 ms planning a query that runs in 1 ms. Sources'
        full texts stay behind unless asked for: a list needs titles, and fifty bodies are megabytes.
        """
        sources = Source.objects.select_related("publisher")
        if not source_text:
            sources = sources.defer("body")
        return self.select_related("party", "topic", "statement").prefetch_related(
            "statement__actor",
            Prefetch("statement__source", queryset=sources),
            Prefetch("statement__cited_source", queryset=sources),
        )


class Demand(QuoteInSourceMixin, SlugModel):
    """One negotiating term held by a party, as voiced in a Statement."""

    party = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="demands",
        limit_choices_to={"kind": Actor.Kind.STATE},
        help_text="The state that holds the term (Russia, Ukraine), not the person or outlet that voiced it.",
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="demands")
    stance = models.CharField(max_length=20, choices=Stance)
    paraphrase = models.TextField(help_text="Neutral, short.")
    quote = models.TextField(help_text="Verbatim from the statement's source text.")
    # Its own judgement, not the statement's: a memorandum summarised by a newspaper may have one term quoted.
    wording = models.CharField(max_length=10, choices=Wording, help_text=WORDING_HELP)
    locator = models.CharField(
        max_length=200, blank=True, help_text="Where in its document (“Russian memorandum §2, option 2”)."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Order within its statement.")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="demands")
    stated_on = models.DateField(
        null=True, blank=True, editable=False, help_text="Copied from the statement, for the date filter."
    )
    placed_on = models.DateField(
        null=True, blank=True, editable=False, help_text="Copied from the statement, for the explorer's orders."
    )
    known_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The day it is known to have been put forward by (statuses.known_by of its statement's date).",
    )
    # Two copies the explorer filters and counts by, so that its five facets read one index over the terms alone
    # (issue 25): joining every term to its statement to reach the speaker, and finding each term's latest change
    # for its status, were most of a cold page's SQL.
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="Copied from the statement (its actor), for the Said by filter and counts.",
    )
    current_status = models.CharField(
        max_length=24,
        choices=TermStatus.choices,
        default=TermStatus.PUT_FORWARD,
        editable=False,
        help_text="Its status today (statuses.status_on of its recorded changes), for the Status filter and counts.",
    )
    counterparts = models.ManyToManyField(
        "self", through="Counterpart", symmetrical=False, related_name="answered_by", blank=True
    )

    objects = DemandQuerySet.as_manager()
    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        ordering = ["-stated_on", "position"]
        indexes = [
            # The demands explorer and the compare page filter by date range, newest first.
            models.Index(fields=["stated_on"], name="demand_stated_on_idx"),
            # The compare page's latest terms per topic for each party (latest_per_topic) in a date range.
            models.Index(fields=["party", "topic", "-stated_on"], name="demand_party_topic_date_idx"),
            # The explorer's counts (facet_counts) over a date range, read from the index alone: at 100,000
            # terms the aggregate per party, topic and stance took 25 ms reading rows, 5 ms reading this. The
            # range compare's counts per side and topic (counts_per_side_and_topic) read it too.
            # The speaker and today's status are in it too (issue 25), so the Said by and Status counts read it alone;
            # and the statement, which a search's words test (DemandQuerySet.word_test).
            models.Index(
                fields=["stated_on", "party", "topic", "stance", "current_status", "speaker", "statement"],
                name="demand_facet_cells_idx",
            ),
            # The timeline's monthly counts (monthly_counts) read in their GROUP BY's order, so the database counts
            # as it scans instead of hashing or sorting 100,000 rows.
            models.Index(F("party"), F("topic"), FirstOfMonth("stated_on"), F("stated_on"), name="demand_month_idx"),
            # A party's position on a day (standing_on, the grid's as-of columns): its terms known by then, counted
            # per topic from the index alone. With the stance, speaker and id too, the explorer's counts per speaker
            # for a party on an `as_of` day read it alone as well (the ended terms are excluded by id, which a
            # PostgreSQL index does not hold of its own; PostgreSQL scanned the table: 89 ms for Russia on 22 June
            # 2024, issue 25).
            models.Index(
                fields=["party", "known_on", "topic", "stance", "speaker", "id"], name="demand_party_known_idx"
            ),
            # The explorer's counts on an `as_of` day (the terms known by then, less the few ended) read from the
            # index alone: reading each term's row for its stance cost SQLite 300 ms at 100,000 terms (issue 25).
            models.Index(
                fields=["known_on", "party", "topic", "stance", "speaker", "id"], name="demand_known_cells_idx"
            ),
            # ... and its latest terms per topic, read from the day backwards (position_per_topic).
            models.Index(fields=["party", "topic", "placed_on", "id"], name="demand_party_topic_place_idx"),
        ]

    def __str__(self):
        return f"{self.party.name}: {self.paraphrase[:80]}"

    def get_absolute_url(self):
        return record_url("demand_detail", self.slug)

    def quote_source(self):
        # In the admin's inline the statement may be new and unsaved: check against it all the same.
        statement = getattr(self, "statement", None)
        return getattr(statement, "source", None)

    def clean(self):
        self.clean_quote()

    def save(self, *args, **kwargs):
        self.stated_on = self.statement.stated_on
        self.placed_on = self.statement.placed_on
        self.known_on = known_by(self.statement.placed_on, self.statement.date_precision)
        self.speaker_id = self.statement.actor_id
        super().save(*args, **kwargs)


class Relation(models.TextChoices):
    OPPOSED = "opposed", "Opposed"
    PARTIAL = "partial", "Partly compatible"
    COMPATIBLE = "compatible", "Compatible"


class CounterpartManager(models.Manager):
    def get_by_natural_key(self, demand_slug, answer_slug):
        return self.get(demand__slug=demand_slug, answer__slug=answer_slug)


class Counterpart(models.Model):
    """A link between a term and a term of the other party that answers it.

    The parties are copied onto the link so the database itself can refuse a link between two
    demands of the same party (a CHECK cannot look into another table).
    """

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="counterpart_links")
    answer = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="answer_links")
    demand_party = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+", editable=False)
    answer_party = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="+", editable=False)
    relation = models.CharField(max_length=12, choices=Relation)
    note = models.CharField(max_length=300, help_text="One neutral line on how the terms meet.")

    objects = CounterpartManager()
    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        ordering = ["demand", "answer"]
        constraints = [
            models.UniqueConstraint(fields=["demand", "answer"], name="counterpart_unique_pair"),
            models.CheckConstraint(condition=~Q(demand=models.F("answer")), name="counterpart_not_self"),
            models.CheckConstraint(
                condition=~Q(demand_party=models.F("answer_party")), name="counterpart_joins_two_parties"
            ),
        ]

    def __str__(self):
        return f"{self.demand} ↔ {self.answer} ({self.get_relation_display()})"

    def natural_key(self):
        return (self.demand.slug, self.answer.slug)

    natural_key.dependencies = ["negotiations.demand"]

    def clean(self):
        if self.demand_id and self.answer_id:
            if self.demand_id == self.answer_id:
                raise ValidationError("A term cannot answer itself.")
            if self.demand.party_id == self.answer.party_id:
                raise ValidationError("A counterpart joins the terms of two different parties.")

    def save(self, *args, **kwargs):
        self.demand_party_id = self.demand.party_id
        self.answer_party_id = self.answer.party_id
        super().save(*args, **kwargs)


# --- A term's status over time ----------------------------------------------------------------------


class StatusChangeQuerySet(models.QuerySet):
    def known_by(self, day=None):
        """The changes known to have happened by `day` (statuses.known_by); all of them when None."""
        return self if day is None else self.filter(known_on__lte=day)

    def in_order(self):
        """Oldest first, as the rule reads them (statuses.status_on: the latest known wins, ties in record order)."""
        return self.order_by("known_on", "pk")

    def ended_by(self, day):
        """The changes that end a term by `day`: its latest change known by then withdraws or supersedes it."""
        return self.latest_by(day).filter(status__in=NO_LONGER_STANDING)

    def ended_among(self, term_ids, day):
        """The ids among `term_ids` of the terms ended by `day` (ended_by). One query, by the terms' index."""
        return set(self.ended_by(day).filter(demand__in=term_ids).order_by().values_list("demand_id", flat=True))

    def latest_by(self, day=None):
        """Each term's latest change known by `day` (today's record when None): the change that says its status
        then (statuses.status_on). One row per term that has any; a term with none is put forward. Said as “no
        later change known by then”, so that a filter on the status applies after the latest is chosen."""
        known = self.known_by(day)
        later = StatusChange.objects.known_by(day).filter(
            Q(known_on__gt=OuterRef("known_on")) | Q(known_on=OuterRef("known_on"), pk__gt=OuterRef("pk")),
            demand=OuterRef("demand"),
        )
        return known.exclude(Exists(later))


class StatusChange(QuoteInSourceMixin, models.Model):
    """A change in a term's status after its own statement put it forward (restated, countered, agreed, withdrawn,
    superseded …), evidenced by a statement whose source's text carries the quote. Its date is the evidence's,
    under the date rule; `known_on` is the day it is known to have happened by (statuses.known_by), which the
    as-of rule reads."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="status_changes", verbose_name="term")
    status = models.CharField(max_length=24, choices=RECORDED_STATUSES)
    evidence = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        related_name="status_evidence",
        help_text="The statement that shows the change: its date is the change's.",
    )
    quote = models.TextField(help_text="Verbatim from the evidence's source text: the words that show the change.")
    superseded_by = models.ForeignKey(
        Demand,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        help_text="For “superseded”: the later term of the same party that replaces this one.",
    )
    note = models.CharField(max_length=300, blank=True, help_text="One neutral line, when the quote needs it.")
    known_on = models.DateField(
        null=True, blank=True, editable=False, help_text="Copied from the evidence (statuses.known_by), for the rule."
    )

    objects = StatusChangeQuerySet.as_manager()
    history = HistoricalRecords()
    version = AutoIncVersionField()

    class Meta:
        ordering = ["demand", "known_on", "pk"]
        verbose_name = "status change"
        constraints = [
            models.UniqueConstraint(fields=["demand", "status", "evidence"], name="status_change_once_per_evidence"),
            models.CheckConstraint(
                condition=Q(status__in=[value for value, _ in RECORDED_STATUSES]), name="status_change_status_known"
            ),
            # Superseded names its replacement, and only superseded does.
            models.CheckConstraint(
                condition=Q(status="superseded", superseded_by__isnull=False)
                | (~Q(status="superseded") & Q(superseded_by__isnull=True)),
                name="status_change_superseded_names_its_replacement",
            ),
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("demand")), name="status_change_not_superseded_by_itself"
            ),
        ]
        indexes = [models.Index(fields=["demand", "known_on"], name="status_change_term_known_idx")]

    def __str__(self):
        return f"{self.get_status_display()}: {self.demand}"

    def quote_source(self):
        evidence = getattr(self, "evidence", None)
        return getattr(evidence, "source", None)

    @property
    def wording(self):
        """Whose words the quote is (citing/wording.py): the evidence's, as the wording rule judged its quote, only
        where this quote stands inside that one; anything else is the source's report, never credited to a speaker."""
        return self.evidence.wording if self.quote in self.evidence.quote else Wording.REPORTED

    def clean(self):
        self.clean_quote()
        demand = getattr(self, "demand", None)
        replacement = self.superseded_by
        if replacement is not None and demand is not None:
            if replacement.pk is not None and replacement.pk == demand.pk:
                raise ValidationError({"superseded_by": "A term is superseded by another, later term."})
            if replacement.party_id != demand.party_id:
                raise ValidationError({"superseded_by": "A term is superseded by a later term of the same party."})
            if replacement.placed_on and demand.placed_on and replacement.placed_on < demand.placed_on:
                raise ValidationError({"superseded_by": "The replacing term is older than the term it supersedes."})

    def save(self, *args, **kwargs):
        self.known_on = known_by(self.evidence.placed_on, self.evidence.date_precision)
        super().save(*args, **kwargs)


# --- The featured comparison ------------------------------------------------------------------------


class FeaturedComparisonQuerySet(models.QuerySet):
    def current(self):
        """The comparison the curators chose, its statements joined as the compare page shows them (one query);
        None until they choose one."""
        return self.select_related(
            "left__actor", "left__cited_source__publisher", "right__actor", "right__cited_source__publisher"
        ).first()


class FeaturedComparison(models.Model):
    """The two statements the home page (and /compare/ naming none) compares, chosen by a curator.

    Chosen, not inferred: before it, the home page showed each party's latest "Official document", so any new
    record of that kind replaced it. Adding records never changes this one. One row (the page shows one
    comparison); until a curator chooses it the page falls back to the latest memoranda. Each statement's side
    is copied onto the row when it is chosen, so the database itself refuses two statements of one party and
    the compare page finds a party's featured statement without reading its terms.
    """

    SINGLETON_ID = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_ID, editable=False)
    left = models.ForeignKey(
        Statement,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="left statement",
        help_text="Shown on the left (Russia's column on today's home page).",
    )
    right = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+", verbose_name="right statement")
    left_side = models.CharField(max_length=10, choices=Side, editable=False)
    right_side = models.CharField(max_length=10, choices=Side, editable=False)
    note = models.CharField(
        max_length=300, blank=True, help_text="For the curators: why these two. Not shown on the site."
    )

    objects = FeaturedComparisonQuerySet.as_manager()
    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        verbose_name = "featured comparison"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="featured_comparison_is_one_row"),
            models.CheckConstraint(condition=~Q(left=models.F("right")), name="featured_comparison_two_statements"),
            models.CheckConstraint(
                condition=~Q(left_side=models.F("right_side")), name="featured_comparison_two_parties"
            ),
        ]

    def __str__(self):
        return f"{self.left.title} and {self.right.title}"

    def get_absolute_url(self):
        return reverse("home")

    def clean(self):
        if self._state.adding and FeaturedComparison.objects.exists():
            raise ValidationError("A comparison is featured already: change it instead of adding another.")
        if not (self.left_id and self.right_id):
            return  # the form has said which is missing
        if self.left_id == self.right_id:
            raise ValidationError("Choose two different statements: a statement compared with itself shows nothing.")
        empty = {
            name: f"“{statement.title}” holds no terms: the home page would show nothing on this side."
            for name, statement in (("left", self.left), ("right", self.right))
            if not statement.demands.exists()
        }
        if empty:
            raise ValidationError(empty)
        side = self.left.side_of_terms()
        if side == self.right.side_of_terms():
            label = Side(side).label if side in Side.values else side
            raise ValidationError(
                f"Both statements are {label}'s: the home page compares two parties. Choose one statement of each "
                "(/compare/ can still align two of one party, by its address)."
            )

    def save(self, *args, **kwargs):
        self.id = self.SINGLETON_ID
        self.left_side, self.right_side = self.left.side_of_terms(), self.right.side_of_terms()
        super().save(*args, **kwargs)

    def side_of(self, side):
        """Its statement of that party, or None."""
        return {self.left_side: self.left, self.right_side: self.right}.get(side)


# --- Former slugs --------------------------------------------------------------------------------


class FormerSlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, kind, slug):
        return self.get(kind=kind, slug=slug)

    def moved(self, kind, slug):
        """The record a former address of this kind now leads to, or None."""
        former = self.filter(kind=kind, slug=slug).select_related("demand", "statement", "source").first()
        return former.target if former is not None else None


class FormerSlug(models.Model):
    """A slug a record no longer has. Its old address answers with a permanent redirect to the record
    (web/moved.py), so a citation made before a correction still lands on it: a term refiled as a statement, or
    split in two, leads to that statement. Filled by the fixtures and by every rename (signals.py)."""

    class Kind(models.TextChoices):
        DEMAND = "demand", "Term (/demands/<slug>/)"
        STATEMENT = "statement", "Statement (?left= and ?right= of /compare/)"
        SOURCE = "source", "Source (/sources/<slug>/)"

    kind = models.CharField(max_length=10, choices=Kind, help_text="Which address the old slug was part of.")
    slug = models.SlugField(max_length=120, help_text="The slug as it was.")
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, null=True, blank=True, related_name="former_slugs")
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, null=True, blank=True, related_name="former_slugs"
    )
    source = models.ForeignKey(Source, on_delete=models.CASCADE, null=True, blank=True, related_name="former_slugs")

    objects = FormerSlugQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "slug"], name="former_slug_unique"),
            # One record to lead to, of a kind the old address can lead to: a term's address may lead to the
            # statement it was refiled as; a statement's and a source's only to a statement and a source.
            models.CheckConstraint(
                condition=(
                    Q(kind="demand", demand__isnull=False, statement__isnull=True, source__isnull=True)
                    | Q(kind="demand", demand__isnull=True, statement__isnull=False, source__isnull=True)
                    | Q(kind="statement", demand__isnull=True, statement__isnull=False, source__isnull=True)
                    | Q(kind="source", demand__isnull=True, statement__isnull=True, source__isnull=False)
                ),
                name="former_slug_leads_to_one_record_of_its_kind",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.slug} → {self.target}"

    def natural_key(self):
        return (self.kind, self.slug)

    @property
    def target(self):
        return self.demand or self.statement or self.source

    def clean(self):
        current = {self.Kind.DEMAND: Demand, self.Kind.STATEMENT: Statement, self.Kind.SOURCE: Source}.get(self.kind)
        if current is not None and current.objects.filter(slug=self.slug).exists():
            raise ValidationError({"slug": "A record has this slug now: its address leads to it, not here."})


# --- Search variants -----------------------------------------------------------------------------

# What a curator's spelling may be: one word a search would read as one word (search.words_of).
MAX_VARIANT_LENGTH = 60


class SearchVariant(models.Model):
    """Spellings a search treats as one word (Kyiv, Kiev): the list curators extend in the admin. British and
    American endings and the spellings among an actor's aliases need no row (search.variants_of)."""

    word = models.CharField(
        max_length=MAX_VARIANT_LENGTH, unique=True, help_text="One word, as the record mostly spells it (Kyiv)."
    )
    variants = models.TextField(help_text="Its other spellings, one word each, separated by commas (Kiev).")

    history = HistoricalRecords()
    # Optimistic concurrency: the admin's change form carries it, and a save from a stale form is refused.
    version = AutoIncVersionField()

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return f"{self.word}: {self.variants}"

    def spellings(self):
        """The word and its variants, lower-cased, as the search's table takes them (search.variant_table)."""
        return [self.word.strip().lower(), *(variant.strip().lower() for variant in self.variants.split(","))]

    @staticmethod
    def is_one_word(text):
        return len(text) <= MAX_VARIANT_LENGTH and search.words_of(text) == [text]

    def clean(self):
        self.word = self.word.strip().lower()
        if not self.is_one_word(self.word):
            raise ValidationError({"word": "Give one word, as a search reads it: letters or digits, no spaces."})
        variants = [variant.strip().lower() for variant in self.variants.split(",") if variant.strip()]
        refused = [variant for variant in variants if not self.is_one_word(variant)]
        if refused or not variants:
            named = f" ({', '.join(refused)} is not one)" if refused else ""
            raise ValidationError({"variants": f"Give one or more single words, separated by commas{named}."})
        self.variants = ", ".join(dict.fromkeys(variants))


# --- Redaction ------------------------------------------------------------------------------------

# The public records by the name their changes carry (/changes/?record=demand-12): the record of changes reads
# their history, and a redaction withdraws text from it.
PUBLIC_RECORDS = {
    "topic": Topic,
    "actor": Actor,
    "source": Source,
    "statement": Statement,
    "demand": Demand,
    "counterpart": Counterpart,
    # A change of a term's status, with its evidence: on /changes/ as its own record, and in its term's changes.
    "status": StatusChange,
    # What the home page compares: a reader who finds other statements there can see when and why it changed.
    "featured": FeaturedComparison,
}
RECORD_KIND_LABELS = {
    "topic": "Topic",
    "actor": "Actor",
    "source": "Source",
    "statement": "Statement",
    "demand": "Term",
    "counterpart": "Link between terms",
    "status": "Status of a term",
    "featured": "Home page comparison",
}
REDACTED = "[redacted]"
# Marks the history rows written when the curated records are loaded (management/commands/loaddata.py): the first
# published version, not a change (citing/history.py).
BASELINE_REASON = "Baseline: the curated records as loaded"


def text_fields(model):
    """The fields of a record (or of its history rows) that hold text a reader sees."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and not f.name.startswith("history_")
    ]


class RedactionQuerySet(models.QuerySet):
    def withdraw(self, record_kind, record_id, text, note):
        """Replace `text` with REDACTED in every version of one record (its history rows, which the record of
        changes, its feed, past data versions and records read at a version are all built from) and in the
        record itself, and keep a Redaction saying that, when and why, never what. Call inside a transaction."""
        model = PUBLIC_RECORDS[record_kind]
        # A version's reason (history_change_reason) is public too, on the record of changes; the baseline's marks
        # the rows that are not changes, and stays as it is.
        history, reason = model.history.filter(id=record_id), ["history_change_reason"]
        baseline = Q(history_change_reason=BASELINE_REASON)
        rows = scrub(model.history.model, "history_id", history.exclude(baseline), text, also=reason)
        rows += scrub(model.history.model, "history_id", history.filter(baseline), text)
        current = scrub(model, "pk", model.objects.filter(pk=record_id), text, bump="version")
        if not rows and not current:
            raise ValidationError({"text": "This text is in no version of that record: nothing was withdrawn."})
        return self.create(record_kind=record_kind, record_id=record_id, note=note, versions_changed=rows + current)

    def last_made(self):
        """When the latest redaction was made (None before the first): what a version's kept files depend on."""
        return self.aggregate(last=models.Max("redacted_at"))["last"]

    def of_records(self, records):
        """{(kind, id): the latest redaction} for the (kind, id) pairs given: one query."""
        wanted = Q()
        for kind, pk in records:
            wanted |= Q(record_kind=kind, record_id=pk)
        found = self.filter(wanted).order_by("redacted_at") if records else self.none()
        return {(r.record_kind, r.record_id): r for r in found}


def scrub(model, key, rows, text, bump=None, also=()):
    """Rewrite each of `rows` whose text fields (and the fields named in `also`) hold `text`, with queryset updates
    (no new history row: the text must not be written again); the number of rows rewritten."""
    fields = [*text_fields(model), *also]
    holding = Q()
    for name in fields:
        holding |= Q(**{f"{name}__contains": text})
    rewritten = 0
    for row in rows.filter(holding).values(key, *fields):
        changes = {name: row[name].replace(text, REDACTED) for name in fields if text in (row[name] or "")}
        if bump:
            changes[bump] = F(bump) + 1  # a curator's form opened before is refused, not saved over the redaction
        rewritten += model._default_manager.filter(**{key: row[key]}).update(**changes)
    return rewritten


class Redaction(models.Model):
    """Text withdrawn from the public record (an informant's phone number in a note, say): a curator names the
    record and the text, which is replaced in every version of the record. The public sees that part of the
    record's history was redacted, when, and the general reason: never the text, which is kept nowhere."""

    record_kind = models.CharField(max_length=20, choices=RECORD_KIND_LABELS)
    record_id = models.PositiveIntegerField(help_text="The record's number (its admin page's address has it).")
    redacted_at = models.DateTimeField(default=timezone.now, editable=False)
    note = models.CharField(
        max_length=200, help_text="Public: why, in general terms (“personal information”). Never the text itself."
    )
    versions_changed = models.PositiveIntegerField(default=0, editable=False)

    objects = RedactionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["record_kind", "record_id"], name="redaction_record_idx")]

    def __str__(self):
        return f"{self.record_kind} {self.record_id}, redacted {self.redacted_at:%Y-%m-%d}"


# --- Data version ---------------------------------------------------------------------------------


class VersionStamp(NamedTuple):
    """The data version a request reads at: its number, and when the data last changed."""

    version: int
    changed_at: datetime.datetime


# Sent after the data version advances, with the new VersionStamp: the domain does not know who keeps a copy.
data_version_changed = Signal()


@contextlib.contextmanager
def consistent_reads():
    """Every read inside sees the same data: on PostgreSQL a repeatable-read snapshot (its default, read
    committed, lets each statement see the commits made since the last one); a SQLite read transaction is a
    snapshot already. Inside an enclosing transaction (a test's), that transaction decides. Read the data
    version inside too, and what is read is what that version holds (the data package, the exports)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


class DataVersion(models.Model):
    """One row whose number every change to the record advances: cached pages and ETags are keyed by it.

    Kept in the database, so that every worker and server sees a curator's edit at once; a shared cache
    (Redis) holds a copy that every change rewrites, so a cached page needs no database at all.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    SINGLETON_ID = 1

    def __str__(self):
        return f"data version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"

    @classmethod
    def current(cls):
        version, created = cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        if created:
            PublishedVersion.record(version)
        return version

    @classmethod
    def stamp(cls, value):
        return VersionStamp(*value)

    @classmethod
    def publish(cls):
        """Tell whoever keeps a copy of the version (the page cache, web/caching.py) that it changed."""
        row = cls.current()
        data_version_changed.send(sender=cls, stamp=cls.stamp((row.version, row.changed_at)))

    @classmethod
    def advance(cls):
        # One transaction: the number read back and logged is the one this UPDATE wrote (its row lock is held
        # until the commit), not a concurrent advance's.
        with transaction.atomic():
            updated = cls.objects.filter(pk=cls.SINGLETON_ID).update(
                version=F("version") + 1, changed_at=timezone.now()
            )
            if not updated:
                cls.objects.get_or_create(pk=cls.SINGLETON_ID)
            PublishedVersion.record(cls.current())
        cls.publish()

    @classmethod
    def advance_past(cls, issued):
        """Past `issued` and the current number: a restore brings back an older number, and numbers issued
        after the backup would repeat, with the cached pages and ETags of the data before the restore."""
        with transaction.atomic():
            version = max(issued, cls.current().version) + 1
            cls.objects.filter(pk=cls.SINGLETON_ID).update(version=version, changed_at=timezone.now())
            PublishedVersion.record(cls.current())
        cls.publish()


class PublishedVersion(models.Model):
    """The log of the data versions that were current, and from when: a version is the record as it stood at
    its `published_at`, read back from the records' history (citing/versions.py). Versions issued before the
    log was kept (migration 0019), or lost in a restore from an older backup, are not in it: they cannot be
    rebuilt exactly, and are not guessed at."""

    version = models.PositiveBigIntegerField(primary_key=True)
    published_at = models.DateTimeField(db_index=True)  # the version current at a moment (a tombstone's last)

    class Meta:
        ordering = ["version"]

    def __str__(self):
        return f"data version {self.version}, published {self.published_at:%Y-%m-%d %H:%M:%S}"

    @property
    def stamp(self):
        """As a VersionStamp: what a page or a descriptor names a version by."""
        return VersionStamp(self.version, self.published_at)

    @classmethod
    def record(cls, row):
        """The DataVersion row's number, from its change. A number logged already (a restore's rewind) keeps
        its first moment: that is when it was published."""
        cls.objects.get_or_create(version=row.version, defaults={"published_at": row.changed_at})


# --- Intake: a document brought in, and the positions it proposes (issue 23) ----------------------------------


class IntakeQuerySet(models.QuerySet):
    def of_the_same_document(self, intake):
        """Every intake of `intake`'s document: those confirmed as the same source, or the intake itself."""
        if intake.source_id is None:
            return self.filter(pk=intake.pk)
        return self.filter(Q(pk=intake.pk) | Q(source=intake.source_id))


class Intake(models.Model):
    """One document a curator brought in: the capture as it came (raw), the main text cleaned from it (body, the
    Source's body once confirmed), what the cleaning cut, the publication's metadata as extracted (the Source's
    fields come prefilled from them), and how proposing its positions went (a background task)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be proposed"
        RUNNING = "running", "Proposing positions"
        READY = "ready", "Ready for review"
        FAILED = "failed", "Proposing failed"

    raw = models.TextField(help_text="The capture as brought in (HTML or text), kept beside the cleaned body.")
    is_html = models.BooleanField(default=False)
    body = models.TextField(help_text="The main text, cleaned of page furniture: quotes are taken from it.")
    cut = models.JSONField(default=list, blank=True, help_text="What the cleaning removed, block by block.")
    title = models.CharField(max_length=400, blank=True)
    publisher_name = models.CharField(max_length=300, blank=True, help_text="The publisher as the capture names it.")
    published_on = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=2000, blank=True, help_text="The address as the capture gives it.")
    source = models.ForeignKey(
        Source,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="intakes",
        help_text="The Source made (or confirmed) from the prefilled fields: accepted positions are quoted from it.",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, help_text="Why proposing failed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IntakeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "ready", "failed"]), name="intake_status_known"
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")), name="intake_progress_within_total"
            ),
            # A failure always says why: the queue page shows it to the curator.
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(error=""), name="intake_failure_says_why"),
        ]

    def __str__(self):
        return f"Intake #{self.pk}: {self.title or 'untitled'}"

    @property
    def change_reason(self):
        """What every record accepted from it says in its history."""
        return f"From intake #{self.pk}: {self.title or 'untitled'}"[:100]

    @property
    def is_working(self):
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class CandidateQuerySet(models.QuerySet):
    def decided(self):
        """Those a curator has decided on: accepted, merged or rejected. Proposing again never brings them back."""
        return self.exclude(status=Candidate.Status.PROPOSED)

    def in_text_order(self):
        return self.order_by("start", "end", "pk")


class Candidate(models.Model):
    """A position the proposer found in an intake's text: a sentence or clause (`quote`, body[start:end]) with
    everything proposed about it, for a curator to accept (a Statement and its Demand), merge with others into
    one Statement, or reject. Rejected candidates are kept: proposing again does not bring them back."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"
        MERGED = "merged", "Merged into another's statement"
        REJECTED = "rejected", "Rejected"

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveIntegerField(help_text="Its place among the proposals, in text order.")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    # The quote with its typography evened out (intake/typography.py): how proposing again recognises it.
    quote_key = models.TextField(editable=False)
    locator = models.CharField(max_length=200, blank=True)
    speaker = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    party = models.ForeignKey(
        Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", limit_choices_to={"kind": "state"}
    )
    reported_by = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    cited = models.ForeignKey(Actor, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stated_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=10, choices=DatePrecision, default=DatePrecision.UNKNOWN)
    date_basis = models.CharField(max_length=10, choices=DateBasis, blank=True)
    date_note = models.CharField(max_length=300, blank=True)
    topic = models.ForeignKey(Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    stance = models.CharField(max_length=20, choices=Stance, blank=True)
    wording = models.CharField(max_length=10, choices=Wording, blank=True)
    # What accepting needs beyond the proposal, the curator's to write: proposed from the quote, never invented.
    title = models.CharField(max_length=300, blank=True, help_text="The statement's short neutral label.")
    kind = models.CharField(max_length=20, choices=Statement.Kind, blank=True, help_text="The statement's kind.")
    summary = models.TextField(blank=True, help_text="The statement's neutral description.")
    paraphrase = models.TextField(blank=True, help_text="The term's neutral, short paraphrase.")
    counterparts = models.JSONField(default=list, blank=True, help_text="The other party's terms, ranked.")
    recorded = models.JSONField(null=True, blank=True, help_text="The record holding this quote already, if any.")
    cues = models.JSONField(default=list, blank=True, help_text="The words that made it a position.")
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    # Once accepted (or merged): what it became. Removing that record removes the candidate too, so that proposing
    # again may offer the quote afresh.
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, null=True, blank=True, related_name="intake_candidates"
    )
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    merged_into = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="merged_candidates"
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["intake", "start", "end", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="candidate_span_not_empty"),
            models.UniqueConstraint(fields=["intake", "start", "end"], name="candidate_one_per_span"),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "accepted", "merged", "rejected"]), name="candidate_status_known"
            ),
            # What a decision made is held with it: an accepted candidate has its statement and term; a merged one
            # its term, the statement it joined and the candidate that statement came from; an undecided or
            # rejected one none of them.
            models.CheckConstraint(
                condition=~Q(status="accepted")
                | Q(statement__isnull=False, demand__isnull=False, merged_into__isnull=True),
                name="candidate_accepted_has_its_records",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged")
                | Q(statement__isnull=False, demand__isnull=False, merged_into__isnull=False),
                name="candidate_merged_has_its_records",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["proposed", "rejected"])
                | Q(statement__isnull=True, demand__isnull=True, merged_into__isnull=True),
                name="candidate_undecided_has_no_records",
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("id")), name="candidate_not_merged_into_itself"),
        ]

    def __str__(self):
        return f"{self.locator or 'Candidate'}: {self.quote[:80]}"
