"""The curator's side of intake: the models' rules, bringing a document in, the review queue's decisions (accept,
edit then accept, merge, reject), quotes matched forgiving typography only, history naming the intake, proposing
again, and the background task's progress and failure. Extraction and typography are the real ones; the proposer
is the controlled one of intake_standins.py, so that its judgement does not move these rules' tests (the
curator's browser test runs on the real proposer)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from negotiations.intake import admin as admin_module
from negotiations.intake import fetch, tasks
from negotiations.intake.forms import MAX_UPLOAD_BYTES, CandidateForm
from negotiations.models import Actor, Candidate, Counterpart, Demand, Intake, Source, Statement
from negotiations.tests import intake_standins
from negotiations.tests.factories import DemandFactory, SourceFactory
from negotiations.tests.intake_standins import ARTICLE_HTML, ARTICLE_TITLE, use_standins

pytestmark = pytest.mark.django_db

ADD = "admin:negotiations_intake_add"


@pytest.fixture
def standins(monkeypatch):
    use_standins(monkeypatch)


@pytest.fixture
def bring_in(client, curator, curated, standins, django_capture_on_commit_callbacks):
    """`bring_in(file=...)`: a curator's upload (the article by default); the task runs as it commits."""

    def upload(content=ARTICLE_HTML, name="article.html", **data):
        if content is not None:
            data["upload"] = SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse(ADD), data)

    return upload


@pytest.fixture
def intake(bring_in):
    response = bring_in()
    assert response.status_code == 302, response.context["form"].errors
    return Intake.objects.get()


@pytest.fixture
def confirmed(client, intake):
    """The intake with its source confirmed as prefilled."""
    form = intake_source_form(client, intake)
    data = {f"source-{name}": value for name, value in form_values(form).items()}
    response = client.post(reverse("admin:intake_source", args=[intake.pk]), data)
    assert response.status_code == 302, response.context and response.context["source_form"].errors
    intake.refresh_from_db()
    return intake


def intake_source_form(client, intake):
    return client.get(review_url(intake)).context["source_form"]


def review_url(intake):
    return reverse("admin:negotiations_intake_change", args=[intake.pk])


def form_values(form):
    values = {}
    for field in form:
        value = field.value()
        values[field.name] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
    return values


def posted(candidates, **changes):
    """The review form as posted: every undecided candidate's fields, `changes` on top (`c12-quote=...`)."""
    data = {}
    for candidate in candidates:
        form = CandidateForm(instance=candidate, prefix=f"c{candidate.pk}")
        data |= {f"c{candidate.pk}-{name}": value for name, value in form_values(form).items()}
    return data | changes


def decide(client, intake, **data):
    undecided = intake.candidates.filter(status="proposed")
    return client.post(review_url(intake), posted(undecided, **data.pop("edits", {})) | data)


def candidate_saying(intake, words):
    return intake.candidates.get(quote__contains=words)


# --- The models' rules ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "with_records", "merged"),
    [
        ("accepted", False, False),
        ("merged", True, False),
        ("proposed", True, False),
        ("rejected", True, False),
        ("unknown", False, False),
    ],
)
def test_a_decision_holds_exactly_what_it_made(russia, status, with_records, merged):
    intake = Intake.objects.create(raw="x", body="Russia demanded a ceasefire.")
    records = {}
    if with_records:
        demand = DemandFactory(party=russia)
        records = {"statement": demand.statement, "demand": demand}
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(
            intake=intake, position=1, start=0, end=10, quote="Russia dem", status=status, **records
        )


def test_a_merged_candidate_names_the_one_it_joined_and_an_accepted_one_its_records(russia):
    intake = Intake.objects.create(raw="x", body="Russia demanded a ceasefire. It wants it now.")
    first, second = DemandFactory(party=russia), DemandFactory(party=russia)
    lead = Candidate.objects.create(
        intake=intake, position=1, start=0, end=5, quote="Russia", status="accepted",
        statement=first.statement, demand=first,
    )  # fmt: skip
    Candidate.objects.create(
        intake=intake, position=2, start=6, end=9, quote="dem", status="merged",
        statement=first.statement, demand=second, merged_into=lead,
    )  # fmt: skip
    assert intake.candidates.decided().count() == 2


@pytest.mark.parametrize(
    "fields",
    [{"status": "failed", "error": ""}, {"progress_done": 3, "progress_total": 2}, {"status": "paused"}],
    ids=["failed-without-why", "progress-past-total", "unknown-status"],
)
def test_an_intake_s_state_is_consistent(fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Intake.objects.create(raw="x", body="x", **fields)


def test_a_span_is_proposed_once_per_intake_and_is_never_empty():
    intake = Intake.objects.create(raw="x", body="Russia demanded a ceasefire.")
    Candidate.objects.create(intake=intake, position=1, start=0, end=6, quote="Russia")
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(intake=intake, position=2, start=0, end=6, quote="Russia")
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(intake=intake, position=3, start=6, end=6, quote="")


# --- Bringing a document in -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.7 binary", "article.pdf", "is not an .html or .txt file"),
        (b"%PDF-1.7 \x00\x01 binary", "article.html", "is not text (it holds binary data)"),
        (b"\x89PNG\r\n\x1a\n", "article.txt", "is not text (it holds binary data)"),
        (b"", "article.txt", "The submitted file is empty."),
        (b"   \n  ", "article.txt", "The file is empty: there is no text to bring in."),
        ("Ukraine said “no”.".encode("cp1252"), "article.txt", "is not UTF-8 text"),
        (b"<p>" + b"a" * MAX_UPLOAD_BYTES + b"</p>", "article.html", "the limit is 2.0\xa0MB"),
        (None, "", "Nothing was pasted and no file was chosen: there is no text to bring in."),
    ],
    ids=["pdf-by-name", "binary-by-content", "image-by-content", "empty", "blank", "not-utf8", "too-big", "nothing"],
)
def test_a_file_that_cannot_be_brought_in_is_refused_with_a_message(bring_in, content, name, message):
    response = bring_in(content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Intake.objects.exists()


def test_pasting_and_uploading_at_once_is_refused(bring_in):
    response = bring_in(text="Putin said “no”.")
    assert "Paste the text or upload a file, not both." in response.content.decode()
    assert not Intake.objects.exists()


def test_a_document_brought_in_keeps_its_capture_its_cleaned_text_and_what_was_cut(client, intake):
    assert intake.raw == ARTICLE_HTML and intake.is_html
    assert "Support us" not in intake.body and "withdraw its troops" in intake.body
    assert "Support us: become a member today." in intake.cut
    assert (intake.title, intake.publisher_name, intake.published_on) == (
        ARTICLE_TITLE,
        "Kyiv Post",
        datetime.date(2025, 6, 3),
    )
    page = client.get(review_url(intake)).content.decode()
    assert "What was cut" in page and "Follow us on Telegram" in page
    assert "withdraw its troops" in page


def test_a_plain_text_is_kept_whole_and_its_furniture_is_shown_as_kept_not_as_cut(client, bring_in):
    text = "Putin said: “Ukraine must leave the four regions.”\nSupport Us\nFollow us on Telegram"
    bring_in(None, text=text)
    intake = Intake.objects.get()
    assert intake.body == text and "Support Us" in intake.cut
    page = client.get(review_url(intake)).content.decode()
    assert "What was cut" not in page and "left out of the text" not in page
    assert "2 lines that look like page furniture, kept in the text" in page


def test_pasted_text_is_brought_in_as_text(bring_in):
    response = bring_in(None, text="Putin said: “Ukraine must leave the four regions.”")
    intake = Intake.objects.get()
    assert response.status_code == 302 and not intake.is_html
    assert intake.candidates.get().quote == "Putin said: “Ukraine must leave the four regions.”"


def test_the_source_is_prefilled_from_the_capture(client, intake):
    form = intake_source_form(client, intake)
    assert form.initial["title"] == ARTICLE_TITLE
    assert form.initial["publisher"] == Actor.objects.get(name="Kyiv Post").pk
    assert form.initial["published_on"] == datetime.date(2025, 6, 3)
    assert form.initial["url"] == "https://www.kyivpost.com/post/terms-2025-06-03"


def test_confirming_the_source_makes_it_from_the_cleaned_text_with_its_history_naming_the_intake(confirmed):
    source = confirmed.source
    assert source.body == confirmed.body and source.publisher.name == "Kyiv Post"
    assert source.history.get().history_change_reason == f"From intake #{confirmed.pk}: {ARTICLE_TITLE}"


# --- A document the record holds already ------------------------------------------------------------------------

USE = "admin:intake_use_source"


def recorded_source(intake, how):
    """A Source already in the record matching the intake's capture `how`: by its address, by its title and
    publisher (typed with other spacing), or by its text holding the intake's; the others differ."""
    fields = {"title": "Another article", "url": "https://example.org/other", "body": "Something else entirely."}
    if how == "url":
        fields["url"] = intake.url
    elif how == "title":
        fields |= {"title": ARTICLE_TITLE.replace(" ", "\xa0", 2), "publisher": Actor.objects.get(name="Kyiv Post")}
    elif how == "body":
        fields["body"] = f"An earlier paragraph.\n{intake.body}\nA later paragraph."
    return SourceFactory(**fields)


@pytest.mark.parametrize("how", ["url", "title", "body"])
def test_the_review_page_offers_the_source_already_in_the_record(client, intake, how):
    source = recorded_source(intake, how)
    unrelated = SourceFactory(title="Unrelated", url="https://example.org/unrelated")
    response = client.get(review_url(intake))
    offered = response.context["existing_form"].fields["source"].choices
    assert [pk for pk, _ in offered] == [source.pk]
    page = response.content.decode()
    assert "Use the source already in the record" in page and escape(str(source)) in page
    assert "Save as a new source" in page
    assert unrelated.pk in [pk for pk, _ in response.context["any_source_form"].fields["source"].choices]


def test_using_the_source_already_in_the_record_leaves_it_as_it_was(client, intake):
    source = recorded_source(intake, "body")
    before = (source.body, source.version, source.history.count(), Source.objects.count())
    response = client.post(reverse(USE, args=[intake.pk]), {"source": source.pk})
    assert response.status_code == 302
    intake.refresh_from_db()
    source.refresh_from_db()
    assert intake.source == source
    assert (source.body, source.version, source.history.count(), Source.objects.count()) == before


def test_accepting_quotes_from_the_source_chosen_and_refuses_a_quote_not_in_it(client, intake):
    kept, left_out = candidate_saying(intake, "withdraw its troops"), candidate_saying(intake, "never recognise")
    source = SourceFactory(url=intake.url, body=intake.body.replace(left_out.quote, ""))
    client.post(reverse(USE, args=[intake.pk]), {"source": source.pk})
    intake.refresh_from_db()
    assert decide(client, intake, accept=kept.pk).status_code == 302
    kept.refresh_from_db()
    assert kept.statement.source == source and kept.demand.quote in source.body
    response = decide(client, intake, accept=left_out.pk)
    assert f"This quote is not in the text of its source “{source.title}”" in response.content.decode()
    left_out.refresh_from_db()
    assert left_out.status == "proposed"
    assert Source.objects.get(pk=source.pk).body == intake.body.replace(left_out.quote, "")


def test_any_source_can_be_chosen_from_the_menu_newest_first(client, intake):
    older, newer = SourceFactory(title="Older one"), SourceFactory(title="Newer one")
    menu = client.get(review_url(intake)).context["any_source_form"].fields["source"].choices
    offered = [pk for pk, _ in menu if pk]
    assert offered.index(newer.pk) < offered.index(older.pk)
    assert client.post(reverse(USE, args=[intake.pk]), {"source": older.pk}).status_code == 302
    intake.refresh_from_db()
    assert intake.source == older


@pytest.mark.parametrize("choice", ["abc", "999999", "", "not-offered"])
def test_a_bad_choice_of_source_is_refused_with_a_message_and_nothing_changes(client, intake, monkeypatch, choice):
    monkeypatch.setattr(admin_module, "SOURCES_IN_THE_MENU", 1)
    oldest = SourceFactory(title="The oldest")
    Source.objects.filter(pk=oldest.pk).update(published_on=datetime.date(1990, 1, 1))
    SourceFactory(title="A newer one")
    posted_choice = str(oldest.pk) if choice == "not-offered" else choice
    response = client.post(reverse(USE, args=[intake.pk]), {"source": posted_choice})
    assert response.status_code == 200
    assert "Choose one of the sources offered" in response.content.decode()
    intake.refresh_from_db()
    assert intake.source is None


def test_a_second_intake_using_the_source_leaves_out_what_the_first_decided(
    client, confirmed, bring_in, django_capture_on_commit_callbacks
):
    rejected = candidate_saying(confirmed, "never recognise")
    decide(client, confirmed, reject=rejected.pk)
    bring_in()
    again = Intake.objects.exclude(pk=confirmed.pk).get()
    assert again.candidates.filter(quote_key=rejected.quote_key).exists()  # not yet known as the same document
    response = client.get(review_url(again))
    assert [pk for pk, _ in response.context["existing_form"].fields["source"].choices] == [confirmed.source.pk]
    client.post(reverse(USE, args=[again.pk]), {"source": confirmed.source.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:intake_propose", args=[again.pk]))
    assert not again.candidates.filter(quote_key=rejected.quote_key).exists()
    assert again.candidates.count() == 3


# --- The task ---------------------------------------------------------------------------------------------------


def test_proposing_counts_its_progress_and_ends_ready(intake):
    assert intake.status == "ready"
    assert intake.progress_done == intake.progress_total == intake.candidates.count() == 4
    assert list(intake.candidates.values_list("start", flat=True)) == sorted(c.start for c in intake.candidates.all())


def test_a_failing_proposer_marks_the_intake_failed_with_why_and_the_page_says_so(client, bring_in, monkeypatch):
    def broken(document, on_progress=None):
        raise ValueError("the proposer tripped on a sentence")

    monkeypatch.setattr(fetch, "candidates", broken)
    bring_in()
    intake = Intake.objects.get()
    assert (intake.status, intake.error) == ("failed", "ValueError: the proposer tripped on a sentence")
    response = client.get(review_url(intake))
    assert response.status_code == 200
    assert "Proposing failed: ValueError: the proposer tripped on a sentence" in response.content.decode()


def test_the_review_page_reads_the_same_number_of_queries_however_many_candidates(client, confirmed):
    def queries_of_the_page():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(review_url(confirmed)).status_code == 200
        return len(queries)

    before = queries_of_the_page()
    template = confirmed.candidates.first()
    for offset in range(1, 6):  # five more, each with its actor and topic menus
        template.pk, template.start, template.end = None, template.start + offset, template.end + offset
        template.save()
    assert confirmed.candidates.count() == 9
    assert queries_of_the_page() == before


def test_while_proposing_the_page_shows_progress_and_refreshes_itself(client, curator):
    intake = Intake.objects.create(raw="x", body="x", status="running", progress_done=2, progress_total=5)
    page = client.get(review_url(intake)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "2 of 5 positions ranked against the record" in page and "refresh now" in page


def test_progress_is_the_ranking_s_and_the_page_can_read_it_while_ranking_goes_on(bring_in, monkeypatch):
    seen = []

    def ranking(document, on_progress=None):
        found = intake_standins.candidates(document)
        for done in range(1, len(found) + 1):
            on_progress(done, len(found))
            seen.append(Intake.objects.values_list("status", "progress_done", "progress_total").get())
        return found

    monkeypatch.setattr(fetch, "candidates", ranking)
    bring_in()
    assert seen == [("running", done, 4) for done in range(1, 5)]
    intake = Intake.objects.get()
    assert (intake.status, intake.progress_done, intake.progress_total, intake.candidates.count()) == ("ready", 4, 4, 4)


# --- Decisions --------------------------------------------------------------------------------------------------


def test_accepting_makes_a_statement_and_its_term_with_history_naming_the_intake(client, confirmed):
    candidate = candidate_saying(confirmed, "withdraw its troops")
    response = decide(client, confirmed, accept=candidate.pk)
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == "accepted"
    statement, demand = candidate.statement, candidate.demand
    assert statement.actor.slug == "putin" and statement.source == confirmed.source
    assert demand.statement == statement and demand.party.slug == "russia" and demand.topic.slug == "ceasefire"
    assert demand.quote == statement.quote == candidate.quote
    reason = f"From intake #{confirmed.pk}: {ARTICLE_TITLE}"
    assert statement.history.get().history_change_reason == demand.history.get().history_change_reason == reason


def test_edit_then_accept_stores_the_curator_s_words(client, confirmed):
    candidate = candidate_saying(confirmed, "never recognise")
    edits = {
        f"c{candidate.pk}-paraphrase": "No recognition of occupied territory.",
        f"c{candidate.pk}-stance": "red_line",
    }
    decide(client, confirmed, accept=candidate.pk, edits=edits)
    candidate.refresh_from_db()
    assert (candidate.demand.paraphrase, candidate.demand.stance) == (
        "No recognition of occupied territory.",
        "red_line",
    )


def test_a_quote_not_in_the_source_is_refused_with_the_admin_s_message_and_nothing_is_made(client, confirmed):
    candidate = candidate_saying(confirmed, "never recognise")
    edits = {f"c{candidate.pk}-quote": "Kyiv will recognise the occupied territories."}
    response = decide(client, confirmed, accept=candidate.pk, edits=edits)
    assert response.status_code == 200
    assert (
        f"This quote is not in the text of its source “{ARTICLE_TITLE}”. Copy it verbatim." in response.content.decode()
    )
    assert not Statement.objects.filter(source=confirmed.source).exists()
    candidate.refresh_from_db()
    assert candidate.status == "proposed"


def test_accepting_before_the_source_is_confirmed_says_so(client, intake):
    candidate = candidate_saying(intake, "never recognise")
    response = decide(client, intake, accept=candidate.pk)
    assert "Confirm the document&#x27;s source first" in response.content.decode()


def test_a_quote_typed_with_straight_quotes_is_stored_as_the_source_has_it(client, confirmed):
    candidate = candidate_saying(confirmed, "neutral status")
    typed = candidate.quote.replace("“", '"').replace("”", '"').replace("’", "'")
    assert typed not in confirmed.body
    response = decide(client, confirmed, accept=candidate.pk, edits={f"c{candidate.pk}-quote": typed})
    candidate.refresh_from_db()
    assert (
        candidate.demand.quote
        == candidate.statement.quote
        == "Putin demanded that “Ukraine’s neutral status must be guaranteed by law.”"
    )
    message = (
        "it is stored as the source has it, “Putin demanded that “Ukraine’s neutral status must be guaranteed by law.””"
    )
    assert any(message in str(said) for said in response.wsgi_request._messages)


def test_merging_makes_one_statement_holding_each_candidate_s_term(client, confirmed):
    first, second = candidate_saying(confirmed, "withdraw its troops"), candidate_saying(confirmed, "neutral status")
    decide(client, confirmed, merge=[first.pk, second.pk], merge_chosen="1")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.merged_into) == ("accepted", "merged", first)
    statement = first.statement
    assert second.statement == statement and [d.quote for d in statement.demands.order_by("position")] == [
        first.quote,
        second.quote,
    ]
    assert statement.quote.startswith(first.quote) and statement.quote.endswith(second.quote)


def test_merging_one_alone_is_refused(client, confirmed):
    first = candidate_saying(confirmed, "withdraw its troops")
    response = decide(client, confirmed, merge=[first.pk], merge_chosen="1")
    assert "Choose at least two candidates to merge" in response.content.decode()


def ranked(candidate, *answers):
    """`candidate` with `answers` as its ranked counterparts, as the proposer would have saved them."""
    candidate.counterparts = [
        {"demand_id": answer.pk, "slug": answer.slug, "party": answer.party.slug, "topic": answer.topic.slug,
         "quote": answer.quote, "paraphrase": answer.paraphrase, "score": 0.5, "url": answer.get_absolute_url()}
        for answer in answers
    ]  # fmt: skip
    candidate.save()
    return candidate


def ukrainian_terms(count):
    return list(Demand.objects.filter(party__slug="ukraine").order_by("pk")[:count])


def links(candidate, answer, relation, note):
    return {f"c{candidate.pk}-relation_{answer.pk}": relation, f"c{candidate.pk}-note_{answer.pk}": note}


def test_accepting_links_each_counterpart_given_a_relation_in_its_row(client, confirmed):
    first, second, unlinked = ukrainian_terms(3)
    candidate = ranked(candidate_saying(confirmed, "withdraw its troops"), first, second, unlinked)
    edits = links(candidate, first, "opposed", "Withdrawal first against a ceasefire first.")
    edits |= links(candidate, second, "partial", "Both speak of the four regions.")
    response = decide(client, confirmed, accept=candidate.pk, edits=edits)
    assert response.status_code == 302
    candidate.refresh_from_db()
    made = Counterpart.objects.filter(demand=candidate.demand).order_by("answer")
    assert [(link.answer, link.relation, link.note) for link in made] == [
        (first, "opposed", "Withdrawal first against a ceasefire first."),
        (second, "partial", "Both speak of the four regions."),
    ]
    reason = f"From intake #{confirmed.pk}: {ARTICLE_TITLE}"
    assert {link.history.get().history_change_reason for link in made} == {reason}


def test_each_counterpart_row_has_its_relation_and_note_labelled_with_the_term(client, confirmed):
    first, second = ukrainian_terms(2)
    candidate = ranked(candidate_saying(confirmed, "withdraw its troops"), first, second)
    page = client.get(review_url(confirmed)).content.decode()
    for answer in (first, second):
        assert f'for="id_c{candidate.pk}-relation_{answer.pk}"' in page
        assert f'for="id_c{candidate.pk}-note_{answer.pk}"' in page
        assert escape(f"Relation to “{answer.paraphrase}”") in page
    assert "Answers" not in page  # the one-link menu is gone


@pytest.mark.parametrize(
    ("relation", "note"), [("opposed", ""), ("", "A note without a relation."), ("bogus", "A note.")]
)
def test_a_half_given_link_is_refused_at_its_row_and_nothing_is_saved(client, confirmed, relation, note):
    first, second = ukrainian_terms(2)
    candidate = ranked(candidate_saying(confirmed, "withdraw its troops"), first, second)
    edits = links(candidate, first, "opposed", "A full link.") | links(candidate, second, relation, note)
    response = decide(client, confirmed, accept=candidate.pk, edits=edits)
    assert response.status_code == 200
    form = next(row["form"] for row in response.context["rows"] if row["candidate"].pk == candidate.pk)
    assert "Give both the relation and a note" in str(form.errors[f"relation_{second.pk}"])
    assert not Statement.objects.filter(source=confirmed.source).exists()
    assert not Counterpart.objects.filter(answer__in=[first, second], demand__party__slug="russia",
                                          demand__statement__source=confirmed.source).exists()  # fmt: skip


def test_a_link_the_record_refuses_is_told_at_its_row_and_nothing_is_saved(client, confirmed):
    (answer,) = ukrainian_terms(1)
    candidate = ranked(candidate_saying(confirmed, "withdraw its troops"), answer)
    Counterpart.objects.filter(answer=answer).delete()
    answer_pk = answer.pk
    answer.delete()  # removed since it was proposed
    edits = {f"c{candidate.pk}-relation_{answer_pk}": "opposed", f"c{candidate.pk}-note_{answer_pk}": "A note."}
    response = decide(client, confirmed, accept=candidate.pk, edits=edits)
    assert response.status_code == 200
    form = next(row["form"] for row in response.context["rows"] if row["candidate"].pk == candidate.pk)
    assert form.errors[f"relation_{answer_pk}"]
    assert not Statement.objects.filter(source=confirmed.source).exists()


def test_merging_links_each_candidate_s_counterparts(client, confirmed):
    first, second = ukrainian_terms(2)
    lead = ranked(candidate_saying(confirmed, "withdraw its troops"), first)
    other = ranked(candidate_saying(confirmed, "neutral status"), first, second)
    edits = links(lead, first, "opposed", "One.") | links(other, first, "partial", "Two.")
    edits |= links(other, second, "opposed", "Three.")
    decide(client, confirmed, merge=[lead.pk, other.pk], merge_chosen="1", edits=edits)
    lead.refresh_from_db()
    other.refresh_from_db()
    assert list(Counterpart.objects.filter(demand=lead.demand).values_list("answer", "note")) == [(first.pk, "One.")]
    assert set(Counterpart.objects.filter(demand=other.demand).values_list("answer", "note")) == {
        (first.pk, "Two."),
        (second.pk, "Three."),
    }


def test_rejected_is_kept_and_proposing_again_brings_back_neither_it_nor_an_accepted_one(
    client, confirmed, django_capture_on_commit_callbacks
):
    rejected, accepted = (
        candidate_saying(confirmed, "never recognise"),
        candidate_saying(confirmed, "withdraw its troops"),
    )
    decide(client, confirmed, reject=rejected.pk)
    decide(client, confirmed, accept=accepted.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:intake_propose", args=[confirmed.pk]))
    assert response.status_code == 302
    quotes = list(confirmed.candidates.values_list("quote", "status"))
    assert sorted(status for _, status in quotes) == ["accepted", "proposed", "proposed", "rejected"]
    assert len({quote for quote, _ in quotes}) == 4


def test_a_new_intake_of_the_same_source_does_not_bring_back_a_rejected_quote(client, confirmed, bring_in):
    rejected = candidate_saying(confirmed, "never recognise")
    decide(client, confirmed, reject=rejected.pk)
    bring_in()
    again = Intake.objects.exclude(pk=confirmed.pk).get()
    again.source = confirmed.source
    again.save()
    tasks.propose(again)
    assert not again.candidates.filter(quote_key=rejected.quote_key).exists()
    assert again.candidates.count() == 3


def test_a_candidate_decided_meanwhile_is_not_decided_twice(client, confirmed):
    candidate = candidate_saying(confirmed, "never recognise")
    data = posted(confirmed.candidates.filter(status="proposed"), accept=str(candidate.pk))
    assert client.post(review_url(confirmed), data).status_code == 302
    response = client.post(review_url(confirmed), data, follow=True)
    assert "has been decided on already" in response.content.decode()
    assert Statement.objects.filter(source=confirmed.source).count() == 1


@pytest.mark.parametrize("address", ["abc", "999999", "1%20or%201"])
def test_an_address_naming_no_intake_is_told_so_never_a_500(client, curator, address):
    response = client.get(f"/admin/negotiations/intake/{address}/change/", follow=True)
    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()
    assert Intake.objects.count() == 0


def test_the_review_queue_is_for_curators_only(client, confirmed):
    client.logout()
    assert client.get(review_url(confirmed)).status_code == 302
    assert client.post(review_url(confirmed), {"reject": "1"}).status_code == 302
    assert confirmed.candidates.filter(status="rejected").count() == 0
