"""A curator brings an article in and reviews the positions it proposes, in a real browser: uploads an HTML page,
sees the cleaned text and what was cut, confirms the source, accepts three candidates (one edited), rejects one,
finds the three on the public pages with history naming the intake, and proposing again does not bring back the
rejected one. Keyboard and plain forms only: nothing here needs the page's JavaScript."""

import re

import pytest
from django.contrib.auth import get_user_model

from negotiations.models import Counterpart, Demand, Intake, Statement
from negotiations.tests.intake_standins import ARTICLE_HTML

pytestmark = pytest.mark.browser

PASSWORD = "a-long-curator-password"


@pytest.fixture
def curator_page(page):
    get_user_model().objects.create_superuser("curator", "curator@example.org", PASSWORD)
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("curator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def candidate(page, words, status="proposed"):
    return page.locator(f"li.candidate-{status}", has_text=words)


# A candidate's fields that run past its box: a menu as wide as its longest option (whose words) once ran off the page.
FIELDS_PAST_THEIR_CANDIDATE = """() => [...document.querySelectorAll('.candidate')].flatMap(item => {
    const edge = item.getBoundingClientRect().right;
    return [...item.querySelectorAll('select, textarea, input')]
        .filter(field => field.getBoundingClientRect().right > edge + 1).map(field => field.name);
})"""


def fields_past_their_candidate(page):
    page.set_viewport_size({"width": 1280, "height": 800})
    return page.evaluate(FIELDS_PAST_THEIR_CANDIDATE)


def complete(item, **choices):
    """Sets each menu the proposer left empty, as a curator would: a label to choose, by field name."""
    for name, label in choices.items():
        menu = item.locator(f"select[name$='-{name}']")
        if not menu.input_value():
            menu.select_option(label=label)


def rank_ukrainian_terms(candidate, count):
    """Ranks `count` of the other party's terms as the candidate's counterparts (the stand-in proposer ranks none)."""
    answers = list(Demand.objects.filter(party__slug="ukraine").order_by("pk")[:count])
    candidate.counterparts = [
        {"demand_id": a.pk, "slug": a.slug, "party": "ukraine", "topic": a.topic.slug, "quote": a.quote,
         "paraphrase": a.paraphrase, "score": 0.5, "url": a.get_absolute_url()}
        for a in answers
    ]  # fmt: skip
    candidate.save()
    return answers


def test_a_curator_brings_an_article_in_and_turns_its_positions_into_records(curator_page, expect):
    page = curator_page
    page.goto("/admin/negotiations/intake/add/")
    page.get_by_label("Or upload a file").set_input_files(
        files=[{"name": "terms.html", "mimeType": "text/html", "buffer": ARTICLE_HTML.encode()}]
    )
    page.get_by_role("button", name="Bring it in").click()
    expect(page.locator("#cleaned-text")).to_contain_text("withdraw its troops from the four regions")
    expect(page.locator("#cleaned-text")).not_to_contain_text("Support us")
    expect(page.locator(".intake-cut")).to_contain_text("Support us: become a member today.")
    intake = Intake.objects.get()
    answers = rank_ukrainian_terms(intake.candidates.get(quote__contains="withdraw its troops"), 3)
    page.reload()
    assert fields_past_their_candidate(page) == []

    expect(page.locator("#source").get_by_label("Title")).to_have_value("Putin and Zelensky set out their terms")
    page.get_by_role("button", name="Save as a new source").click()
    expect(page.locator(".messagelist")).to_contain_text("Source saved")

    accepted = {"withdraw its troops": "russia", "neutral status": "russia", "unconditional ceasefire": "ukraine"}
    for words, party in accepted.items():
        item = candidate(page, words)
        complete(item, party=party.title(), stance="Demand", wording="The source's report of them", topic="Ceasefire")
        complete(item, date_basis="Date of the report (the text gives no date of its own)")
        if words == "neutral status":  # the one edited before accepting
            item.locator("textarea[name$='-paraphrase']").fill("Ukraine's neutrality guaranteed in law.")
        if words == "withdraw its troops":  # linked to two of the other party's terms, each in its row
            for answer, relation in zip(answers, ["Opposed", "Partly compatible"], strict=False):
                item.get_by_label(f"Relation to “{answer.paraphrase}”").select_option(label=relation)
                item.get_by_label(f"Note on how it meets “{answer.paraphrase}”").fill(f"Meets {answer.slug}.")
        item.get_by_role("button", name="Accept").click()
        expect(page.locator(".messagelist")).to_contain_text("Accepted: the statement")
    candidate(page, "never recognise").get_by_role("button", name="Reject").click()
    expect(candidate(page, "never recognise", "rejected")).to_contain_text("Rejected; kept")

    intake.refresh_from_db()
    statements = Statement.objects.filter(source=intake.source)
    assert statements.count() == 3
    linked = Counterpart.objects.filter(demand__statement__source=intake.source)
    assert sorted(linked.values_list("answer", "note")) == [(a.pk, f"Meets {a.slug}.") for a in answers[:2]]
    for statement in statements:
        page.goto(f"/statements/{statement.pk}/")
        expect(page.locator("main")).to_contain_text(statement.demands.get().quote[:40])
        page.goto(f"/admin/negotiations/statement/{statement.pk}/history/")
        expect(page.locator("#content")).to_contain_text(f"From intake #{intake.pk}")
    page.goto(statements.get(demands__paraphrase__startswith="Ukraine's neutrality").demands.get().get_absolute_url())
    expect(page.locator("h1")).to_have_text("Ukraine's neutrality guaranteed in law.")

    page.goto(f"/admin/negotiations/intake/{intake.pk}/change/")
    page.get_by_role("button", name="Propose again").click()
    expect(page.locator(".messagelist")).to_contain_text("Proposing again")
    expect(candidate(page, "never recognise", "rejected")).to_have_count(1)
    expect(candidate(page, "never recognise")).to_have_count(0)
    expect(page.locator("li.candidate-accepted")).to_have_count(3)
    assert re.search(r"never recognise", page.locator("#candidates").inner_text())
