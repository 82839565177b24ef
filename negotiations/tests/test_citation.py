"""citation.py: the citation text, BibTeX, the headline search and the JSON-LD, without the database."""

import datetime
import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from negotiations.citing import citation

VERSION = SimpleNamespace(version=42, changed_at=datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC))
TODAY = datetime.date(2026, 11, 25)


def absolute(path):
    return f"https://example.org{path}"


def actor(name, kind="state", slug=None):
    slug = slug or name.lower().replace(" ", "-")
    return SimpleNamespace(name=name, kind=kind, get_absolute_url=lambda: f"/actors/{slug}/")


def source(slug, publisher, published_on, title="A title", kind="news_article", body="The text."):
    return SimpleNamespace(
        slug=slug,
        title=title,
        kind=kind,
        publisher=publisher,
        published_on=published_on,
        url="",
        archived_url="",
        body=body,
        get_absolute_url=lambda: f"/sources/{slug}/",
    )


EUROMAIDAN = source(
    "euromaidan", actor("Euromaidan Press", "media"), datetime.date(2025, 6, 3), "ISW: Russia wants Ukraine out"
)
ISW = source("isw", actor("Institute for the Study of War", "think_tank"), datetime.date(2025, 6, 2), kind="assessment")
TASS = source("tass", actor("TASS", "media"), datetime.date(2025, 6, 2), "Publication of the memorandum", body="")
CHAIN = [EUROMAIDAN, ISW, TASS]  # provenance.Trace.sources: the article held, then on to the first publication


def statement(**changes):
    fields = {
        "slug": "russian-memorandum",
        "title": "Russian memorandum",
        "kind": "official_document",
        "actor": actor("Russia"),
        "reported_by": None,
        "stated_on": datetime.date(2025, 6, 2),
        "date_precision": "day",
        "date_basis": "explicit",
        "date_display": "2 June 2025",
        "source": EUROMAIDAN,
        "quote": "Russia’s memorandum, published by TASS on 2 June, is split into three sections.",
        "wording": "reported",
        "get_absolute_url": lambda: "/statements/7/",
    }
    return SimpleNamespace(**(fields | changes))


def demand(**changes):
    fields = {
        "slug": "ru-neutrality",
        "paraphrase": "Ukraine's neutrality & no NATO.",
        "party": actor("Russia"),
        "statement": statement(),
        "quote": "permanent Ukrainian neutrality",
        "wording": "reported",
        "get_absolute_url": lambda: "/demands/ru-neutrality/",
    }
    return SimpleNamespace(**(fields | changes))


def cited(record=None, sources=CHAIN):
    return citation.of_demand(record or demand(), VERSION, absolute, TODAY, sources)


def test_a_citation_names_the_document_its_chain_the_record_version_and_versioned_permalink():
    assert cited().text() == (
        "Russian memorandum (Russia), TASS, 2 June 2025, as reported by Euromaidan Press, 3 June 2025, citing "
        "Institute for the Study of War, 2 June 2025. Ceasefire Positions, record of the term, paraphrased: "
        "Ukraine's neutrality & no NATO. Data version 42 of 20 November 2026. "
        "https://example.org/demands/ru-neutrality/?version=42, retrieved 25 November 2026."
    )


def test_a_paraphrase_is_never_in_quotation_marks_and_no_parentheses_nest():
    for record in (demand(), demand(statement=statement(actor=actor("Russian sources (Reuters, May 2024)")))):
        text = cited(record).text()
        assert "“" not in text and "”" not in text
        assert not re.search(r"\([^)]*\(", text), text
    sources = cited(demand(statement=statement(actor=actor("Russian sources (Reuters, May 2024)"))))
    assert sources.text().startswith("Russian memorandum, by Russian sources (Reuters, May 2024), TASS, 2 June 2025")


def test_the_permalink_is_the_records_page_at_the_version_cited_and_the_text_around_it():
    before, permalink, after = cited().parts()
    assert permalink == "https://example.org/demands/ru-neutrality/?version=42"
    assert before + permalink + after == cited().text()
    assert after == ", retrieved 25 November 2026."


def test_words_first_published_in_the_article_held_are_as_reported_by_it():
    remark = statement(
        title="Lavrov on neutral status",
        kind="public_remark",
        actor=actor("Sergei Lavrov", "person"),
        date_basis="relative",
        stated_on=None,
        date_precision="unknown",
        date_display="undated",
    )
    assert cited(demand(statement=remark), [EUROMAIDAN]).origin == (
        "Lavrov on neutral status (Sergei Lavrov), as reported by Euromaidan Press, 3 June 2025"
    )


def test_a_speakers_own_publication_is_not_reported_by_anyone():
    kremlin = source("kremlin", actor("Russia"), datetime.date(2025, 6, 2), "Memorandum")
    assert cited(demand(statement=statement(source=kremlin)), [kremlin]).origin == (
        "Russian memorandum (Russia), Russia, 2 June 2025"
    )


def test_a_relay_outside_the_chain_is_named_and_the_speakers_own_date_kept():
    call = statement(
        title="Putin to Vučić on a ceasefire",
        kind="public_remark",
        actor=actor("Vladimir Putin", "person"),
        reported_by=actor("Aleksandar Vučić", "person"),
        stated_on=datetime.date(2024, 10, 1),
        date_precision="month",
        date_display="October 2024",
    )
    assert cited(demand(statement=call)).origin.startswith(
        "Putin to Vučić on a ceasefire (Vladimir Putin), October 2024, according to Aleksandar Vučić, TASS, "
    )


def test_bibtex_escapes_special_characters_and_keeps_the_holder_one_name():
    bibtex = cited().bibtex()
    assert bibtex.startswith("@misc{ceasefire-positions:demand:ru-neutrality,\n")
    assert "title = {{Ukraine's neutrality \\& no NATO.}}" in bibtex
    assert "author = {{Russia}}" in bibtex
    assert "year = {2025}" in bibtex
    assert "howpublished = {Ceasefire Positions, data version 42}" in bibtex
    assert "note = {Russian memorandum (Russia), TASS, 2 June 2025, as reported by Euromaidan Press" in bibtex
    assert "url = {https://example.org/demands/ru-neutrality/?version=42}" in bibtex
    assert "urldate = {2026-11-25}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_csl_json_is_a_data_sets_record_a_reference_manager_reads():
    month = statement(date_precision="month", date_display="June 2025")
    (item,) = json.loads(cited(demand(statement=month)).csl_json())
    assert item["type"] == "dataset"
    assert item["title"] == "Ukraine's neutrality & no NATO."
    assert item["author"] == [{"literal": "Russia"}]
    assert item["version"] == "42"
    assert item["issued"] == {"date-parts": [[2026, 11, 20]]}
    assert item["original-date"] == {"date-parts": [[2025, 6]]}  # as precisely as the texts give it
    assert item["URL"] == "https://example.org/demands/ru-neutrality/?version=42"
    assert item["accessed"] == {"date-parts": [[2026, 11, 25]]}
    assert item["note"].startswith("Russian memorandum (Russia), June 2025, TASS, 2 June 2025, as reported by")


def test_ris_is_one_tag_a_line_from_type_to_end_of_record():
    lines = cited().ris().splitlines()
    assert lines[0] == "TY  - DATA" and lines[-1] == "ER  - "
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    tags = dict(line.split("  - ", 1) for line in lines)
    assert tags["UR"] == "https://example.org/demands/ru-neutrality/?version=42"
    assert tags["AU"] == "Russia" and tags["PB"] == "Ceasefire Positions" and tags["Y2"] == "2026/11/25"


def test_a_statement_and_a_source_are_cited_at_their_version_too():
    text = citation.of_statement(statement(), VERSION, absolute, TODAY, CHAIN).text()
    assert text.startswith("Russian memorandum (Russia), TASS, 2 June 2025, as reported by Euromaidan Press")
    assert "Ceasefire Positions, record of the statement. " in text
    assert "https://example.org/statements/7/?version=42" in text
    held = citation.of_source(EUROMAIDAN, VERSION, absolute, TODAY).text()
    assert held.startswith("Euromaidan Press, “ISW: Russia wants Ukraine out”, 3 June 2025. Ceasefire Positions")
    # A publication we know only from others has a description, not a headline: not quoted.
    assert (
        citation.of_source(TASS, VERSION, absolute, TODAY)
        .text()
        .startswith("TASS, Publication of the memorandum, 2 June 2025.")
    )


def test_a_comparison_is_cited_by_its_view():
    cited_view = citation.of_comparison(
        "A and B, term by term",
        "Russia; Ukraine",
        "",
        "left=a&right=b",
        "https://e.org/compare/?left=a&right=b",
        VERSION,
        TODAY,
        "A (Russia), 2 June 2025; B (Ukraine), 1 June 2025",
    )
    assert cited_view.text() == (
        "A (Russia), 2 June 2025; B (Ukraine), 1 June 2025. Ceasefire Positions, comparison: A and B, term by "
        "term. Data version 42 of 20 November 2026. https://e.org/compare/?left=a&right=b, retrieved 25 November 2026."
    )


def test_a_bibtex_key_holds_only_safe_characters():
    cited_view = citation.of_comparison("A and B", "Russia; Ukraine", "", "left=a b&right=c", "u", VERSION, TODAY)
    assert cited_view.bibtex_key() == "ceasefire-positions:comparison:left-a-b-right-c"


def test_the_headline_search_quotes_the_exact_title_and_names_the_publisher():
    url = citation.search_url("Putin overtly demands Ukraine's surrender", "Ukrainska Pravda")
    assert url.startswith(citation.SEARCH_ENGINE)
    assert parse_qs(urlsplit(url).query)["q"] == ['"Putin overtly demands Ukraine\'s surrender" Ukrainska Pravda']


def quotation(record, sources=CHAIN):
    about = citation.about_term(record, "Alliances") if hasattr(record, "party") else ()
    return citation.quotation(
        record,
        record.statement if hasattr(record, "party") else record,
        sources,
        "https://example.org/demands/ru-neutrality/",
        VERSION,
        absolute,
        about,
    )


def test_reported_words_are_credited_to_the_publication_and_are_about_the_speakers_document():
    data = quotation(demand())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Quotation"
    assert data["text"] == "permanent Ukrainian neutrality"
    assert data["creator"] == {"@type": "Organization", "name": "Euromaidan Press"}
    assert data["dateCreated"] == "2025-06-03"  # when the publication wrote them
    document, topic = data["about"]
    assert document["@type"] == "CreativeWork" and document["name"] == "Russian memorandum"
    assert document["creator"] == {"@type": "GovernmentOrganization", "name": "Russia"}
    assert document["dateCreated"] == "2025-06-02"
    assert topic == {"@type": "Thing", "name": "Alliances"}
    assert data["isPartOf"]["version"] == "42"


def test_own_words_are_credited_to_the_speaker_on_the_date_the_texts_give():
    data = quotation(demand(wording="own"))
    assert data["creator"] == {"@type": "GovernmentOrganization", "name": "Russia"}
    assert data["dateCreated"] == "2025-06-02"
    assert data["about"] == [{"@type": "Thing", "name": "Alliances"}]


def test_a_quotation_is_about_the_party_a_speaker_voiced_it_for():
    isw = actor("Institute for the Study of War", "think_tank")
    assessment = statement(kind="assessment", actor=isw, wording="own")
    data = quotation(demand(statement=assessment, wording="own"))
    assert data["creator"]["name"] == "Institute for the Study of War"
    assert data["about"][0] == {"@type": "GovernmentOrganization", "name": "Russia"}


def test_the_reporting_chain_is_nested_is_based_on_to_the_first_publication():
    based = quotation(demand())["isBasedOn"]
    assert based["@type"] == "NewsArticle" and based["publisher"]["name"] == "Euromaidan Press"
    assert based["mainEntityOfPage"] == "https://example.org/sources/euromaidan/"
    assert "url" not in based  # no address known: none is made up
    assert based["isBasedOn"]["publisher"]["name"] == "Institute for the Study of War"
    assert based["isBasedOn"]["isBasedOn"]["publisher"]["name"] == "TASS"
    assert "isBasedOn" not in based["isBasedOn"]["isBasedOn"]


def test_a_statements_quotation_needs_no_topic():
    data = quotation(statement(wording="own"), [EUROMAIDAN])
    assert data["text"] == statement().quote
    assert "about" not in data
    assert "isBasedOn" not in data["isBasedOn"]


def test_a_quotation_gives_a_date_at_the_precision_the_texts_give():
    month = statement(stated_on=datetime.date(2024, 10, 1), date_precision="month", wording="own")
    assert quotation(month)["dateCreated"] == "2024-10"


def test_a_report_date_is_not_given_as_the_date_the_words_were_said():
    reported = statement(date_basis="reported", wording="own")
    assert "dateCreated" not in quotation(reported)
    assert "dateCreated" not in quotation(demand(statement=reported, wording="reported"))["about"][0]


def test_json_ld_cannot_close_its_script_element():
    text = citation.ld_json({"text": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"text": "</script><script>alert(1)</script> & <!--"}
