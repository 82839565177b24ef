"""The curator's side of intake, in the admin: “Bring in a document” (Intake's add page: paste or upload, the text
extracted at once, its positions proposed in the background), then one review page per document (Intake's change
page): the Source's fields prefilled and editable, the cleaned text and what was cut, and the candidates in text
order, each highlighted in its paragraph, to accept, edit then accept, merge or reject. Plain forms, POST then
redirect: it all works without JavaScript; the page refreshes itself while proposing runs."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.forms import RadioSelect, Select
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from negotiations.codebook import RELATION_RULE, RELATIONS
from negotiations.intake import extraction, fetch, review
from negotiations.intake.forms import BringInForm, CandidateForm, SourceChoiceForm, candidate_menus
from negotiations.intake.matching import sources_matching
from negotiations.intake.tasks import enqueue_proposing
from negotiations.models import Candidate, Intake, Source

SOURCE_FIELDS = ["title", "slug", "publisher", "kind", "published_on", "url"]
SOURCES_IN_THE_MENU = 200  # the plain menu of any Source, newest first: a menu, not a search


def in_its_paragraph(body, start, end):
    """The paragraph holding body[start:end], cut around it: (before, the span, after), for a <mark>."""
    opens = body.rfind("\n", 0, start) + 1
    closes = body.find("\n", end)
    closes = len(body) if closes < 0 else closes
    return body[opens:start], body[start:end], body[end:closes]


def decision_asked(post):
    """Which button the curator pressed: ("accept" | "reject", candidate id), ("merge", [ids]) or ("save", None)."""
    for action in ("accept", "reject"):
        if post.get(action, "").isdigit():
            return action, int(post[action])
    if "merge_chosen" in post:
        return "merge", [int(pk) for pk in post.getlist("merge") if pk.isdigit()]
    return "save", None


@admin.register(Intake)
class IntakeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "progress", "source", "created_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "publisher_name", "url"]
    list_select_related = ["source__publisher", "created_by"]

    @admin.display(description="candidates proposed")
    def progress(self, intake):
        return f"{intake.progress_done} of {intake.progress_total}"

    def get_urls(self):
        return [
            path("<int:intake_id>/source/", self.admin_site.admin_view(self.source_view), name="intake_source"),
            path(
                "<int:intake_id>/use-source/",
                self.admin_site.admin_view(self.use_source_view),
                name="intake_use_source",
            ),
            path("<int:intake_id>/propose/", self.admin_site.admin_view(self.propose_view), name="intake_propose"),
            *super().get_urls(),
        ]

    def context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **extra}

    def review_url(self, intake, anchor=""):
        return reverse("admin:negotiations_intake_change", args=[intake.pk]) + anchor

    # --- Bring in a document --------------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = BringInForm(request.POST, request.FILES) if request.method == "POST" else BringInForm()
        if form.is_bound and form.is_valid():
            intake = self.bring_in(request, form)
            if intake is not None:
                messages.success(request, f"{intake}: brought in. Its positions are being proposed.")
                return redirect(self.review_url(intake))
        return TemplateResponse(
            request, "admin/intake/bring_in.html", self.context(request, form=form, title="Bring in a document")
        )

    def bring_in(self, request, form):
        raw, is_html = form.cleaned_data["raw"], form.cleaned_data["is_html"]
        try:
            found = extraction.extract(raw, is_html=is_html)
        except Exception as error:  # a page the extraction cannot read is the curator's to hear about, not a 500
            form.add_error(None, f"The text could not be read ({type(error).__name__}: {error}).")
            return None
        if not found.text.strip():
            form.add_error(None, "No main text was found in it: paste the article's text itself.")
            return None
        with transaction.atomic():
            intake = Intake.objects.create(
                raw=raw,
                is_html=is_html,
                body=found.text,
                cut=list(found.cut),
                title=(found.title or "")[:400],
                publisher_name=(found.publisher or "")[:300],
                published_on=found.published_on,
                author=(found.author or "")[:300],
                url=(found.url or "")[:2000],
                created_by=request.user,
            )
            enqueue_proposing(intake)
        return intake

    # --- The source ------------------------------------------------------------------------------------------

    def source_form(self, request, intake, data=None):
        # A plain menu for the publisher: the admin's autocomplete needs JavaScript to offer any other choice.
        form_class = admin.site.get_model_admin(Source).get_form(
            request, fields=SOURCE_FIELDS, widgets={"publisher": Select}
        )
        publisher = fetch.publisher_named(intake.publisher_name)
        initial = {
            "title": intake.title,
            "slug": review.unique_slug(Source, intake.title or f"intake-{intake.pk}"),
            "publisher": publisher.pk if publisher else None,
            "kind": Source.Kind.NEWS_ARTICLE,
            "published_on": intake.published_on,
            "url": intake.url,
        }
        return form_class(data, instance=Source(body=intake.body), initial=initial, prefix="source")

    def intake_to_confirm(self, request, intake_id):
        """The intake whose source a curator's POST confirms, and the answer instead when it has one already."""
        intake = get_object_or_404(Intake, pk=intake_id)
        if request.method != "POST" or not self.has_change_permission(request, intake):
            raise PermissionDenied
        if intake.source_id is not None:
            messages.info(request, f"The source is confirmed already: {intake.source}.")
            return intake, redirect(self.review_url(intake))
        return intake, None

    def source_view(self, request, intake_id):
        intake, answered = self.intake_to_confirm(request, intake_id)
        if answered is not None:
            return answered
        form = self.source_form(request, intake, request.POST)
        if not form.is_valid():
            return self.review_page(request, intake, source_form=form)
        with transaction.atomic():
            form.instance._change_reason = intake.change_reason
            intake.source = form.save()
            intake.save(update_fields=["source"])
        messages.success(request, f"Source saved: {intake.source}. Accept the positions below.")
        return redirect(self.review_url(intake, "#candidates"))

    def source_choice_forms(self, intake, data=None):
        """The Sources already in the record to quote from: those matching the capture (a choice among them), and
        any, newest first (a plain menu: the admin's autocomplete needs JavaScript)."""
        matches = sources_matching(intake, fetch.publisher_named(intake.publisher_name))
        matched = [(source.pk, f"{source} — {why}") for source, why in matches]
        newest = Source.objects.select_related("publisher").order_by(F("published_on").desc(nulls_last=True), "-pk")
        menu = [("", "—"), *((source.pk, str(source)) for source in newest[:SOURCES_IN_THE_MENU])]
        existing = SourceChoiceForm(
            data,
            choices=matched,
            label="Use the source already in the record",
            widget=RadioSelect,
            initial={"source": matched[0][0] if matched else None},
            auto_id="id_existing_%s",  # beside the menu's, on one page: its own ids, the same name
        )
        return existing, SourceChoiceForm(data, choices=menu, label="Or choose any source in the record")

    def use_source_view(self, request, intake_id):
        """Quotes are taken from a Source the record holds already: the intake points at it, its text unchanged."""
        intake, answered = self.intake_to_confirm(request, intake_id)
        if answered is not None:
            return answered
        existing, any_source = self.source_choice_forms(intake)
        offered = {pk for pk, _ in existing.fields["source"].choices + any_source.fields["source"].choices if pk}
        form = SourceChoiceForm(request.POST, choices=[(pk, pk) for pk in sorted(offered)], label="")
        if not form.is_valid():
            messages.error(request, form.errors["source"][0])
            return self.review_page(request, intake)
        if not Intake.objects.filter(pk=intake.pk, source=None).update(source=form.cleaned_data["source"]):
            messages.info(request, "Another curator confirmed the source meanwhile: the page shows which.")
            return redirect(self.review_url(intake))
        intake.refresh_from_db()
        messages.success(
            request, f"Quotes are taken from {intake.source}, its text unchanged. Accept the positions below."
        )
        others = Intake.objects.of_the_same_document(intake).exclude(pk=intake.pk)
        if Candidate.objects.filter(intake__in=others).decided().exists():
            messages.info(request, "Its other intakes have decided candidates: propose again to leave those out here.")
        return redirect(self.review_url(intake, "#candidates"))

    def propose_view(self, request, intake_id):
        intake = get_object_or_404(Intake, pk=intake_id)
        if request.method != "POST" or not self.has_change_permission(request, intake):
            raise PermissionDenied
        with transaction.atomic():
            Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.QUEUED, error="")
            enqueue_proposing(intake)
        messages.info(request, "Proposing again: what you accepted, merged or rejected stays as you decided.")
        return redirect(self.review_url(intake))

    # --- The review queue --------------------------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The admin's own lookup: an address naming no intake ("abc", a removed one) is told so, never a 500.
        intake = self.get_object(request, unquote(object_id))
        if intake is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, intake):
            raise PermissionDenied
        if request.method != "POST":
            return self.review_page(request, intake)
        if not self.has_change_permission(request, intake):
            raise PermissionDenied
        menus = candidate_menus()
        forms = {
            candidate.pk: CandidateForm(request.POST, instance=candidate, prefix=f"c{candidate.pk}", menus=menus)
            for candidate in intake.candidates.filter(status=Candidate.Status.PROPOSED)
        }
        action, target = decision_asked(request.POST)
        done = self.decide(request, intake, forms, action, target)
        if done is None:
            messages.error(request, "Nothing was saved: see the messages at the candidate.")
            return self.review_page(request, intake, forms=forms)
        return redirect(self.review_url(intake, done))

    def decide(self, request, intake, forms, action, target):
        """Carries out the decision; the anchor to return to, or None when a form refused it (its errors added)."""
        chosen = [target] if action in {"accept", "reject"} else (target or [])
        if action == "save":
            chosen = [pk for pk, form in forms.items() if form.has_changed()]
        if any(pk not in forms for pk in chosen):
            messages.warning(request, "That candidate has been decided on already: the page shows what was decided.")
            return "#candidates"
        if not all(forms[pk].is_valid() for pk in chosen):
            return None
        try:
            return self.carry_out(request, intake, action, [forms[pk] for pk in chosen])
        except review.Refused as refusal:
            form = forms.get(refusal.candidate) or forms[chosen[0]]
            for name, errors in refusal.errors.items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
            return None

    def carry_out(self, request, intake, action, forms):
        if action == "accept":
            decision = review.accept(request, intake, forms[0].instance, forms[0].cleaned_data)
        elif action == "merge":
            chosen = sorted(((form.instance, form.cleaned_data) for form in forms), key=lambda pair: pair[0].start)
            decision = review.merge(request, intake, chosen)
        elif action == "reject":
            review.reject(intake, forms[0].instance, forms[0].cleaned_data)
            messages.success(request, "Rejected, and kept: proposing again will not bring it back.")
            return f"#candidate-{forms[0].instance.pk}"
        else:
            for form in forms:
                form.save()
            messages.success(request, f"Saved the edits of {len(forms)} candidate(s).")
            return "#candidates"
        self.say_accepted(request, decision)
        return f"#candidate-{forms[0].instance.pk}"

    def say_accepted(self, request, decision):
        statement = decision.statement
        terms = ", ".join(f"“{demand.paraphrase[:60]}”" for demand in decision.demands)
        messages.success(
            request,
            format_html(
                'Accepted: the statement <a href="{}">{}</a> with its term(s) {}.',
                statement.get_absolute_url(),
                statement.title,
                terms,
            ),
        )
        for quote in decision.retyped:
            messages.info(
                request,
                f"The quote was typed with other quotation marks, apostrophes, dashes or spacing than the source "
                f"has: it is stored as the source has it, “{quote}”.",
            )

    def review_page(self, request, intake, source_form=None, forms=None):
        forms, menus = forms or {}, candidate_menus()
        rows = []
        for candidate in intake.candidates.in_text_order().select_related("statement", "demand", "speaker", "topic"):
            form = None
            if candidate.status == Candidate.Status.PROPOSED:
                form = forms.get(candidate.pk) or CandidateForm(
                    instance=candidate, prefix=f"c{candidate.pk}", menus=menus
                )
            context = in_its_paragraph(intake.body, candidate.start, candidate.end)
            rows.append({"candidate": candidate, "form": form, "context": context})
        existing_form = any_source_form = None
        if intake.source_id is None:
            source_form = source_form or self.source_form(request, intake)
            existing_form, any_source_form = self.source_choice_forms(intake)
        context = self.context(
            request,
            intake=intake,
            original=intake,
            title=f"Review: {intake.title or 'untitled document'}",
            rows=rows,
            source_form=source_form,
            existing_form=existing_form,
            any_source_form=any_source_form,
            relation_rule=RELATION_RULE,
            relations=RELATIONS.items(),
        )
        return TemplateResponse(request, "admin/intake/review.html", context)
