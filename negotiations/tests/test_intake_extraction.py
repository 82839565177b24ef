"""A document brought in: its main text, its metadata and what was cut (intake/extraction.py)."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings

from negotiations.intake.extraction import ExtractionError, dateline, extract, is_furniture

PAGE = Path(__file__).parent / "data" / "up_article.html"
ARTICLES = Path(settings.BASE_DIR) / "fixtures" / "articles"


@pytest.fixture(scope="module")
def page():
    return extract(PAGE.read_text(encoding="utf-8"), is_html=True)


def test_a_page_keeps_its_article_as_the_page_has_it(page):
    assert page.text.startswith("Putin overtly demands Ukraine's surrender for ceasefire – ISW\n")
    # Every paragraph, the curly and the straight apostrophes as they stand in the page.
    assert "Ukraine’s Verkhovna Rada (Parliament) as illegitimate or unsuitable for talks." in page.text
    assert 'demanding Ukraine\'s "irreversible" demilitarisation as a precondition' in page.text
    assert "Russian forces recently advanced near Kreminna, Avdiivka and Donetsk City." in page.text
    assert "Putin's stance shows his confidence" in page.text


def test_a_page_says_what_was_cut_and_keeps_none_of_it(page):
    furniture = [
        "Support Us",
        "News",
        "Follow Ukrainska Pravda on Telegram for the latest news",
        "Support UP or become our patron!",
        "Related news",
        "Zelensky meets Orbán in Kyiv: first visit in 12 years",
        "NATO summit in Washington to open on 9 July",
        "© 2000-2024 Ukrainska Pravda. All rights reserved.",
        "Ukrainska Pravda in Telegram",
    ]
    for line in furniture:
        assert line in page.cut
        assert line not in page.text
    # What the text holds is not listed as cut; nor the title and author, read as metadata; nor what is hidden.
    assert not any("Shanghai Cooperation Organisation" in line for line in page.cut)
    assert "Putin overtly demands Ukraine's surrender for ceasefire – ISW" not in page.cut
    assert "Kateryna Tyshchenko" not in page.cut
    assert not any("dataLayer" in line or "display: flex" in line for line in page.cut)
    assert len(page.cut) == len(set(page.cut))


def test_a_page_gives_its_metadata_from_its_markup(page):
    assert page.title == "Putin overtly demands Ukraine's surrender for ceasefire – ISW"
    assert page.publisher == "Ukrainska Pravda"
    assert page.published_on == datetime.date(2024, 7, 5)
    assert page.author == "Kateryna Tyshchenko"
    assert page.url == "https://www.pravda.com.ua/eng/news/2024/07/5/7464214/"
    assert page.raw == PAGE.read_text(encoding="utf-8")


def test_a_page_without_a_date_in_its_markup_gets_none_not_a_copyright_year():
    paragraph = "<p>" + "Putin said the ceasefire would wait for the talks in Istanbul. " * 6 + "</p>"
    footer = "<footer>© 2000-2024</footer>"
    page = f"<html><body><article><h1>Talks wait</h1>{paragraph * 3}</article>{footer}</body></html>"
    extracted = extract(page, is_html=True)
    assert extracted.published_on is None
    assert extracted.publisher == extracted.author == extracted.url == ""


def test_an_xhtml_page_declaring_its_encoding_is_read():
    paragraph = "<p>" + "The memorandum lists the terms of a ceasefire, one by one. " * 6 + "</p>"
    page = f'<?xml version="1.0" encoding="utf-8"?><html><body><article>{paragraph * 2}</article></body></html>'
    assert "The memorandum lists the terms" in extract(page, is_html=True).text


@pytest.mark.parametrize("name", sorted(path.name for path in ARTICLES.glob("*.txt")))
def test_a_text_is_kept_whole(name):
    raw = (ARTICLES / name).read_text(encoding="utf-8")
    assert extract(raw, is_html=False).text == raw
    crlf = raw.replace("\n", "\r\n")
    assert extract(crlf, is_html=False).text == raw
    assert extract(crlf, is_html=False).raw == crlf


@pytest.mark.parametrize(
    ("name", "title", "published_on", "cut"),
    [
        (
            "000_df466fa23f03ae7b.txt",
            "Putin overtly demands Ukraine's surrender for ceasefire – ISW",
            datetime.date(2024, 7, 5),  # “Friday, 5 July 2024, 04:52”
            ("Support Us", "Support UP or become our patron!"),
        ),
        ("001_7635a7e0255b355a.txt", None, datetime.date(2024, 11, 1), ("Support UP or become our patron!",)),
        # Kyiv Post's capture opens with a paragraph and gives no dateline: no title, no date, never a guess.
        (
            "002_0c1d219b95961d94.txt",
            "",
            None,
            ("JOIN US ON TELEGRAM", "You can also highlight the text and press Ctrl + Enter"),
        ),
        ("003_db9b9323623db77e.txt", "ISW: Putin Rejects Ceasefire Talks", datetime.date(2025, 3, 15), ()),
        ("004_aa088b757c5ea7de.txt", None, datetime.date(2025, 6, 3), ()),  # “3 juin 2025 à 07:23”
    ],
)
def test_a_text_gives_its_title_dateline_and_furniture(name, title, published_on, cut):
    extracted = extract((ARTICLES / name).read_text(encoding="utf-8"), is_html=False)
    if title is not None:
        assert extracted.title == title
    assert extracted.published_on == published_on
    assert extracted.cut == cut
    # Left in the text, for the curator to judge.
    assert all(line in extracted.text for line in cut)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Friday, 5 July 2024, 04:52", datetime.date(2024, 7, 5)),
        ("Nov 1, 2024 - 18:00", datetime.date(2024, 11, 1)),
        ("11- 15.03.2025, 10:41", datetime.date(2025, 3, 15)),
        ("3 juin 2025 à 07:23", datetime.date(2025, 6, 3)),
        ("2025-06-02", datetime.date(2025, 6, 2)),
        ("31 June 2025", None),  # no such day
        ("Talks resumed on 2 June 2025", None),  # a sentence that mentions a date
        ("4 July", None),  # no year: the text's, which a dateline does not say
    ],
)
def test_a_dateline_is_a_date_and_little_else(line, day):
    assert dateline(line) == day


@pytest.mark.parametrize(
    "line",
    [
        "Zelensky wrote on Telegram:",
        "Support for the ceasefire grew in Kyiv, according to a poll published by the Kyiv International Institute.",
        "Related talks are planned for June.",
        "Russia demands that Ukraine follow the terms of the memorandum published on Telegram by TASS.",
    ],
)
def test_furniture_is_told_from_text_conservatively(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(
    ("raw", "is_html", "message"),
    [
        ("", False, "empty"),
        (" \n\t ", True, "empty"),
        ("%PDF-1.7\x00\x00\x01\x02binary", False, "not text"),
        (os.urandom(4096).decode("latin-1"), True, "not text"),
        ("Putin said the ceasefire would wait.", True, "not HTML"),
        ("<div><div><span></span></div></div>", True, "No main text"),
    ],
)
def test_bad_input_is_refused_with_a_reason(raw, is_html, message):
    with pytest.raises(ExtractionError, match=message) as refused:
        extract(raw, is_html=is_html)
    assert isinstance(refused.value, ValueError)
