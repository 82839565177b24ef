"""The explorer's filter (django-filter) over its query form: the terms, their facet counts and their order.

The form is the page's whole query: its date range goes through the model's `stated_between` (undated records
never fall inside a range), the other filters apply as usual."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, OuterRef, Q, Subquery

from negotiations.explorer import facets
from negotiations.explorer.forms import DemandExplorerForm
from negotiations.models import Actor, Demand, Source, Stance, Statement, Topic
from negotiations.web import widgets
from negotiations.web.filtering import DateRangeFilterSet, MenuFilter

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
        field_name="topic__slug",
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
        # PostgreSQL; 3.5 ms this way). A speaker whose statements hold no term shows a count of 0 in the facets.
        queryset=Actor.objects.filter(
            Exists(Statement.objects.filter(actor=OuterRef("pk")))
            | Exists(Statement.objects.filter(actor__parent=OuterRef("pk")))
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
        return queryset.matching(value) if value.strip() else queryset

    def filter_said_by(self, queryset, name, actor):
        return queryset.said_by(actor)

    def filter_source(self, queryset, name, source):
        return queryset.from_source(source)

    def narrow_menus(self):
        """After validation (which accepts any source), the Source menu offers the latest few and the chosen
        one: a menu of every source is thousands of options at scale, most of a cold page's render time."""
        field = self.form.fields["source"]
        chosen = self.form.cleaned_data.get("source") if self.is_valid() else None
        latest = Source.objects.order_by(F("published_on").desc(nulls_last=True), "pk")[:SOURCE_MENU_SIZE]
        wanted = Q(pk__in=Subquery(latest.values("pk"))) | Q(pk=getattr(chosen, "pk", None))
        field.queryset = (
            Source.objects.select_related("publisher")
            .defer("body")
            .filter(wanted)
            .order_by(F("published_on").desc(nulls_last=True), "title")
        )

    def counts(self):
        """Each facet's values with how many terms each would give, the other filters applied (as Datasette
        counts), and how many terms the whole filter gives (the paginator's count), in two aggregates: the terms
        per party, topic and stance (summed in Python for three facets and the count, facets.py), and per
        speaker. At 100,000 terms a COUNT and an aggregate per facet took about 75 ms of a cold /demands/ page on
        PostgreSQL; one aggregate by all four returned a cell per term or so (a couple of hundred speakers) and
        cost as much again in Python."""
        chosen = self.form.cleaned_data
        cells = list(
            self.filter_queryset(self.queryset.all(), leaving_out=facets.DIMENSIONS).facet_counts(
                *facets.DIMENSIONS.values()
            )
        )
        # The range said of the statements too (a term's date is its statement's, Demand.save): the join then
        # reads the range's statements from their date index instead of hashing all of them (at 100,000 terms
        # on PostgreSQL, 34 -> 21 ms).
        date_range = self.form.date_range
        by_speaker = list(
            self.filter_queryset(self.queryset.all(), leaving_out=["said_by"])
            .stated_between(date_range.start, date_range.end, date="statement__stated_on")
            .facet_counts("statement__actor_id")
        )
        # Names as plain rows: a model instance per speaker (and its parent) cost more than the aggregates.
        actors = {
            actor["pk"]: actor
            for actor in Actor.objects.filter(
                pk__in={cell["party_id"] for cell in cells} | {row["statement__actor_id"] for row in by_speaker}
            ).values("pk", "slug", "name", "parent__slug", "parent__name")
        }
        topics = {
            topic["pk"]: topic
            for topic in Topic.objects.filter(pk__in={cell["topic_id"] for cell in cells}).values(
                "pk", "slug", "name", "position"
            )
        }
        tests = facets.choices_test(
            {
                "party": {chosen["party"].pk} if chosen.get("party") else set(),
                "topic": {topic.pk for topic in chosen.get("topic") or []},
                "stance": {chosen["stance"]} if chosen.get("stance") else set(),
            }
        )

        def counted(name):
            return facets.counts_by(cells, name, tests).items()

        def speaker(pk):
            actor = actors[pk]
            return {
                "statement__actor__slug": actor["slug"],
                "statement__actor__name": actor["name"],
                "statement__actor__parent__slug": actor["parent__slug"],
                "statement__actor__parent__name": actor["parent__name"],
            }

        party_rows = [
            {"party__slug": actors[pk]["slug"], "party__name": actors[pk]["name"], "count": n}
            for pk, n in counted("party")
        ]
        topic_rows = [
            {"topic__slug": topics[pk]["slug"], "topic__name": topics[pk]["name"],
             "topic__position": topics[pk]["position"], "count": n}
            for pk, n in counted("topic")
        ]  # fmt: skip
        stance_rows = [{"stance": stance, "count": n} for stance, n in counted("stance")]
        speaker_rows = [{**speaker(row["statement__actor_id"]), "count": row["count"]} for row in by_speaker]
        shown = facets.with_links(
            [
                facets.by_party(party_rows, chosen.get("party")),
                facets.by_topic(topic_rows, chosen.get("topic")),
                facets.by_stance(stance_rows, dict(Stance.choices), chosen.get("stance")),
                facets.by_speaker(speaker_rows, chosen.get("said_by")),
            ],
            self.form.canonical(),
        )
        return shown, facets.total(cells, tests)

    def ordered(self):
        demands = self.qs
        return demands.oldest_first() if self.form.cleaned_data["sort"] == "oldest" else demands.newest_first()
