"""wording.py: whose words a quote is, as every page, citation and JSON-LD block says it, without the database."""

from types import SimpleNamespace

from negotiations.citing import wording


def linked(name, url):
    return SimpleNamespace(name=name, get_absolute_url=lambda: url)


RUSSIA = linked("Russia", "/actors/russia/")
EUROMAIDAN = linked("Euromaidan Press", "/actors/euromaidan-press/")


def statement(**changes):
    fields = {
        "title": "Russian memorandum",
        "kind": "official_document",
        "actor": RUSSIA,
        "source": SimpleNamespace(publisher=EUROMAIDAN),
        "get_absolute_url": lambda: "/statements/7/",
    }
    return SimpleNamespace(**(fields | changes))


def test_own_words_are_the_speakers():
    words = wording.whose_words("own", statement())
    assert words.own
    assert words.says("Ukraine's neutrality") == "Russia: “Ukraine's neutrality”"
    assert words.parts() == [("Russia", "/actors/russia/")]


def test_reported_words_are_the_publications_reporting_the_speakers_document():
    words = wording.whose_words("reported", statement())
    assert not words.own
    assert words.author is EUROMAIDAN
    assert words.says("The second demands Kyiv demobilize") == (
        "Euromaidan Press, reporting Russian memorandum (Russia): “The second demands Kyiv demobilize”"
    )
    assert words.parts() == [
        ("Euromaidan Press", "/actors/euromaidan-press/"),
        (", reporting ", ""),
        ("Russian memorandum", "/statements/7/"),
        (" (", ""),
        ("Russia", "/actors/russia/"),
        (")", ""),
    ]


def test_reported_remarks_name_the_speaker_not_a_document():
    putin = linked("Vladimir Putin", "/actors/putin/")
    remark = statement(kind="public_remark", title="Putin at the SCO summit", actor=putin)
    assert wording.whose_words("reported", remark).label == "Euromaidan Press, reporting Vladimir Putin"


def test_a_name_with_its_own_parentheses_is_never_put_inside_more():
    sources = linked("Russian sources (Reuters, May 2024)", "/actors/sources/")
    document = statement(actor=sources)
    assert wording.whose_words("reported", document).label == (
        "Euromaidan Press, reporting Russian memorandum, by Russian sources (Reuters, May 2024)"
    )


def test_a_wording_it_does_not_know_never_credits_the_speaker():
    for value in ("", "OWN", None):
        assert wording.whose_words(value, statement()).author is EUROMAIDAN


def test_the_template_tag_escapes_every_name_and_the_quote_but_keeps_marks_made_safe():
    from django.utils.safestring import mark_safe

    from negotiations.templatetags.negotiations import words

    hostile = statement(actor=linked('<script>"x"</script>', "/actors/x/"), kind="public_remark")
    record = SimpleNamespace(wording="reported")
    html = words(record, hostile, "<b>bold</b>")
    assert "<script>" not in html and "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in html
    assert "“&lt;b&gt;bold&lt;/b&gt;”" in html
    assert words(record, hostile, mark_safe("a <mark>word</mark>")).endswith("“a <mark>word</mark>”</span>")
    assert words(record, statement()) == (
        '<span class="words-by"><a href="/actors/euromaidan-press/">Euromaidan Press</a>, reporting '
        '<a href="/statements/7/">Russian memorandum</a> (<a href="/actors/russia/">Russia</a>)</span>'
    )
