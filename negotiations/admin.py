"""Where curators keep the record current. Every model keeps its history (django-simple-history):
who changed what and when, readable and revertible from each record's History page."""

import json

from concurrency.admin import ConcurrencyActionMixin, ConcurrentModelAdmin
from concurrency.config import CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import NestedObjects, quote
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.forms.models import InlineForeignKeyField, model_to_dict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst, get_text_list
from simple_history.admin import SimpleHistoryAdmin

from negotiations.models import (
    PUBLIC_RECORDS,
    REDACTED,
    Actor,
    Counterpart,
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

admin.site.site_header = "Ceasefire Positions — curation"
admin.site.site_title = "Ceasefire Positions"
admin.site.index_title = "Records"


# Posted with every versioned form, and no field of the record.
BOOKKEEPING = {"original", "change_reason"}
# simple-history's column for it (history_change_reason) holds 100 characters.
REASON_LENGTH = 100


def comparable(form_field, value):
    """A field's value as its form shows it, as a string that compares equal for the same value: a form's initial
    value, a record's and a curator's posted (cleaned) value of one field compare alike."""
    value = form_field.prepare_value(value)
    if isinstance(value, list | tuple):
        value = sorted(str(item) for item in value)
    elif value is None:
        value = ""
    elif isinstance(value, str):
        value = value.replace("\r\n", "\n")  # a browser posts a textarea's lines with CRLF
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True)


def shown(form_field, value, limit=300):
    """A value as a curator reads it beside their own: the name of the record chosen, a choice's label."""
    if isinstance(form_field, forms.ModelMultipleChoiceField):
        text = ", ".join(str(item) for item in value or [])
    elif isinstance(form_field, forms.ModelChoiceField):
        text = str(form_field.queryset.filter(pk=value).first() or "") if value is not None else ""
    elif getattr(form_field, "choices", None):
        text = str(dict(form_field.choices).get(value, value))
    else:
        text = "" if value is None else str(value)
    text = text or "(empty)"
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters; the History page has it all)"


def as_posted(form_field, value):
    """A record's value as a browser posts it for `form_field`'s widget (a list for a multiple choice)."""
    value = form_field.prepare_value(value)
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return "" if value is None else str(value)


class VersionedForm(forms.ModelForm):
    """Optimistic concurrency for two curators editing one record (django-concurrency's version field).

    The form carries the record's version, and a signed copy of the values it was opened with. A save from a form
    opened before someone else's is merged field by field (a three-way merge of the values opened with, the
    record as saved meanwhile and the curator's input): what only the other curator changed is kept, what only
    this one changed is saved. Where both changed a field differently, the save is refused, the other's value is
    shown beside the curator's, whose input stays in the form, now carrying the current version: saving again
    keeps it. django-concurrency's conditional UPDATE still refuses a save that races past this check.
    """

    original = forms.CharField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Reason for this change (public)",
        max_length=REASON_LENGTH,
        required=False,
        help_text="Optional. Shown in the History and, on the public record of changes, as the reason for the "
        "correction: say why (“Quote checked against the memorandum”), never who.",
    )
    # A record's own page may be a revert to an old copy (simple-history): it starts from the current version.
    opens_old_copies = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_theirs = []  # the labels of the fields another curator changed meanwhile, kept in a merge
        if self.instance._state.adding or self.is_bound:
            return
        opened_with = self.instance
        if self.opens_old_copies:
            current = self.current_version()
            if current is not None and current != getattr(self.instance, self.version_name):
                # An old copy, to revert to: the merge's starting point is the record as it stands.
                opened_with = type(self.instance)._default_manager.get(pk=self.instance.pk)
            self.initial[self.version_name] = current
        # Signed when the form is rendered, not now: an inline formset swaps the parent's key for a hidden field
        # after __init__, and a field read here keeps its first form (the parent's full menu, drawn in each row).
        self.initial["original"] = lambda: self.signed(self.values_of(opened_with))

    @property
    def version_name(self):
        return self.instance._concurrencymeta.field.name

    def current_version(self, lock=False):
        records = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        # Locked until the admin's transaction ends, so a concurrent save waits and then sees the new version.
        return (records.select_for_update() if lock else records).values_list(self.version_name, flat=True).first()

    @cached_property
    def changed_data(self):
        # `original` is bookkeeping, posted with every form, and never in a bound form's initial: counted as a
        # change, every unchanged inline row was saved again, writing a "Changed" history row with no change.
        return [name for name in super().changed_data if name not in BOOKKEEPING]

    def compared(self):
        """The record's own fields on the form: those its admin declares (Meta.fields), less the parent's key. An
        inline row's form also holds its formset's bookkeeping (the row's id, its Delete box, the parent's key),
        which reads differently once posted and was named as changed by someone else when nobody had touched it."""
        declared = self._meta.fields if isinstance(self._meta.fields, list | tuple) else self.fields
        return [
            name
            for name in declared
            if name in self.fields
            and name not in {self.version_name, *BOOKKEEPING}
            and not isinstance(self.fields[name], InlineForeignKeyField)
        ]

    def values_of(self, record):
        """The record's values of the compared fields, as comparable strings."""
        values = model_to_dict(record, fields=self.compared())
        return {name: comparable(self.fields[name], values.get(name)) for name in self.compared()}

    @staticmethod
    def signed(values):
        return signing.dumps(values, salt="admin-original")

    def opened_values(self):
        """The values the form was opened with (None when the posted copy is missing or forged)."""
        try:
            return signing.loads(self.data.get(self.add_prefix("original"), ""), salt="admin-original")
        except signing.BadSignature:
            return None

    def clean(self):
        cleaned_data = super().clean()
        if self.instance._state.adding or self.version_name not in cleaned_data:
            return cleaned_data
        current = self.current_version(lock=True)
        if self.add_prefix(self.version_name) not in self.data:
            # Not posted from our form (a script, an old test): last write wins, as before versions existed.
            cleaned_data[self.version_name] = current
            setattr(self.instance, self.version_name, current)
        elif current is not None and current != cleaned_data[self.version_name] and not self.errors:
            self.merge(cleaned_data, current)
        return cleaned_data

    def merge(self, cleaned_data, current):
        """Another curator saved since this form was opened: keep their changes and this one's, or refuse where
        both changed one field differently."""
        opened = self.opened_values()
        self.instance.refresh_from_db()  # the record as saved meanwhile, read under the version's lock
        now = self.values_of(self.instance)
        mine = {name: comparable(self.fields[name], cleaned_data.get(name)) for name in now}
        if opened is None:
            # Without the values it was opened with (a forged or truncated form), any difference is a clash.
            opened = dict.fromkeys(now)
        theirs = [name for name in now if opened.get(name, now[name]) != now[name]]
        changed = {name for name in now if mine[name] != opened.get(name, now[name])}
        clashes = [name for name in theirs if name in changed and mine[name] != now[name]]
        self.show_merged(now, current, [name for name in theirs if name not in changed])
        if clashes:
            self.refuse_clashes(clashes, theirs if None not in opened.values() else [])
        for name in theirs:
            cleaned_data.pop(name, None)  # theirs, or the same as theirs: the record keeps it
        self.kept_theirs = [self.label_of(name) for name in theirs if name not in changed]
        cleaned_data[self.version_name] = current
        setattr(self.instance, self.version_name, current)

    def show_merged(self, now, current, theirs_only):
        """Should the form be shown again (a clash, or any other error on the page), it shows the merge: the other
        curator's values where only they changed a field, this curator's input elsewhere, and the current version
        with the values it has, so that a second save after review is taken as made from the record as it is."""
        data = self.data.copy()
        record = model_to_dict(self.instance, fields=theirs_only)
        for name in theirs_only:
            posted = as_posted(self.fields[name], record.get(name))
            if isinstance(posted, list):
                data.setlist(self[name].html_name, posted)
            else:
                data[self[name].html_name] = posted
        data[self.add_prefix(self.version_name)] = str(self.fields[self.version_name].prepare_value(current))
        data[self.add_prefix("original")] = self.signed(now)
        self.data = data

    def refuse_clashes(self, clashes, theirs):
        """Their value beside each field both changed; the form keeps this curator's input (show_merged)."""
        record = model_to_dict(self.instance, fields=clashes)
        for name in clashes:
            theirs_shown = shown(self.fields[name], record.get(name))
            self.add_error(
                name,
                ValidationError(
                    f"Another curator saved this meanwhile: “{theirs_shown}”. Yours is below: save again to keep it, "
                    "or change it.",
                    code="changed-meanwhile",
                ),
            )
        both = get_text_list([self.label_of(name) for name in clashes], "and")
        changing = f", changing {self.labels(theirs)}" if theirs else ""
        raise ValidationError(
            f"Someone else saved this record after you opened it{changing}. You both changed {both}: their value "
            "is shown beside yours. Nothing was saved yet; your input is still in the form, with their other "
            "changes taken in. Save again to keep yours.",
            code="changed-meanwhile",
        )

    def label_of(self, name):
        return str(self.fields[name].label or name)

    def labels(self, names):
        return get_text_list([self.label_of(name) for name in names], "and") if names else "this record"


class VersionedInlineForm(VersionedForm):
    change_reason = None  # the page's reason is asked once, on the record's own form, and given to its rows
    # Inline rows are read afresh with their parent: their own version is current, no query per row.
    opens_old_copies = False


def reason_given(form):
    """The curator's reason for a save, or None (no reason: simple-history's own default)."""
    return (getattr(form, "cleaned_data", {}).get("change_reason") or "").strip() or None


class VersionedAdmin(ConcurrentModelAdmin, SimpleHistoryAdmin):
    form = VersionedForm
    # ConcurrentModelAdmin.save_model swallows a refused UPDATE of the record itself under any other policy: the
    # curator's save would be lost behind a "saved" message. Raised, it is the 409 (middleware.py).
    list_editable_policy = CONCURRENCY_LIST_EDITABLE_POLICY_ABORT_ALL

    def save_model(self, request, obj, form, change):
        obj._change_reason = reason_given(form)  # simple-history's history_change_reason
        super().save_model(request, obj, form, change)
        if getattr(form, "kept_theirs", None):
            kept = get_text_list(form.kept_theirs, "and")
            messages.info(request, f"Another curator had saved {kept} meanwhile: their changes were kept with yours.")

    def response_action(self, request, queryset, action_location=ActionLocation.CHANGE_LIST):
        # django-concurrency's own (which checks each selected row's version) predates the argument Django 6.1
        # passes: every action of a change list, "Delete selected" included, was a TypeError.
        if action_location == ActionLocation.CHANGE_LIST:
            return ConcurrencyActionMixin.response_action(self, request, queryset)
        return admin.ModelAdmin.response_action(self, request, queryset, action_location)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:  # the rows changed, added or deleted with the record, for the same reason
            row.instance._change_reason = reason_given(form)
        super().save_formset(request, form, formset, change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert saves through the edit's form, whose version check locks the row: like Django's own change view,
        # the request runs in one transaction (PostgreSQL refuses a row lock outside one; SQLite has none to refuse).
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class VersionedInlineMixin:
    form = VersionedInlineForm


class PartyFilter(admin.RelatedFieldListFilter):
    """ "By party": the negotiating parties only. A term's party may be any state (limit_choices_to), so the default
    list offered Hungary, Serbia and the United States, who hold no term."""

    def field_choices(self, field, request, model_admin):
        return [(actor.pk, str(actor)) for actor in Actor.objects.parties().order_by("name")]


@admin.register(Topic)
class TopicAdmin(VersionedAdmin):
    list_display = ["position", "name", "slug"]
    list_display_links = ["name"]
    search_fields = ["name", "slug", "description", "keywords"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Actor)
class ActorAdmin(VersionedAdmin):
    list_display = ["name", "kind", "side", "parent", "role"]
    list_filter = ["side", "kind"]
    search_fields = ["name", "slug", "aliases", "role"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """An exact name first, then names that begin with the words, then the rest: typing “Ukraine” must
        offer Ukraine before Andrii Sybiha (whose role mentions it), since Enter takes the first."""
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if term:
            queryset = queryset.annotate(
                search_rank=Case(
                    When(name__iexact=term, then=Value(0)),
                    When(Q(name__istartswith=term) | Q(slug__iexact=term), then=Value(1)),
                    When(aliases__icontains=term, then=Value(2)),
                    default=Value(3),
                    output_field=IntegerField(),
                )
            ).order_by("search_rank", "name")
        return queryset, may_have_duplicates


@admin.register(Source)
class SourceAdmin(VersionedAdmin):
    list_display = ["title", "publisher", "kind", "published_on"]
    list_filter = ["kind", "published_on", "publisher"]
    search_fields = ["title", "slug", "publisher__name", "body"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["publisher", "cites"]
    prepopulated_fields = {"slug": ["title"]}


class DemandInline(VersionedInlineMixin, admin.StackedInline):
    model = Demand
    extra = 0
    fields = [
        "slug",
        "party",
        "topic",
        "stance",
        "locator",
        "position",
        "paraphrase",
        "quote",
        "wording",
        "version",
        "original",
    ]
    autocomplete_fields = ["party", "topic"]
    prepopulated_fields = {"slug": ["paraphrase"]}
    show_change_link = True


def deletion_line(obj, request, admin_site, perms_needed):
    """One line of a delete confirmation, as Django's own (admin.utils.get_deleted_objects): the record, linked to
    its change page, and the permission to delete it noted when the curator lacks it."""
    opts = obj._meta
    if not admin_site.is_registered(type(obj)):
        return f"{capfirst(opts.verbose_name)}: {obj}"
    if not admin_site.get_model_admin(type(obj)).has_delete_permission(request, obj):
        perms_needed.add(opts.verbose_name)
    url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[quote(obj.pk)])
    return format_html('{}: <a href="{}">{}</a>', capfirst(opts.verbose_name), url, str(obj))


def deleted_with_terms(statements, request, admin_site):
    """What deleting statements takes with it, for one confirmation page: each statement, and under it its terms
    (with their links to other terms and their former addresses) and its own former addresses. The terms, which
    the database protects from a statement's delete (Demand.statement is PROTECT), are not what stops it; what
    else protects the statement (the home page's comparison) still does. As get_deleted_objects answers."""
    collector = NestedObjects(using=router.db_for_write(Statement), origin=statements)
    terms = Demand.objects.filter(statement__in=statements).select_related("statement", "party")
    collector.collect(terms, source=Statement, source_attr="statement")
    collector.collect(statements)
    perms_needed = set()
    to_delete = collector.nested(lambda obj: deletion_line(obj, request, admin_site, perms_needed))
    going = {statement.pk for statement in statements}
    protected = [
        deletion_line(obj, request, admin_site, set())
        for obj in collector.protected
        if not (isinstance(obj, Demand) and obj.statement_id in going)
    ]
    model_count = {model._meta.verbose_name_plural: len(objs) for model, objs in collector.model_objs.items()}
    return to_delete, model_count, perms_needed, protected


@admin.register(Statement)
class StatementAdmin(VersionedAdmin):
    list_display = ["title", "actor", "reported_by", "stated_on", "date_precision", "kind", "source"]
    list_filter = ["kind", "wording", "date_precision", "date_basis", "stated_on", "actor__side"]
    search_fields = ["title", "slug", "quote", "summary", "actor__name", "actor__aliases"]
    date_hierarchy = "stated_on"
    autocomplete_fields = ["actor", "reported_by", "source", "cited_source"]
    prepopulated_fields = {"slug": ["title"]}
    list_select_related = ["actor", "reported_by", "source__publisher"]
    inlines = [DemandInline]

    # A statement goes with its terms, after one confirmation that lists them (deleted_with_terms): the database
    # still refuses a statement's delete that leaves its terms behind, so the cascade is done here, in one
    # transaction, the terms first. Each record's delete writes its history row: /changes/ lists every removal,
    # and each removed address answers with its tombstone.
    def get_deleted_objects(self, objs, request):
        return deleted_with_terms(list(objs), request, self.admin_site)

    def delete_model(self, request, obj):
        self.delete_queryset(request, Statement.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        with transaction.atomic(using=router.db_for_write(Statement)):
            terms = Demand.objects.filter(statement__in=queryset)
            self.admin_site.get_model_admin(Demand).log_deletions(request, terms)
            terms.delete()
            queryset.delete()


class CounterpartInline(VersionedInlineMixin, admin.TabularInline):
    model = Counterpart
    fk_name = "demand"
    extra = 0
    autocomplete_fields = ["answer"]
    verbose_name = "answering term"
    verbose_name_plural = "answering terms (counterparts)"


class StatusChangeInline(VersionedInlineMixin, admin.StackedInline):
    """A term's status over time: each change after its own statement put it forward, with the statement that
    evidences it (codebook.STATUS_RULE). The model's clean() checks the quote against the evidence's source text
    and that a replacing term is the same party's; its date is the evidence's, copied on save."""

    model = StatusChange
    fk_name = "demand"
    extra = 0
    fields = ["status", "evidence", "quote", "superseded_by", "note", "version", "original"]
    autocomplete_fields = ["evidence", "superseded_by"]
    verbose_name = "status change"
    verbose_name_plural = "status over time (put forward by its own statement; record each later change)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in STATUS_HELP:
            formfield.help_text = STATUS_HELP[db_field.name]
        return formfield


# What a curator reads beside each field of a status change: the rule for choosing it (codebook.STATUS_RULE).
STATUS_HELP = {
    "status": (
        "Only what a text shows: countered needs the other party's answer; agreed, both parties' agreement as the "
        "text reports it; superseded, the same party's later term (below). The codebook on /about/ defines each."
    ),
    "evidence": "The statement that shows the change: its date, under the date rule, is the change's.",
    "quote": "Verbatim from the evidence's source text: the words that show the change.",
    "superseded_by": "Only for “superseded”: the later term of the same party that replaces this one.",
    "note": "One neutral line, when the text is vague about the change (how far it goes, whose reading it is).",
}


@admin.register(Demand)
class DemandAdmin(VersionedAdmin):
    list_display = ["paraphrase", "party", "topic", "stance", "stated_on", "locator"]
    list_filter = [("party", PartyFilter), "topic", "stance", "wording", "stated_on"]
    search_fields = ["paraphrase", "quote", "slug", "locator", "statement__actor__name", "statement__actor__aliases"]
    date_hierarchy = "stated_on"
    autocomplete_fields = ["party", "topic", "statement"]
    list_select_related = ["party", "topic"]
    readonly_fields = ["stated_on"]
    prepopulated_fields = {"slug": ["paraphrase"]}
    inlines = [CounterpartInline, StatusChangeInline]


@admin.register(Counterpart)
class CounterpartAdmin(VersionedAdmin):
    list_display = ["demand", "relation", "answer", "note"]
    list_filter = ["relation", ("demand_party", PartyFilter)]
    search_fields = ["note", "demand__paraphrase", "answer__paraphrase"]
    autocomplete_fields = ["demand", "answer"]
    list_select_related = ["demand__party", "answer__party"]


@admin.register(StatusChange)
class StatusChangeAdmin(VersionedAdmin):
    """Every recorded change of a term's status, to find and review them; each term's page edits its own inline."""

    list_display = ["demand", "status", "evidence", "known_on"]
    list_filter = ["status", ("demand__party", PartyFilter), "known_on"]
    search_fields = ["quote", "note", "demand__paraphrase", "demand__slug", "evidence__title"]
    autocomplete_fields = ["demand", "evidence", "superseded_by"]
    list_select_related = ["demand", "evidence"]
    readonly_fields = ["known_on"]


@admin.register(FeaturedComparison)
class FeaturedComparisonAdmin(VersionedAdmin):
    """The home page's comparison: one row, chosen here; its History page keeps every earlier choice."""

    list_display = ["__str__", "left", "right", "note"]
    search_fields = ["left__title", "right__title", "note"]
    autocomplete_fields = ["left", "right"]
    list_select_related = ["left__actor", "right__actor"]

    def add_view(self, request, form_url="", extra_context=None):
        # One comparison is featured: once chosen it is changed, not added again. A form posted by a second
        # curator who opened "Add" before the first saved is answered by the model's clean(), with a message.
        current = FeaturedComparison.objects.first()
        if current is not None and request.method == "GET":
            messages.info(request, "A comparison is featured already: choose another here.")
            return redirect("admin:negotiations_featuredcomparison_change", current.pk)
        return super().add_view(request, form_url, extra_context)


@admin.register(SearchVariant)
class SearchVariantAdmin(VersionedAdmin):
    """The spellings a search treats as one word (Kyiv, Kiev): a change shows on the public search at once (it
    advances the data version, signals.py)."""

    list_display = ["word", "variants"]
    search_fields = ["word", "variants"]


class RedactionForm(forms.ModelForm):
    """The text to withdraw is asked for here and used once: it is stored nowhere, not even in the redaction."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        help_text="Exactly as it stands in the record or one of its past versions (copy it from the History page).",
    )

    class Meta:
        model = Redaction
        fields = ["record_kind", "record_id", "text", "note"]

    def clean(self):
        cleaned_data = super().clean()
        if self.errors:
            return cleaned_data
        try:
            # Withdrawn here, in the admin's transaction, so that a refusal is a form error and changes nothing.
            self.instance = Redaction.objects.withdraw(
                cleaned_data["record_kind"], cleaned_data["record_id"], cleaned_data["text"], cleaned_data["note"]
            )
            self.scrub_admin_log(cleaned_data["record_kind"], cleaned_data["record_id"], cleaned_data["text"])
        except ValidationError as refusal:
            self.add_error(None if not hasattr(refusal, "error_dict") else "text", refusal.messages)
        return cleaned_data

    @staticmethod
    def scrub_admin_log(record_kind, record_id, text):
        """The admin's own log names records as they were saved: curators should not read the text there either."""
        content_type = ContentType.objects.get_for_model(PUBLIC_RECORDS[record_kind])
        entries = LogEntry.objects.filter(content_type=content_type, object_id=str(record_id))
        for entry in entries.filter(object_repr__contains=text):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=entry.object_repr.replace(text, REDACTED))


@admin.register(Redaction)
class RedactionAdmin(admin.ModelAdmin):
    """Withdraw text from every version of a record: the public record of changes then says that part of an entry
    was redacted, when and why, and nothing of the text. A redaction cannot be changed or undone: the text is gone."""

    form = RedactionForm
    list_display = ["record_kind", "record_id", "redacted_at", "note", "versions_changed"]
    readonly_fields = ["redacted_at", "versions_changed"]

    def save_model(self, request, obj, form, change):
        pass  # form.clean() has withdrawn the text and saved the redaction, inside this request's transaction

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FormerSlug)
class FormerSlugAdmin(admin.ModelAdmin):
    """Old addresses and where they lead (a 301, web/moved.py). A rename in the admin adds its own row
    (signals.py); add one here for a term refiled as a statement, or merged into another record."""

    list_display = ["slug", "kind", "demand", "statement", "source"]
    list_filter = ["kind"]
    search_fields = ["slug", "demand__slug", "statement__slug", "source__slug"]
    autocomplete_fields = ["demand", "statement", "source"]


# Bringing a document in and reviewing the positions it proposes (issue 23): Intake's admin, in its own package.
import negotiations.intake.admin  # noqa: E402, F401
