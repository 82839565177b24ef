"""Pure provenance logic: the quote's passage, the citation chain, marked passages in a source's text."""

from negotiations.records.provenance import citation_chain, mark_passages, passage_around, trace


def test_passage_marks_the_quote_within_its_paragraph():
    body = "Headline\nFirst sentence. The second demands neutrality. Third sentence.\nFooter"
    assert passage_around(body, "demands neutrality") == (
        "First sentence. The second ",
        "demands neutrality",
        ". Third sentence.",
    )


def test_passage_is_cut_at_word_boundaries_in_a_long_paragraph():
    body = " ".join(f"word{n}" for n in range(200)) + " QUOTE " + " ".join(f"tail{n}" for n in range(200))
    before, quote, after = passage_around(body, "QUOTE", context=40)
    assert quote == "QUOTE"
    assert before.startswith("…") and after.endswith("…")
    assert len(before) <= 41 and len(after) <= 41
    assert before.endswith("word199 ")


def test_passage_of_a_quote_not_in_the_body_is_none():
    assert passage_around("Some text.", "not there") is None


def test_citation_chain_follows_citations_to_the_first_publication():
    cites = {"euromaidan": ["isw"], "isw": ["tass", "suspilne"], "tass": []}
    assert citation_chain("euromaidan", "tass", lambda s: cites.get(s, [])) == ["euromaidan", "isw", "tass"]
    assert citation_chain("euromaidan", None, lambda s: cites.get(s, [])) == ["euromaidan"]
    assert citation_chain("euromaidan", "reuters", lambda s: cites.get(s, [])) == ["euromaidan"]


def test_citation_chain_survives_a_cycle():
    cites = {"a": ["b"], "b": ["a"]}
    assert citation_chain("a", "c", lambda s: cites[s]) == ["a"]


def test_quoted_passages_are_marked_once_without_nesting():
    body = "Alpha beta gamma delta."
    segments = mark_passages(body, [("beta gamma", "s1"), ("gamma", "d1"), ("delta", "d2"), ("absent", "d3")])
    assert segments == [("Alpha ", None), ("beta gamma", "s1"), (" ", None), ("delta", "d2"), (".", None)]
    assert "".join(text for text, _ in segments) == body


def test_a_first_publication_reached_by_citations_is_in_the_chain_not_apart():
    cites = {"article": ["isw"], "isw": ["tass"]}
    found = trace("article", "tass", lambda source: cites.get(source, []))
    assert found.chain == ["article", "isw", "tass"]
    assert found.first_publication is None
    assert found.sources == ["article", "isw", "tass"]


def test_a_first_publication_no_recorded_citation_reaches_stands_apart():
    found = trace("article", "tass", lambda source: [])
    assert found.chain == ["article"]
    assert found.first_publication == "tass"
    # A citation names it all the same, as where the words first appeared.
    assert found.sources == ["article", "tass"]
    assert trace("article", None, lambda source: []).sources == ["article"]
