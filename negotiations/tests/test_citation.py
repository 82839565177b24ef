"""citation.py: the citation text, BibTeX, the headline search and the JSON-LD, without the database."""

import datetime
import json
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from negotiations.citing import citation

VERSION = SimpleNamespace(version=42, changed_at=datetime.datetime(2026, 11, 20, 9, 30, tzinfo=datetime.UTC))
TODAY = datetime.date(2026, 11, 25)


def absolute(path):
    return f"https://example.org{path}"


def statement(**changes):
    fields = {
        "slug": "russian-memorandum",
        "title": "Russian memorandum",
        "actor": SimpleNamespace(name="Russia", kind="state"),
        "stated_on": datetime.date(2025, 6, 2),
        "date_precision": "day",
        "date_basis": "explicit",
        "date_display": "2 June 2025",
        "source": SimpleNamespace(
            slug="euromaidan",
            title="ISW: Russia wants Ukraine out of its own cities",
            kind="news_article",
            publisher=SimpleNamespace(name="Euromaidan Press"),
            published_on=datetime.date(2025, 6, 3),
            url="",
            archived_url="",
            get_absolute_url=lambda: "/sources/euromaidan/",
        ),
        "get_absolute_url": lambda: "/statements/7/",
    }
    return SimpleNamespace(**(fields | changes))


def demand():
    return SimpleNamespace(
        slug="ru-neutrality",
        paraphrase="Ukraine's neutrality & no NATO",
        party=SimpleNamespace(name="Russia"),
        statement=statement(),
        get_absolute_url=lambda: "/demands/ru-neutrality/",
    )


def test_a_citation_names_site_record_holder_date_version_permalink_and_retrieval():
    text = citation.of_demand(demand(), VERSION, absolute, TODAY).text()
    assert text == (
        "Ceasefire Positions, “Ukraine's neutrality & no NATO” (Russia, 2 June 2025). Data version 42 of "
        "20 November 2026. https://example.org/demands/ru-neutrality/ (retrieved 25 November 2026)."
    )


def test_bibtex_escapes_special_characters_and_keeps_the_holder_one_name():
    bibtex = citation.of_demand(demand(), VERSION, absolute, TODAY).bibtex()
    assert bibtex.startswith("@misc{ceasefire-positions:demand:ru-neutrality,\n")
    assert "title = {{Ukraine's neutrality \\& no NATO}}" in bibtex
    assert "author = {{Russia}}" in bibtex
    assert "year = {2025}" in bibtex
    assert "howpublished = {Ceasefire Positions, data version 42}" in bibtex
    assert "url = {https://example.org/demands/ru-neutrality/}" in bibtex
    assert "urldate = {2026-11-25}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")


def test_a_bibtex_key_holds_only_safe_characters():
    cited = citation.of_comparison("A and B", "Russia; Ukraine", "", "left=a b&right=c", "u", VERSION, TODAY)
    assert cited.bibtex_key() == "ceasefire-positions:comparison:left-a-b-right-c"


def test_the_headline_search_quotes_the_exact_title_and_names_the_publisher():
    url = citation.search_url("Putin overtly demands Ukraine's surrender", "Ukrainska Pravda")
    assert url.startswith(citation.SEARCH_ENGINE)
    assert parse_qs(urlsplit(url).query)["q"] == ['"Putin overtly demands Ukraine\'s surrender" Ukrainska Pravda']


def test_a_quotation_says_who_said_what_when_and_in_which_publication():
    data = citation.quotation("the words", statement(), "https://example.org/statements/7/", VERSION, absolute)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Quotation"
    assert data["text"] == "the words"
    assert data["creator"] == {"@type": "GovernmentOrganization", "name": "Russia"}
    assert data["dateCreated"] == "2025-06-02"
    assert data["isBasedOn"]["@type"] == "NewsArticle"
    assert data["isBasedOn"]["publisher"]["name"] == "Euromaidan Press"
    assert data["isBasedOn"]["mainEntityOfPage"] == "https://example.org/sources/euromaidan/"
    assert "url" not in data["isBasedOn"]  # no address known: none is made up
    assert data["isPartOf"]["version"] == "42"


def test_a_quotation_gives_a_date_at_the_precision_the_texts_give():
    month = statement(stated_on=datetime.date(2024, 10, 1), date_precision="month")
    assert citation.quotation("w", month, "u", VERSION, absolute)["dateCreated"] == "2024-10"


def test_a_report_date_is_not_given_as_the_date_the_words_were_said():
    reported = statement(date_basis="reported")
    assert "dateCreated" not in citation.quotation("w", reported, "u", VERSION, absolute)


def test_json_ld_cannot_close_its_script_element():
    text = citation.ld_json({"text": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"text": "</script><script>alert(1)</script> & <!--"}
