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


def test_the_template_tag_escapes_every_name_and_the_quote_and_marks_the_searched_words():
    from negotiations.templatetags.negotiations import words

    hostile = statement(actor=linked('<script>"x"</script>', "/actors/x/"), kind="public_remark")
    record = SimpleNamespace(wording="reported")
    html = words(record, hostile, "<b>bold</b>")
    assert "<script>" not in html and "&lt;script&gt;&quot;x&quot;&lt;/script&gt;" in html
    assert "“&lt;b&gt;bold&lt;/b&gt;”" in html
    assert words(record, hostile, "a <word>", marking=["word"]).endswith("“a &lt;<mark>word</mark>&gt;”</span>")
    assert words(record, statement()) == (
        '<span class="words-by"><a href="/actors/euromaidan-press/">Euromaidan Press</a>, reporting '
        '<a href="/statements/7/">Russian memorandum</a> (<a href="/actors/russia/">Russia</a>)</span>'
    )


# --- A quote in marks: a quotation inside it takes single marks, so no page shows doubled marks ----------------


def test_a_quote_is_put_in_double_marks():
    assert wording.in_marks("a neutral status") == "“a neutral status”"


def test_a_quote_that_begins_with_a_quotation_takes_single_marks_inside():
    quote = "“underscore the refusal” of the Russian president to accept the proposal"
    assert wording.in_marks(quote) == "“‘underscore the refusal’ of the Russian president to accept the proposal”"


def test_a_quote_that_ends_with_a_quotation_takes_single_marks_inside():
    assert (
        wording.in_marks("Russian demands for Ukrainian “neutrality”") == "“Russian demands for Ukrainian ‘neutrality’”"
    )
    assert wording.in_marks('its so-called "special military operation"') == (
        "“its so-called ‘special military operation’”"
    )


def test_a_quote_wholly_in_marks_is_not_marked_twice():
    assert (
        wording.in_marks("“show for childless European grandmothers”") == "“‘show for childless European grandmothers’”"
    )


def test_apostrophes_and_single_marks_are_left_as_they_are():
    assert wording.in_marks("the conflict’s ‘root causes’") == "“the conflict’s ‘root causes’”"


def test_what_a_reader_may_repeat_has_no_doubled_marks():
    words = wording.whose_words("own", statement())
    assert words.says("“underscore the refusal” of Kyiv") == "Russia: “‘underscore the refusal’ of Kyiv”"
