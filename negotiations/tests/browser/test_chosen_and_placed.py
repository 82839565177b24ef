"""Issue 19's problems 6 and 7 as a reader met them in the browser: a curator's new record replaced the home
page's comparison, and an undated term read as a party's latest word."""

import datetime
import re

import pytest

from negotiations.models import Demand, Side, Statement, Topic
from negotiations.tests.factories import DemandFactory, StatementFactory

pytestmark = pytest.mark.browser


def test_a_curators_newer_official_document_leaves_the_home_page_on_the_memoranda(page, expect):
    russia = Statement.objects.filter(kind=Statement.Kind.OFFICIAL_DOCUMENT, actor__side=Side.RUSSIA).first().actor
    newer = StatementFactory(
        title="A one-term test statement",
        actor=russia,
        kind=Statement.Kind.OFFICIAL_DOCUMENT,
        stated_on=datetime.date(2025, 6, 20),
    )
    DemandFactory(party=russia, statement=newer, topic=Topic.objects.first())

    page.goto("/")
    comparing = page.locator("#comparing")
    expect(comparing).to_contain_text("Russian memorandum")
    expect(comparing).not_to_contain_text("A one-term test statement")
    expect(page.locator("#comparison")).not_to_contain_text("A one-term test statement")


def test_an_undated_term_stands_at_its_reports_date_in_the_topic_story_labelled_so(page, expect):
    undated = Demand.objects.get(slug="ru-2025-03-alternative-suspension-of-hostilities")
    page.goto(f"/topics/{undated.topic.slug}/")
    dates = page.locator("table.story tbody th.story-date").all_inner_texts()
    label = "undated, reported by 15 March 2025"
    assert label in dates, dates
    after = dates[dates.index(label) + 1 :]
    # What follows it is later: June 2025 comes after, so the undated item no longer reads as Russia's latest word.
    assert any(re.search(r"June 2025", text) for text in after), dates
    row = page.locator("table.story tbody tr", has=page.locator("th", has_text=label))
    expect(row).to_contain_text(undated.paraphrase[:40])
