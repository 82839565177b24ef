"""The explorer's filter (django-filter) over its query form: the terms, their facet counts and their order.

The form is the page's whole query: its date range goes through the model's `stated_between` (undated records
never fall inside a range), the other filters apply as usual."""

from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, OuterRef, Q

from negotiations import search
from negotiations.explorer import described, facets, fetch
from negotiations.explorer.forms import DemandExplorerForm
from negotiations.models import Actor, Demand, Source, Stance, Statement, StatusChange, Topic
from negotiations.statuses import NO_LONGER_STANDING, TermStatus
from negotiations.web import widgets
from negotiations.web.forms import DateRangeFilterSet, MenuFilter

# A search is a handful of words: longer text, or more words (each an OR or AND for the database), only costs
# the database more, and one uncached request must stay cheap (see also the statement timeout in settings).
SEARCH_MAX_LENGTH = 200


SEARCH_MAX_WORDS = 8


# The Source menu's length; any other source is reached from its own page ("its terms in the explorer").
SOURCE_MENU_SIZE = 100


def few_enough_words(value):
    words = len(value.split())
    if words > SEARCH_MAX_WORDS:
        raise ValidationError(f"Search for {SEARCH_MAX_WORDS} words at most (this has {words}).")


class DemandFilter(DateRangeFilterSet):
    party = django_filters.ModelChoiceFilter(
        widget=widgets.Select,
        queryset=Actor.objects.parties(),
        to_field_name="slug",
        empty_label="Both parties",
        error_messages={"invalid_choice": "There is no party by that name: choose Russia or Ukraine."},
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        method="filter_topic",
        label="Topics",
        widget=widgets.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "There is no topic “%(value)s”. Choose from the list."},
    )
    stance = django_filters.ChoiceFilter(
        widget=widgets.Select,
        choices=Stance.choices,
        empty_label="Any stance",
        error_messages={"invalid_choice": "There is no stance “%(value)s”. Choose from the list."},
    )
    said_by = MenuFilter(
        widget=widgets.Select,
        method="filter_said_by",
        label="Said by",
        # Whoever made a statement, and the states and bodies they speak for (Russia takes in Putin's words).
        # An EXISTS per actor on statements alone, each an index probe: joining actors to statements to terms
        # multiplies the rows (with 100,000 terms it ran for minutes), asking only for statements that hold terms
        # cost 85 ms a page, and `pk IN (every statement's speaker)` hashed all 20,000 statements twice (39 ms on
        # PostgreSQL; 3.5 ms this way). The bodies are the parents of the actors found so, a list the database
        # makes once: an EXISTS per actor over its members' statements left the plan to the statistics, a join of
        # members to statements on every actor row (see test_query_plans). A speaker whose statements hold no
        # term shows a count of 0 in the facets.
        queryset=Actor.objects.filter(
            Exists(Statement.objects.filter(actor=OuterRef("pk")))
            | Q(pk__in=Actor.objects.filter(Exists(Statement.objects.filter(actor=OuterRef("pk")))).values("parent"))
        ),
        to_field_name="slug",
        empty_label="Anyone",
        error_messages={"invalid_choice": "There is no speaker by that name. Choose from the list."},
    )
    source = MenuFilter(
        widget=widgets.Select,
        label_columns=Source.LABEL_COLUMNS,
        label_of=Source.label,
        method="filter_source",
        label="Source",
        # A source's full text is megabytes at scale and no menu or filter reads it.
        queryset=Source.objects.select_related("publisher").defer("body"),
        to_field_name="slug",
        empty_label="Any source",
        error_messages={"invalid_choice": "There is no source by that name. Choose from the list."},
    )
    status = django_filters.MultipleChoiceFilter(
        choices=TermStatus.choices,
        method="filter_status",
        label="Status",
        widget=widgets.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "There is no status “%(value)s”. Choose from the list."},
    )
    q = django_filters.CharFilter(
        method="search",
        label="Words",
        max_length=SEARCH_MAX_LENGTH,
        validators=[few_enough_words],
        widget=forms.SearchInput(attrs={"placeholder": "neutrality, Zelensky, sanctions…"}),
    )

    class Meta:
        model = Demand
        fields = []
        form = DemandExplorerForm

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return queryset.filter(self.search_condition) if self.search_words else queryset.none()

    @property
    def as_of(self):
        """The day statuses are read on (`as_of`), or None for today's record: the filter, the counts, the rows'
        statuses, the exports and the feed all read this one."""
        return self.form.cleaned_data.get("as_of")

    def filter_queryset(self, queryset, *, leaving_out=()):
        """The other filters, then with `as_of` only the terms standing on that day (Demand.standing_on): a
        withdrawn or superseded term leaves the results from the day its change is known (statuses.py).
        `leaving_out` may name "standing": the terms known by that day, whatever their status since."""
        queryset = super().filter_queryset(queryset, leaving_out=leaving_out)
        if not self.as_of:
            return queryset
        return queryset.known_by(self.as_of) if "standing" in leaving_out else queryset.standing_on(self.as_of)

    def in_words(self):
        """The valid query in words (described.py): what its feed is titled and its exports are named after."""
        data = self.form.cleaned_data
        named = described.Named
        labels = {"stance": dict(Stance.choices), "status": dict(TermStatus.choices)}
        source = data.get("source")
        return described.in_words(
            party=data.get("party") and named(data["party"].name, data["party"].slug),
            topics=[named(topic.name, topic.slug) for topic in data.get("topic") or ()],
            stance=data.get("stance") and named(labels["stance"][data["stance"]], data["stance"]),
            statuses=[named(labels["status"][value], value) for value in data.get("status") or ()],
            said_by=data.get("said_by") and named(data["said_by"].name, data["said_by"].slug),
            source=source and named(f"{source.publisher.name}, “{source.title}”", source.slug),
            as_of=self.as_of,
            q=data.get("q") or "",
            date_range=self.form.date_range,
        )

    def filter_status(self, queryset, name, statuses):
        """The terms whose status is one of those chosen: on `as_of` when given, else today."""
        return queryset.with_status_of(statuses, self.as_of)

    def filter_topic(self, queryset, name, topics):
        """By the terms' own topic column: django-filter's own filter joined the topics and made the page DISTINCT,
        which sorted every matching term (about 120 ms for a party and a topic at 100,000 terms)."""
        return queryset.filter(topic__in=[topic.pk for topic in topics]) if topics else queryset  # none chosen: all

    def filter_said_by(self, queryset, name, actor):
        return queryset.said_by(actor)

    def filter_source(self, queryset, name, source):
        return queryset.from_source(source)

    # The menus whose options are records (the topics are checkboxes): read once per data version.
    MENUS = ("party", "said_by", "source", "topic")

    def narrow_menus(self):
        """After validation (which looks up only the chosen record), the menus' options: each menu's read once per
        data version (fetch.MenuChoices) as plain pairs, not a query and a row per option every render (about 5
        ms of a cold page at 100,000 terms). The Source menu offers the latest few and the chosen one: a menu of
        every source is thousands of options at scale, most of a cold page's render time."""
        field = self.form.fields["source"]
        field.queryset = (
            Source.objects.select_related("publisher")
            .defer("body")
            .order_by(F("published_on").desc(nulls_last=True), "title")[:SOURCE_MENU_SIZE]
        )
        chosen = self.form.cleaned_data.get("source") if self.is_valid() else None
        also = [(chosen.slug, Source.label(chosen.publisher.name, chosen.title, chosen.published_on))] if chosen else []
        for name in self.MENUS:  # what the menus show (their widgets'); the fields still validate by their queryset
            menu = self.form.fields[name]
            menu.widget.choices = fetch.MenuChoices(name, self.data_version, menu, also if name == "source" else ())

    # The data version the search's spellings are read at (fetch.variant_table): the views set it from the
    # request's; without one (a filter made outside a request) they are read afresh.
    data_version = None

    @cached_property
    def typed_words(self):
        """The words typed (search.words_of), read once a request."""
        return search.words_of(self.form.cleaned_data.get("q") or "")

    @cached_property
    def search_words(self):
        """The words searched for, each with its other spellings (search.variants_of), read once a request: the
        query, the view and the highlighting all take this list."""
        if not self.typed_words:
            return []
        table = fetch.read_variant_table() if self.data_version is None else fetch.variant_table(self.data_version)
        return [search.variants_of(word, table) for word in self.typed_words]

    @cached_property
    def search_condition(self):
        """The search as one condition (DemandQuerySet.search_condition), read once a request: the page and both
        counts apply it, and a rare word's terms are looked up once, not three times. Its terms are listed within
        the date range, which the page and both counts keep (a broad word in a month: 110 ids read, not 6,000)."""
        date_range = self.form.date_range
        return Demand.objects.stated_between(date_range.start, date_range.end).search_condition(self.search_words)

    def counts(self):
        """Each facet's values with how many terms each would give, the other filters applied, and how many terms
        the whole filter gives (the paginator's count), in two aggregates over the terms alone (issue 25: the speaker
        and today's status are copied onto each term): the terms per party, topic, stance and today's status (summed
        in Python for each facet and the count, facets.py), and per speaker. One aggregate by speaker as well returned
        a cell per term or so (a couple of hundred speakers) and cost as much again in Python. With no filter but the
        facets', both are the whole record's, computed once per data version (whole_record). The facets' links start
        from the page's own view state (`form.state`)."""
        names = facets.cell_facets(self.as_of)
        cells = self.whole_record(
            "cells" + "+".join(names),
            self.filter_queryset(self.queryset.all(), leaving_out=names),
            [facets.DIMENSIONS[name] for name in names],
        )
        tests = facets.choices_test(self.chosen_cells(names))
        per_facet = {name: facets.counts_by(cells, name, tests) for name in names}
        result_count = facets.total(cells, tests)
        per_speaker = self.counts_per_speaker()
        actor_slugs, actor_names, parents = actors_of(set(per_facet["party"]) | set(per_speaker), self.data_version)
        topic_slugs, topic_names = topics_of(set(per_facet["topic"]), self.data_version)
        chosen = self.form.cleaned_data
        shown = [
            facets.by_party(by_slug(per_facet["party"], actor_slugs), actor_names, chosen.get("party")),
            facets.by_topic(by_slug(per_facet["topic"], topic_slugs), topic_names, chosen.get("topic")),
            facets.by_stance(per_facet["stance"], dict(Stance.choices), chosen.get("stance")),
            facets.by_status(*self.status_counts(per_facet, result_count), chosen.get("status") or ()),
            facets.by_speaker(by_slug(per_speaker, actor_slugs), actor_names, parents, chosen.get("said_by")),
        ]
        return facets.with_links(shown, self.form.state), result_count

    def whole_record(self, name, terms, columns):
        """`terms` counted per value of `columns` (DemandQuerySet.facet_counts), as a list of rows. When nothing
        narrows them, they are the whole record's: the same for every request of a data version, so computed once
        per version (fetch.per_version_rows) instead of aggregating every term per request."""
        if terms.query.has_filters():
            return list(terms.facet_counts(*columns))
        return fetch.per_version_rows(f"explorer-{name}", self.data_version, lambda: terms.facet_counts(*columns))

    def status_counts(self, per_facet, result_count):
        """(the terms per recorded status, how many terms were counted) for facets.by_status: today's from the
        cells; on an `as_of` day from the recorded changes (counts_per_status)."""
        if "status" not in per_facet:
            return self.counts_per_status(result_count)
        counts = per_facet["status"]
        recorded = {status: count for status, count in counts.items() if status != TermStatus.PUT_FORWARD}
        return recorded, sum(counts.values())

    def counts_per_status(self, result_count):
        """On an `as_of` day: the terms per status on that day and how many terms there are, the other filters
        applied. The status table is small: the terms' latest changes by then (StatusChange.latest_by) joined to
        the filtered terms are counted per status in one aggregate, and the rest are put forward
        (facets.by_status), never a subquery per term. Without a status chosen, the terms are the page's own
        (`result_count`, read from the cells); with one chosen, they are counted once more without it. Whether a
        term still stands is read from the same latest changes, not again per term (at 100,000 terms and 6,663
        changes on PostgreSQL, 138 -> 25 ms)."""
        if self.form.cleaned_data.get("status"):
            result_count = self.filter_queryset(self.queryset.all(), leaving_out=["status"]).order_by().count()
        terms = self.filter_queryset(self.queryset.all(), leaving_out=["status", "standing"])
        changes = StatusChange.objects.latest_by(self.as_of).exclude(status__in=NO_LONGER_STANDING)
        if terms.query.has_filters():
            changes = changes.filter(demand__in=terms.order_by().values("pk"))
        rows = changes.order_by().values("status").annotate(count=Count("*"))
        return {row["status"]: row["count"] for row in rows}, result_count

    def chosen_cells(self, names):
        """The choices of the facets in `names`, as the values of the cells' columns (primary keys, stances,
        statuses)."""
        chosen = self.form.cleaned_data
        choices = {
            "party": {chosen["party"].pk} if chosen.get("party") else set(),
            "topic": {topic.pk for topic in chosen.get("topic") or []},
            "stance": {chosen["stance"]} if chosen.get("stance") else set(),
            "status": set(chosen.get("status") or ()),
        }
        return {name: choices[name] for name in names}

    def counts_per_speaker(self):
        """The terms per speaker's primary key (the copy on each term, Demand.speaker), the other filters applied."""
        rows = self.whole_record(
            "speakers", self.filter_queryset(self.queryset.all(), leaving_out=["said_by"]), ["speaker_id"]
        )
        return {row["speaker_id"]: row["count"] for row in rows}

    def ordered(self):
        """The page's terms in its order. A term standing on `as_of` was placed by then (its place is never after
        the day it is known by, statuses.known_by): said, the newest-first walk starts at that day instead of
        stepping over every term placed after it."""
        date_range = self.form.date_range
        end = min(filter(None, [date_range.end, self.as_of]), default=None)
        demands = self.qs.placed_within(date_range.start, end)
        return demands.oldest_first() if self.form.cleaned_data["sort"] == "oldest" else demands.newest_first()


def by_slug(counts, slugs):
    """Counts per primary key as counts per slug, the key the facets and the URL use."""
    return {slugs[pk]: count for pk, count in counts.items()}


def actors_of(pks, version=None):
    """The actors' slugs by primary key, and by slug their names (their bodies' too) and their bodies' slugs.
    Read as plain rows, every actor's once per data version (fetch.per_version_rows; a few hundred)."""
    rows = fetch.per_version_rows(
        "explorer-actors",
        version,
        lambda: Actor.objects.values_list("pk", "slug", "name", "parent__slug", "parent__name"),
    )
    slugs, names, parents = {}, {}, {}
    for pk, slug, name, parent, parent_name in rows:
        if pk in pks:
            slugs[pk], names[slug], parents[slug] = slug, name, parent
            if parent:
                names.setdefault(parent, parent_name)
    return slugs, names, parents


def topics_of(pks, version=None):
    """The topics' slugs by primary key, and their names by slug in the codebook's order (every topic's read once
    per data version)."""
    rows = fetch.per_version_rows(
        "explorer-topics", version, lambda: Topic.objects.order_by("position", "pk").values_list("pk", "slug", "name")
    )
    chosen = [(pk, slug, name) for pk, slug, name in rows if pk in pks]
    return {pk: slug for pk, slug, _ in chosen}, {slug: name for _, slug, name in chosen}
