"""`manage.py propose FILE`: a document's candidates on the command line, the same code as the review queue."""

import datetime
import io
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from negotiations.intake.proposals import Proposal
from negotiations.models import Demand, Source, Statement
from negotiations.tests.factories import ActorFactory, DemandFactory, StateFactory, TopicFactory

PAGE = Path(__file__).parent / "data" / "up_article.html"
ARTICLE = Path(settings.BASE_DIR) / "fixtures" / "articles" / "000_df466fa23f03ae7b.txt"
SENTENCE = "Putin's demand for Ukraine's demilitarisation as a precondition for a ceasefire highlights his strategy."
REQUIRED = {"quote", "locator", "speaker", "party", "reported_by", "stated_on", "date_precision", "date_basis"}
REQUIRED |= {"topic", "stance", "wording", "counterparts"}


@pytest.fixture
def given(monkeypatch):
    """The proposer (not on this branch) stood in for by one proposing SENTENCE wherever the text holds it; what
    it was given is kept here."""
    seen = {}

    def propose(document, actors, topics):
        seen.update(document=document, actors=actors, topics=topics)
        start = document.text.find(SENTENCE)
        if start < 0:
            return []
        return [
            Proposal(
                quote=SENTENCE,
                start=start,
                end=start + len(SENTENCE),
                locator="paragraph 6",
                speaker="putin",
                party="russia",
                reported_by=document.publisher,
                cited="isw",
                stated_on=None,
                date_precision="unknown",
                date_basis="reported",
                date_note="Undated in the text; reported on 5 July 2024.",
                topic="armed-forces",
                stance="precondition",
                wording="reported",
                cues=("precondition",),
            )
        ]

    monkeypatch.setattr("negotiations.intake.proposals.propose", propose)
    return seen


@pytest.fixture
def record(db):
    russia = StateFactory(slug="russia", name="Russia", side="russia")
    ukraine = StateFactory(slug="ukraine", name="Ukraine", side="ukraine")
    ActorFactory(slug="putin", name="Vladimir Putin", parent=russia, side="russia")
    ActorFactory(slug="ukrainska-pravda", name="Ukrainska Pravda", aliases="UP", kind="media")
    armed_forces = TopicFactory(slug="armed-forces", name="Armed forces")
    return DemandFactory(
        party=ukraine,
        topic=armed_forces,
        quote="no limits on the armed forces",
        paraphrase="No demilitarisation – none.",
    )


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("propose", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_an_html_page_is_extracted_and_its_candidates_printed_as_json(record, given):
    out, err = run(PAGE, "--json")
    (row,) = json.loads(out)
    assert set(row) >= REQUIRED
    assert row["quote"] == SENTENCE and row["stated_on"] is None and row["reported_by"] == "ukrainska-pravda"
    assert [counterpart["slug"] for counterpart in row["counterparts"]] == [record.slug]
    document = given["document"]
    assert document.text[row["start"] : row["end"]] == SENTENCE
    assert "Support UP or become our patron!" not in document.text  # the cleaned text, not the page
    assert (document.title, document.publisher) == (
        "Putin overtly demands Ukraine's surrender for ceasefire – ISW",
        "ukrainska-pravda",
    )
    assert document.published_on == datetime.date(2024, 7, 5)
    assert err == ""
    assert "No demilitarisation – none." in out  # ensure_ascii=False: the text as it is


@pytest.mark.django_db
def test_a_text_is_proposed_from_whole_and_the_options_win(record, given, tmp_path):
    copy = tmp_path / "article.txt"
    shutil.copy(ARTICLE, copy)
    run(copy, "--json", "--title", "Putin and the ISW", "--publisher", "UP", "--date", "2024-07-06")
    document = given["document"]
    assert document.text == ARTICLE.read_text(encoding="utf-8")
    assert (document.title, document.publisher, document.published_on) == (
        "Putin and the ISW",
        "ukrainska-pravda",
        datetime.date(2024, 7, 6),
    )


@pytest.mark.django_db
def test_the_kind_is_told_by_name_or_by_option(record, given, tmp_path):
    page_named_txt = tmp_path / "page.txt"
    shutil.copy(PAGE, page_named_txt)
    run(page_named_txt, "--json")
    assert given["document"].text.startswith("<!DOCTYPE html>")
    run(page_named_txt, "--json", "--html")
    assert given["document"].text.startswith("Putin overtly demands")


@pytest.mark.django_db
def test_an_unknown_publisher_is_said_on_stderr_and_left_out(record, given):
    out, err = run(PAGE, "--json", "--publisher", "Daily Planet")
    assert given["document"].publisher is None
    assert "Daily Planet" in err and "no actor" in err
    assert json.loads(out)[0]["reported_by"] is None


@pytest.mark.django_db
def test_without_json_a_readable_block_per_candidate(record, given):
    out, _ = run(PAGE)
    assert SENTENCE in out and "paragraph 6" in out and "precondition" in out
    assert record.slug in out
    assert "A link joins a term of one party" in out  # the codebook's relation rule, beside the counterparts


@pytest.mark.django_db
def test_no_candidates_is_said(record, given, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("A text that proposes nothing at all.\n", encoding="utf-8")
    assert run(other, "--json")[0].strip() == "[]"
    assert "No positions proposed." in run(other)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (None, [], "no such file"),
        ("Text.", ["--date", "2024-13-01"], "not a date"),
        ("Text.", ["--date", "5 July 2024"], "not a date"),
        ("Text.", ["--date", "2999-01-01"], "in the future"),
        (b"\xff\xfe\x00P\x00K\x03\x04binary", [], "not UTF-8"),
        ("%PDF-1.7\x00\x00\x01\x02", [], "not text"),
        ("", [], "empty"),
        ("Putin said the ceasefire would wait.", ["--html"], "not HTML"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_is_written(record, given, tmp_path, content, args, message):
    path = tmp_path / "document.txt"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    counts = [model.objects.count() for model in (Source, Statement, Demand)]
    with pytest.raises(CommandError, match=message):
        run(path, "--json", *args)
    assert [model.objects.count() for model in (Source, Statement, Demand)] == counts
    assert "document" not in given  # refused before proposing


@pytest.mark.django_db
def test_the_real_proposer_on_a_curated_article(curated):
    """Against the real proposer (helper "propose"'s): every candidate holds the fields, and its quote stands in
    the text where it says."""
    try:
        out, _ = run(ARTICLE, "--json")
    except NotImplementedError:
        pytest.skip("the proposer is not on this branch yet (intake.proposals.propose raises NotImplementedError)")
    rows = json.loads(out)
    assert rows, "the proposer found no position in an article holding curated terms"
    text = ARTICLE.read_text(encoding="utf-8")
    for row in rows:
        assert set(row) >= REQUIRED
        assert text[row["start"] : row["end"]] == row["quote"]
