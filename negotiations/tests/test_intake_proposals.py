"""The proposer (issue 23): sentence and clause splitting with locators, attribution, dates under the rule, topic
and stance cues, wording; on small hand-made texts and on the curated articles (no database: the proposer reads
plain data)."""

import datetime

import pytest

from bench.intake_recall import measure
from negotiations.intake.dating import date_of
from negotiations.intake.locators import place
from negotiations.intake.proposals import ActorInfo, Document, TopicInfo, propose
from negotiations.intake.sentences import paragraphs, sentences

ACTORS = [
    ActorInfo("russia", "Russia", ("Russian Federation",), "state", "russia"),
    ActorInfo("ukraine", "Ukraine", ("Kyiv",), "state", "ukraine"),
    ActorInfo("putin", "Vladimir Putin", ("Putin",), "person", "russia", "russia"),
    ActorInfo("zelenskyy", "Volodymyr Zelenskyy", ("Zelensky",), "person", "ukraine", "ukraine"),
    ActorInfo("isw", "Institute for the Study of War", ("ISW",), "think_tank", "analyst"),
    ActorInfo("reuters", "Reuters", (), "media", "other"),
    ActorInfo("tass", "TASS", (), "media", "other"),
    ActorInfo("russian-sources-reuters", "Russian sources (Reuters, May 2025)", (), "group", "russia", "russia"),
]
TOPICS = [
    TopicInfo("ceasefire", "Ceasefire", ("ceasefire", "truce")),
    TopicInfo("territory", "Territory", ("territor", "withdraw", "oblast")),
    TopicInfo("alliances", "Alliances", ("NATO", "neutral")),
]
DAY = datetime.date(2025, 5, 28)


def one(text, **document):
    found = propose(Document(text, **document), ACTORS, TOPICS)
    assert len(found) == 1, found
    return found[0]


def texts(text):
    return [text[s.start : s.end] for p in paragraphs(text) for s in sentences(text, p)]


def test_sentences_keep_abbreviations_quotes_and_the_texts_typography():
    text = (
        "Mr. Smith met U.S. officials on Jan. 5. He said: “We will never agree. Never.” Costs: $2.2\xa0billion.\nNext"
    )
    assert texts(text) == [
        "Mr. Smith met U.S. officials on Jan. 5.",
        "He said: “We will never agree. Never.”",
        "Costs: $2.2\xa0billion.",
        "Next",
    ]


def test_a_line_break_ends_a_paragraph_and_a_bullet_is_not_quoted():
    text = "Intro line.\n  • an unconditional ceasefire;\n"
    assert [text[p.start : p.end] for p in paragraphs(text)] == ["Intro line.", "an unconditional ceasefire;"]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Russia’s memorandum is split into three sections.\nThe first demands withdrawal. It also calls for "
            "neutrality.\nThe second section outlines two ceasefire options. The first requires a withdrawal. The "
            "second demands elections.\nThe third section proposes a truce.",
            ["paragraph 1", "§1", "§1", "§2", "§2, option 1", "§2, option 2", "§3"],
        ),
        (
            "Ukraine’s memorandum outlines four core proposals:\n• a ceasefire;\n• an exchange of prisoners.\nAfter.",
            ["paragraph 1", "proposal 1", "proposal 2", "paragraph 4"],
        ),
        ("The plan says:\n1. Ukraine must withdraw.\nPoint 12: Kyiv must disarm.\n§3 No NATO.", None),
    ],
)
def test_clauses_take_the_locator_the_text_gives_them(text, expected):
    locators = [p.locator for p in place(text) if not p.heading]
    if expected is None:
        assert locators[1:] == ["point 1", "point 12", "§3"]
    else:
        assert locators == expected


def test_a_reporting_verb_names_the_speaker_and_the_parent_names_the_party():
    proposal = one("Putin demanded that Ukraine withdraw from four oblasts.", publisher="reuters", published_on=DAY)
    assert (proposal.speaker, proposal.party, proposal.reported_by) == ("putin", "russia", "reuters")
    assert proposal.topic == "territory" and proposal.stance == "demand"


def test_an_outlet_is_never_the_speaker_it_is_cited():
    proposal = one("Reuters reported that Zelensky rejected any truce.", publisher="tass")
    assert (proposal.speaker, proposal.party, proposal.cited) == ("zelenskyy", "ukraine", "reuters")


def test_according_to_an_analyst_its_own_assessment_is_its_statement():
    proposal = one("According to ISW, Russia demands Ukraine's neutrality.", published_on=DAY)
    assert proposal.speaker == "isw" and proposal.party == "russia" and proposal.cited == "isw"
    # An analyst voices only the stances the commentary rule allows; a reading of intent is no term.
    assert proposal.stance == "demand"
    assert one("ISW said that Putin intends to seize more territory.").stance is None


def test_an_anonymous_source_is_its_group_actor():
    text = "“Putin is ready to make peace but not at any price,” one senior Russian source said."
    proposal = one(text, published_on=DAY)
    assert (proposal.speaker, proposal.party, proposal.stance) == ("russian-sources-reuters", "russia", "red_line")


def test_an_alias_names_its_actor_and_a_sentence_without_one_takes_the_speaker_before():
    found = propose(Document("Kyiv insists on a truce. It must hold in every oblast."), ACTORS, TOPICS)
    assert [(p.speaker, p.party) for p in found] == [("ukraine", "ukraine"), ("ukraine", "ukraine")]


@pytest.mark.parametrize(
    "sentence, published_on, stated_on, precision, basis",
    [
        ("As of 2 June 2025, Russia holds it.", None, datetime.date(2025, 6, 2), "day", "explicit"),
        ("Putin spoke on 4 July.", datetime.date(2024, 7, 5), datetime.date(2024, 7, 4), "day", "inferred"),
        ("Putin spoke on 30 December.", datetime.date(2025, 1, 5), datetime.date(2024, 12, 30), "day", "inferred"),
        ("Putin spoke on 4 July.", None, None, "unknown", "none"),
        ("They spoke in early October 2024.", None, datetime.date(2024, 10, 1), "month", "explicit"),
        ("Putin agreed last week.", DAY, datetime.date(2025, 5, 1), "month", "relative"),
        ("Earlier, Lavrov insisted.", DAY, None, "unknown", "relative"),
        ("Reuters reported on 20 May that Putin insists.", DAY, datetime.date(2025, 5, 20), "day", "reported"),
        ("Putin insists.", DAY, DAY, "day", "reported"),
        ("Putin insists.", None, None, "unknown", "none"),
    ],
)
def test_dates_follow_the_rule(sentence, published_on, stated_on, precision, basis):
    dated = date_of(sentence, published_on)
    assert (dated.stated_on, dated.precision, dated.basis) == (stated_on, precision, basis)
    assert (dated.stated_on is None) == (dated.precision == "unknown")  # the database's constraint
    if basis == "reported" and stated_on == published_on:
        assert "reported by 28 May 2025" in dated.note


def test_a_topic_is_the_one_whose_keywords_the_sentence_names_most_and_a_tie_goes_to_the_earlier():
    assert one("Putin demands a truce and a withdrawal from NATO territory.").topic == "territory"
    assert one("Putin demands a truce on NATO’s terms.").topic == "ceasefire"


@pytest.mark.parametrize(
    "sentence, stance",
    [
        ("Putin rejected the truce.", "rejection"),
        ("Putin offered a truce.", "proposal"),
        ("Putin said Russia will never accept NATO.", "red_line"),
        ("Putin demands neutrality as a precondition for a truce.", "precondition"),
        ("Russia and Ukraine agreed on a prisoner exchange, Putin said.", "agreed"),
        ("Putin may be willing to drop the demand for neutrality.", "signal"),
    ],
)
def test_stance_cues(sentence, stance):
    assert one(sentence).stance == stance


def test_own_words_only_inside_the_speakers_quotation_marks_or_their_own_text():
    quoted = "“Russia will never give up the four oblasts,”"
    assert one(f"{quoted} Putin said.").wording == "reported"  # the sentence holds more than the quotation
    assert one("Putin said Ukraine must withdraw.").wording == "reported"
    assert one("Russia demands that Ukraine withdraw.", publisher="russia").wording == "own"
    text = "Quote from ISW: “Russia must not win this war on any territory.”"
    proposals = propose(Document(text), ACTORS, TOPICS)
    assert proposals and all(p.quote == text[p.start : p.end] for p in proposals)


def test_page_furniture_and_headlines_are_not_proposed():
    text = "Support Us\nPutin Rejects Ceasefire Talks Again\nPutin rejected the truce.\n"
    assert [p.quote for p in propose(Document(text), ACTORS, TOPICS)] == ["Putin rejected the truce."]


def test_on_the_curated_articles_the_proposer_meets_the_issues_goals():
    """The real measurement (bench/intake_recall.py), from the curated topics and actors only: it fails when the
    proposer regresses."""
    tally = measure()
    assert tally.terms >= 57
    assert tally.recalled / tally.terms >= 0.90, tally.misses
    assert tally.agree["party"] / tally.recalled >= 0.95, tally.disagreements
    assert tally.agree["topic"] / tally.recalled >= 0.75, tally.disagreements
    assert tally.holding_term / tally.candidates >= 0.35  # precision, as measured (48%): no flood of candidates
