"""The curated records: every quote verbatim in its source, every body the article as captured."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError
from django.db.models import F
from django.utils.html import escape

from negotiations import codebook
from negotiations.dates import DateBasis, DatePrecision, placement
from negotiations.models import (
    BASELINE_REASON,
    Actor,
    Counterpart,
    Demand,
    FeaturedComparison,
    FormerSlug,
    Side,
    Source,
    Statement,
    StatusChange,
    Topic,
    Wording,
)
from negotiations.statuses import known_by
from negotiations.tests.factories import StatementFactory

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
ARTICLES = FIXTURES / "articles"


def test_fixture_json_is_what_the_build_script_makes(tmp_path):
    sys.path.insert(0, str(FIXTURES))
    try:
        import build
    finally:
        sys.path.remove(str(FIXTURES))
    records, errors = build.build()
    assert errors == []
    assert (FIXTURES / "ceasefire.json").read_text(encoding="utf-8") == build.render(records), (
        "fixtures/ceasefire.json is out of date: run `make fixtures`"
    )


def test_build_script_stops_on_a_quote_not_in_its_article(tmp_path):
    script = (
        "import sys; sys.path.insert(0, 'fixtures'); import build;"
        "build.STATEMENTS[0]['quote'] = 'Putin said something never written';"
        "sys.exit(build.main())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "quote not in" in result.stderr


@pytest.mark.django_db
def test_fixtures_load_into_an_empty_database_in_one_call(curated):
    assert Topic.objects.count() == 13
    assert Source.objects.exclude(body="").count() == 6
    assert Actor.objects.count() >= 30
    assert Statement.objects.count() >= 40
    assert Demand.objects.count() >= 45
    assert Counterpart.objects.count() >= 20


@pytest.mark.django_db
def test_every_statement_and_demand_quote_stands_verbatim_in_its_source(curated):
    for statement in Statement.objects.select_related("source"):
        assert statement.quote in statement.source.body, statement.slug
        statement.full_clean()
    for demand in Demand.objects.select_related("statement__source"):
        assert demand.quote in demand.statement.source.body, demand.slug
        demand.full_clean()


# What the reader and the sites wrapped around the articles: the RSS reader's chrome and Euromaidan Press's appeal
# (004), Ukrainska Pravda's links and appeal (000, 001), Kyiv Post's unrelated headline and promotions (002),
# Charter97's view counter (003).
PAGE_FURNITURE = [
    *("Vue normale", "À partir d’avant-hier", "502904523_", "✇", "❌", "You could close this page"),
    *("Support Us", "Support UP", "become our patron"),
    *("Erdogan", "JOIN US ON TELEGRAM", "Follow our coverage", "@Kyivpost_official", "Ctrl + Enter"),
    "12,898",
]


@pytest.mark.django_db
def test_every_source_body_is_its_article_without_page_furniture(curated):
    texts = {path.name: path.read_text(encoding="utf-8") for path in ARTICLES.glob("0*.txt")}
    held = list(Source.objects.exclude(body="").order_by("published_on"))
    assert len(held) == 6
    for source in held:
        assert not [furniture for furniture in PAGE_FURNITURE if furniture in source.body], source.slug
        paragraphs = [line for line in source.body.split("\n") if line.strip()]
        # A page that printed its headline and lede twice keeps them once.
        assert len(paragraphs) == len(set(paragraphs)), source.slug
        # Every paragraph as captured, in the capture's order: nothing added, nothing moved.
        raw = next(text for text in texts.values() if paragraphs[0] in text)
        position = 0
        for paragraph in paragraphs:
            position = raw.index(paragraph, position) + len(paragraph)
        source.full_clean()
    # File 004 holds two articles, as an RSS reader captured them: each body is its article's own text.
    euromaidan = [source for source in held if source.publisher.slug == "euromaidan-press"]
    assert [source.body.split("\n")[0] for source in euromaidan] == [
        "Reuters: Russia demands written pledge to halt “NATO eastward expansion” and sanctions relief",
        "ISW: Russia wants Ukraine out of its own cities, Ukraine says ‘let’s talk more’ in ceasefire negotiations "
        "memos",
    ]
    assert euromaidan[0].body.rstrip().endswith("threaten its sovereignty.")


def test_project_articles_are_the_shared_articles():
    shared = Path(settings.BASE_DIR).parent / "shared" / "articles"
    if not shared.is_dir():
        pytest.skip("../shared/articles is not beside this checkout; nothing to compare with")
    for path in ARTICLES.glob("0*.txt"):
        assert path.read_bytes() == (shared / path.name).read_bytes(), path.name


@pytest.mark.django_db
def test_demands_carry_their_statement_date_and_counterparts_their_parties(curated):
    for demand in Demand.objects.select_related("statement__source"):
        assert demand.stated_on == demand.statement.stated_on, demand.slug
        # Loaded raw, as the models' save() would have placed them: the date, else the report's date.
        statement = demand.statement
        assert statement.placed_on == placement(statement.stated_on, statement.source.published_on), demand.slug
        assert demand.placed_on == statement.placed_on, demand.slug
        assert demand.known_on == known_by(statement.placed_on, statement.date_precision), demand.slug
    for link in Counterpart.objects.select_related("demand", "answer"):
        assert (link.demand_party_id, link.answer_party_id) == (link.demand.party_id, link.answer.party_id)
        assert link.demand_party_id != link.answer_party_id


@pytest.mark.django_db
def test_the_home_page_features_the_two_memoranda_with_their_parties(curated):
    featured = FeaturedComparison.objects.current()
    assert (featured.left.slug, featured.right.slug) == (
        "russian-memorandum-2025-06-02",
        "ukrainian-memorandum-2025-06-01",
    )
    # Written by build.py, since loaddata bypasses save(): the same sides save() would copy.
    assert (featured.left_side, featured.right_side) == (featured.left.side_of_terms(), featured.right.side_of_terms())
    featured.full_clean()


@pytest.mark.django_db
def test_holder_of_a_position_is_never_the_outlet_that_reported_it(curated):
    for demand in Demand.objects.select_related("party", "statement__source__publisher"):
        assert demand.party.kind == Actor.Kind.STATE
        assert demand.party != demand.statement.source.publisher
        assert demand.statement.actor != demand.statement.reported_by


@pytest.mark.django_db
def test_memoranda_terms_are_all_there(curated):
    russian = Demand.objects.filter(statement__slug="russian-memorandum-2025-06-02")
    ukrainian = Demand.objects.filter(statement__slug="ukrainian-memorandum-2025-06-01")
    assert russian.filter(locator="Russian memorandum §1").count() == 6
    assert russian.filter(locator="Russian memorandum §2, option 1").count() == 1
    assert russian.filter(locator="Russian memorandum §2, option 2").count() == 4
    assert russian.filter(locator__startswith="Russian memorandum §3").count() == 3
    # The second proposal held two measures that the other side answered differently: two terms.
    assert ukrainian.filter(locator__startswith="Ukrainian memorandum, proposal").count() == 6
    # “Ukraine also insists on the right to join any security alliance” follows the list: the text does not put it in
    # the memorandum.
    assert not ukrainian.filter(slug__contains="right-to-join").exists()
    assert Demand.objects.filter(slug="ua-2025-06-right-to-join-any-alliance").exists()


@pytest.mark.django_db
def test_citation_chain_runs_from_the_article_to_the_first_publication(curated):
    memo = Statement.objects.get(slug="russian-memorandum-2025-06-02")
    isw = memo.source.cites.get()
    assert isw.publisher.slug == "isw"
    assert memo.cited_source in isw.cites.all()
    assert memo.cited_source.publisher.slug == "tass"


@pytest.mark.django_db
def test_a_bad_fixture_loads_nothing(tmp_path):
    good = json.loads((FIXTURES / "ceasefire.json").read_text(encoding="utf-8"))
    demand = next(record for record in good if record["model"] == "negotiations.demand")
    # A new demand whose party does not exist: everything before it in the file must be rolled back.
    broken = {**demand["fields"], "slug": "a-demand-held-by-nobody", "party": ["nobody"]}
    bad = [*good, {"model": "negotiations.demand", "fields": broken}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(IntegrityError):
        call_command("loaddata", str(path), verbosity=0)
    assert Topic.objects.count() == 0
    assert Demand.objects.count() == 0


@pytest.mark.django_db
def test_load_curated_loads_an_empty_database_and_never_reloads_over_data(curated):
    statement = Statement.objects.get(slug="russian-memorandum-2025-06-02")
    statement.summary = "Edited by a curator."
    statement.save()
    call_command("load_curated", verbosity=0)
    statement.refresh_from_db()
    assert statement.summary == "Edited by a curator."


@pytest.mark.django_db
def test_load_curated_fills_an_empty_database():
    call_command("load_curated", verbosity=0)
    assert Demand.objects.count() >= 45


@pytest.mark.django_db
def test_no_outlet_or_think_tank_is_a_negotiating_side(curated):
    # Rule 6: TASS, Suspilne, newspapers and ISW carry or assess positions; they hold none.
    outlets = Actor.objects.filter(kind__in=[Actor.Kind.MEDIA, Actor.Kind.THINK_TANK])
    assert outlets.exists()
    assert list(outlets.filter(side__in=[Side.RUSSIA, Side.UKRAINE]).values_list("slug", flat=True)) == []


MONTH_NAMES = "January|February|March|April|May|June|July|August|September|October|November|December"
A_DAY = re.compile(rf"\b(?:[0-3]?\d (?:{MONTH_NAMES})|(?:{MONTH_NAMES}) [0-3]?\d)\b")


@pytest.mark.django_db
def test_a_day_the_text_gives_is_quoted_from_the_text(curated):
    # Rule 3: a day-precision date said to be explicit or inferred quotes, in its note, the day as the
    # source's text gives it (a day number and a month name standing in the body).
    exact = Statement.objects.filter(
        date_precision=DatePrecision.DAY, date_basis__in=[DateBasis.EXPLICIT, DateBasis.INFERRED]
    ).select_related("source")
    assert exact.exists()
    for statement in exact:
        quoted = re.findall(r"“([^”]+)”", statement.date_note)
        assert any(passage in statement.source.body and A_DAY.search(passage) for passage in quoted), statement.slug


@pytest.mark.django_db
def test_a_reported_date_is_the_date_of_the_report_that_carries_it(curated):
    # The text gives no date: the nearest dated report in the chain is an upper bound, and nothing else.
    for statement in Statement.objects.filter(date_basis=DateBasis.REPORTED).select_related("source", "cited_source"):
        reports = {statement.source.published_on}
        if statement.cited_source:
            reports.add(statement.cited_source.published_on)
        if statement.date_precision == DatePrecision.DAY:
            assert statement.stated_on in reports, statement.slug
        assert "upper bound" in statement.date_note, statement.slug
    assert not Statement.objects.filter(date_basis=DateBasis.NONE).exclude(date_precision=DatePrecision.UNKNOWN)


@pytest.mark.django_db
def test_anonymous_sources_are_never_a_named_person(curated):
    # Rule 5: “Russian sources told Reuters” is said by the sources, not by Putin.
    anonymous = Statement.objects.filter(kind=Statement.Kind.ANONYMOUS_REPORT).select_related("actor")
    assert anonymous.count() >= 3
    for statement in anonymous:
        assert statement.actor.kind != Actor.Kind.PERSON, statement.slug
        # Linked to the side they speak for: a group whose parent is that party's state.
        assert statement.actor.kind == Actor.Kind.GROUP, statement.slug
        assert statement.actor.parent.kind == Actor.Kind.STATE, statement.slug
    assert not Statement.objects.filter(actor__slug="putin", kind=Statement.Kind.ANONYMOUS_REPORT).exists()


@pytest.mark.django_db
def test_an_analysts_reading_is_the_analysts_statement(curated):
    # Terms ISW reads into Russia's conduct are voiced by ISW's assessment, and their paraphrase says so.
    for demand in Demand.objects.filter(statement__actor__slug="isw"):
        assert demand.statement.kind == Statement.Kind.ASSESSMENT, demand.slug
        assert "ISW" in demand.paraphrase, demand.slug
    war_aims = Demand.objects.filter(party__slug="russia", locator="ISW's assessment of Russia's war aims")
    assert war_aims.filter(topic__slug="governance-elections").exists()
    assert war_aims.filter(topic__slug="armed-forces").exists()


def build_script():
    sys.path.insert(0, str(FIXTURES))
    try:
        import build
    finally:
        sys.path.remove(str(FIXTURES))
    return build


def built_with(monkeypatch, **lists):
    """The build's errors with some of its wording lists replaced (restored after the test)."""
    build = build_script()
    for name, value in lists.items():
        monkeypatch.setattr(build, name, value)
    return build.build()[1]


def test_the_build_refuses_own_words_that_stand_in_no_quotation_marks_nor_the_speakers_text(monkeypatch):
    own = build_script().OWN_WORDS | {"ru-memo-ceasefire-option-2-demobilise"}
    assert built_with(monkeypatch, OWN_WORDS=own) == [
        "demand ru-memo-ceasefire-option-2-demobilise: labelled own words, but its quote is in no quotation marks "
        "nor russia's text"
    ]


def test_the_build_refuses_a_quote_inside_quotation_marks_labelled_reported_unless_reviewed(monkeypatch):
    # ISW's sentence inside Ukrainska Pravda's quotation marks (“Quote: "…"”).
    own = build_script().OWN_WORDS - {"isw-2024-10-31-uninterested-in-ceasefire"}
    assert built_with(monkeypatch, OWN_WORDS=own) == [
        "statement isw-2024-10-31-uninterested-in-ceasefire: its quote stands inside quotation marks: own words, "
        "or REPORTED_THOUGH_QUOTED"
    ]


def test_a_reviewed_exception_is_what_lets_a_quoted_passage_be_reported(monkeypatch):
    # ISW's words about the 30-day offer, inside its quotation marks: not Ukraine's own.
    assert "ukraine-2025-03-offer-of-a-30-day-ceasefire" in build_script().REPORTED_THOUGH_QUOTED
    assert built_with(monkeypatch, REPORTED_THOUGH_QUOTED={}) == [
        "statement ukraine-2025-03-offer-of-a-30-day-ceasefire: its quote stands inside quotation marks: own words, "
        "or REPORTED_THOUGH_QUOTED"
    ]


def test_the_build_counts_a_text_the_speaker_published_as_its_own_words(monkeypatch):
    # ISW's Key Takeaways, carried whole by Ukrainska Pravda without quotation marks: own only as ISW's text.
    errors = built_with(monkeypatch, SPEAKERS_TEXTS=[])
    assert (
        "statement isw-2024-07-04-surrender-in-advance: labelled own words, but its quote is in no quotation marks "
        "nor isw's text"
    ) in errors


@pytest.mark.django_db
def test_every_curated_quote_says_whose_words_it_is(curated):
    for model in (Statement, Demand):
        assert set(model.objects.values_list("wording", flat=True)) == {Wording.OWN, Wording.REPORTED}
    # The example: Euromaidan Press's summary of the Russian memorandum, not Russia's text.
    assert Demand.objects.get(slug="ru-memo-ceasefire-option-2-demobilise").wording == Wording.REPORTED
    assert not Demand.objects.filter(statement__slug="russian-memorandum-2025-06-02", wording=Wording.OWN).exists()
    # ISW's own sentence, quoted: its own words.
    assert Statement.objects.get(slug="isw-2024-10-31-uninterested-in-ceasefire").wording == Wording.OWN


def test_a_statements_number_is_its_place_in_the_build_script_and_is_never_reused():
    # A statement's page is addressed by its id: a statement dropped from the middle of the list must not hand its
    # address (or the next ones') to other statements when the fixtures are loaded afresh.
    records = json.loads((FIXTURES / "ceasefire.json").read_text(encoding="utf-8"))
    numbers = [record["pk"] for record in records if record["model"] == "negotiations.statement"]
    assert numbers == sorted(numbers)
    assert len(numbers) == len(set(numbers))
    assert numbers[-1] >= 50  # as many as the record has ever held: none renumbered


@pytest.mark.django_db
def test_every_former_slug_of_the_curated_records_answers_301_to_a_page(curated, client):
    old_address = {
        FormerSlug.Kind.DEMAND: "/demands/{}/",
        FormerSlug.Kind.SOURCE: "/sources/{}/",
        FormerSlug.Kind.STATEMENT: "/compare/?left={}",
    }
    former = list(FormerSlug.objects.all())
    assert former
    for row in former:
        response = client.get(old_address[row.kind].format(row.slug))
        assert response.status_code == 301, row.slug
        assert client.get(response["Location"]).status_code == 200, row.slug


@pytest.mark.django_db
def test_no_term_is_commentary_by_the_codebooks_rule(curated):
    # Commentary is a statement (codebook.COMMENTARY_RULE): a reading of intent is a statement. A term only an
    # analyst reports is a
    # demand, a precondition or a rejection, and its paraphrase opens with whose assessment it is; no term voiced by
    # an assessment or an anonymous source stands on a reading of intent (“assessed that”, “intends to”).
    commentary = Demand.objects.filter(
        statement__kind__in=[Statement.Kind.ASSESSMENT, Statement.Kind.ANONYMOUS_REPORT]
    ).select_related("statement__actor")
    assert commentary.exists()
    for demand in commentary:
        quote = demand.quote.lower()
        assert not [word for word in codebook.READING_OF_INTENT if word in quote], demand.slug
        if demand.statement.kind == Statement.Kind.ASSESSMENT:
            analyst = demand.statement.actor
            names = [analyst.name, *filter(None, (alias.strip() for alias in analyst.aliases.split(",")))]
            assert demand.stance in codebook.ANALYST_STANCES, demand.slug
            assert any(demand.paraphrase.startswith(f"({name}'s") for name in names), demand.slug


# What a link's note says when the two terms do not answer each other (the codebook's relation rule).
NOT_AN_ANSWER = re.compile(r"not an exchange|not a reply|do not answer|(?:a|one|two|\d+) years? apart", re.IGNORECASE)


@pytest.mark.django_db
def test_no_link_joins_terms_whose_note_says_they_do_not_answer_each_other(curated):
    # codebook.RELATION_RULE: a link joins terms that answer each other; a note saying they do not refutes its link.
    assert NOT_AN_ANSWER.search("Almost a year apart, not an exchange: …")
    notes = dict(Counterpart.objects.values_list("pk", "note"))
    assert notes
    assert [note for note in notes.values() if NOT_AN_ANSWER.search(note)] == []


@pytest.mark.django_db
def test_an_actor_on_another_side_than_its_parent_says_when(curated):
    # The United States mediates in the 2025 texts; its Department of Defense announced aid for Ukraine in 2024.
    apart = Actor.objects.filter(parent__isnull=False).exclude(side=F("parent__side")).select_related("parent")
    assert apart.exists()
    for actor in apart:
        assert re.search(r"\b(19|20)\d\d\b", actor.role) and re.search(r"\b(19|20)\d\d\b", actor.parent.role), (
            actor.slug
        )


@pytest.mark.django_db
def test_a_topic_the_articles_give_no_term_on_says_why_on_its_page(curated, client):
    empty = Topic.objects.filter(demands__isnull=True)
    assert {topic.slug for topic in empty} == {"justice-claims", "diplomatic-normalisation"}
    for topic in empty:
        assert topic.coverage_note, topic.slug
        assert escape(topic.coverage_note) in client.get(topic.get_absolute_url()).content.decode(), topic.slug
    assert not Topic.objects.filter(demands__isnull=False).exclude(coverage_note="").exists()


@pytest.mark.django_db
def test_no_slug_names_a_speaker_who_is_not_the_speaker(curated):
    # “putin-2025-05-reuters-conditions” read as Putin's words; three anonymous sources spoke them (rule 5).
    actors = sorted(Actor.objects.values_list("slug", flat=True), key=len, reverse=True)

    def named(slug):
        return next((actor for actor in actors if slug == actor or slug.startswith(f"{actor}-")), None)

    assert named("putin-2025-05-reuters-conditions") == "putin"
    for statement in Statement.objects.select_related("actor"):
        assert named(statement.slug) in (None, statement.actor.slug), statement.slug
    for demand in Demand.objects.select_related("statement__actor", "party"):
        after_party = demand.slug.split("-", 1)[1]  # ru-…, ua-…
        assert named(after_party) in (None, demand.statement.actor.slug), demand.slug
    for source in Source.objects.select_related("publisher"):
        assert named(source.slug) in (None, source.publisher.slug), source.slug


@pytest.mark.django_db
def test_no_slug_gives_a_day_its_record_does_not_have(curated):
    # “isw-2024-05-24-…” gave the day of Reuters' report to an undated ISW text; “…-2025-03-30-day-…” read as a day.
    day_in_slug = re.compile(r"-(\d{4})-(\d\d)-(\d\d)(?:-|$)")
    records = [
        *((statement.slug, statement.stated_on) for statement in Statement.objects.all()),
        *((demand.slug, demand.stated_on) for demand in Demand.objects.all()),
        *((source.slug, source.published_on) for source in Source.objects.all()),
    ]
    for slug, day in records:
        found = day_in_slug.search(slug)
        if found:
            assert day is not None and day.isoformat() == "-".join(found.groups()), slug


@pytest.mark.django_db
def test_a_statement_added_after_the_curated_records_gets_a_number_of_its_own(curated):
    # The fixtures write the statements' ids: the database's counter must move past them (PostgreSQL's sequence).
    highest = Statement.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert StatementFactory().pk > highest


# --- The status of a term over time, as the articles show it ---------------------------------------------------


def test_the_curated_status_changes_are_the_ones_the_articles_support(curated):
    recorded = {
        (c.demand.slug, c.status, c.evidence.slug) for c in StatusChange.objects.select_related("demand", "evidence")
    }
    assert recorded == {
        # The 30-day offer and its refusal (ISW, 14 March 2025); the prisoner exchange agreed at Istanbul.
        ("ua-2025-03-offer-of-a-30-day-ceasefire", "countered", "isw-2025-03-14-rejects-30-day-offer"),
        ("ua-memo-exchange-prisoners-of-war", "agreed", "ukrainian-delegation-2025-06-02-istanbul-exchange"),
        ("ua-2025-06-abducted-children-list", "countered", "medinsky-2025-06-children-list"),
    }


def test_every_status_change_quotes_its_evidence_source_and_comes_after_its_term(curated):
    for change in StatusChange.objects.select_related("demand__statement", "evidence__source"):
        assert change.quote in change.evidence.source.body, change
        change.full_clean()  # the checks a curator's save runs: quote, replacement, constraints
        # Written by build.py, since loaddata bypasses save(): the day save() would copy.
        assert change.known_on == known_by(change.evidence.placed_on, change.evidence.date_precision)
        assert change.known_on >= known_by(change.demand.statement.placed_on, change.demand.statement.date_precision)
        assert change.history.filter(history_change_reason=BASELINE_REASON).count() == 1


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            (
                9,
                "ua-memo-exchange-prisoners-of-war",
                "agreed",
                "russian-memorandum-2025-06-02",
                "No such words",
                None,
                "",
            ),
            "status change 9 (ua-memo-exchange-prisoners-of-war, agreed): quote not in "
            "euromaidan-2025-06-03-memoranda, the evidence's source",
        ),
        (
            (9, "ua-memo-exchange-prisoners-of-war", "countered", "putin-2024-07-04-sco-astana", "on 4 July", None, ""),
            "status change 9 (ua-memo-exchange-prisoners-of-war, countered): its evidence is dated before the term",
        ),
        (
            (
                9,
                "ua-memo-exchange-prisoners-of-war",
                "superseded",
                "russian-memorandum-2025-06-02",
                "is split into three",
                "ru-memo-permanent-neutrality",
                "",
            ),
            "status change 9 (ua-memo-exchange-prisoners-of-war, superseded): replaced by another party's term",
        ),
        (
            (
                9,
                "ua-memo-exchange-prisoners-of-war",
                "withdrawn",
                "russian-memorandum-2025-06-02",
                "is split into three",
                "ua-memo-unconditional-ceasefire",
                "",
            ),
            "status change 9 (ua-memo-exchange-prisoners-of-war, withdrawn): superseded, and only superseded, "
            "names the replacing term",
        ),
    ],
    ids=["quote", "date", "party", "replacement"],
)
def test_the_build_refuses_a_status_change_the_text_does_not_bear(monkeypatch, row, error):
    assert built_with(monkeypatch, STATUS_CHANGES=[row]) == [error]
