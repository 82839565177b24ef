"""Where curators keep the record current. Every model keeps its history (django-simple-history):
who changed what and when, readable and revertible from each record's History page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Actor, Counterpart, Demand, Source, Statement, Topic

admin.site.site_header = "Ceasefire Positions — curation"
admin.site.site_title = "Ceasefire Positions"
admin.site.index_title = "Records"


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["position", "name", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "side", "parent", "role"]
    list_filter = ["side", "kind"]
    search_fields = ["name", "slug", "aliases", "role"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "published_on", "publisher"]
    search_fields = ["title", "slug", "publisher__name", "body"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["publisher", "cites"]
    prepopulated_fields = {"slug": ["title"]}


class DemandInline(admin.StackedInline):
    model = Demand
    extra = 0
    fields = ["slug", "party", "topic", "stance", "locator", "position", "paraphrase", "quote"]
    autocomplete_fields = ["party", "topic"]
    show_change_link = True


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "actor", "reported_by", "stated_on", "date_precision", "kind", "source"]
    list_filter = ["kind", "date_precision", "date_basis", "stated_on", "actor__side"]
    search_fields = ["title", "slug", "quote", "summary", "actor__name", "actor__aliases"]
    date_hierarchy = "stated_on"
    autocomplete_fields = ["actor", "reported_by", "source", "cited_source"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["actor", "reported_by", "source__publisher"]
    inlines = [DemandInline]


class CounterpartInline(admin.TabularInline):
    model = Counterpart
    fk_name = "demand"
    extra = 0
    autocomplete_fields = ["answer"]
    verbose_name = "answering term"
    verbose_name_plural = "answering terms (counterparts)"


@admin.register(Demand)
class DemandAdmin(SimpleHistoryAdmin):
    list_display = ["paraphrase", "party", "topic", "stance", "stated_on", "locator"]
    list_filter = ["party", "topic", "stance", "stated_on"]
    search_fields = ["paraphrase", "quote", "slug", "locator", "statement__actor__name", "statement__actor__aliases"]
    date_hierarchy = "stated_on"
    autocomplete_fields = ["party", "topic", "statement"]
    list_select_related = ["party", "topic"]
    readonly_fields = ["stated_on"]
    inlines = [CounterpartInline]


@admin.register(Counterpart)
class CounterpartAdmin(SimpleHistoryAdmin):
    list_display = ["demand", "relation", "answer", "note"]
    list_filter = ["relation"]
    search_fields = ["note", "demand__paraphrase", "answer__paraphrase"]
    autocomplete_fields = ["demand", "answer"]
    list_select_related = ["demand__party", "answer__party"]
