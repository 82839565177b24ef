"""Quote matching that forgives typography only (intake/typography.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from negotiations.intake.typography import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES, find_verbatim, typography_key

SOURCE = "Putin demanded Ukraine’s “irreversible” demilitarisation – ISW said.\nThe second\xa0point follows."


def test_keys_differ_in_typography_only():
    assert typography_key("Ukraine’s “irreversible”") == typography_key('Ukraine\'s "irreversible"')
    assert typography_key("ceasefire – ISW") == typography_key("ceasefire - ISW") == typography_key("ceasefire—ISW")
    assert typography_key("  two\n\tlines\xa0here ") == "two lines here"


@pytest.mark.parametrize(
    "other",
    ["Ukraines demilitarisation", "ukraine’s demilitarisation", "Ukraine’s demilitarization", "Ukraine’s."],
)
def test_keys_keep_letters_case_and_other_marks(other):
    assert typography_key(other) != typography_key("Ukraine’s demilitarisation")


def test_a_typed_quote_is_found_where_the_source_has_it_and_as_it_has_it():
    typed = 'Ukraine\'s "irreversible" demilitarisation - ISW'
    start, end = find_verbatim(typed, SOURCE)
    assert SOURCE[start:end] == "Ukraine’s “irreversible” demilitarisation – ISW"


def test_whitespace_across_lines_and_no_break_spaces_is_forgiven():
    start, end = find_verbatim("said. The second point", SOURCE)
    assert SOURCE[start:end] == "said.\nThe second\xa0point"


@pytest.mark.parametrize("typed", ["Ukraine's irreversible", "ukraine’s", "demilitarization", "", "   "])
def test_anything_but_typography_is_not_forgiven(typed):
    assert find_verbatim(typed, SOURCE) is None


def test_the_first_occurrence_is_given():
    assert find_verbatim("it's", "It's here; it’s there; it's again") == (11, 15)


def test_a_needle_with_regex_characters_is_matched_literally():
    text = "Option (2) [sic] costs $2.2 billion + 100*3?"
    start, end = find_verbatim("(2) [sic] costs $2.2 billion + 100*3?", text)
    assert text[start:end] == "(2) [sic] costs $2.2 billion + 100*3?"
    assert find_verbatim("2x2", "2.2") is None


# A source's text, with the marks typography varies in among plain letters.
MARKS = SINGLE_QUOTES + DOUBLE_QUOTES + DASHES
texts = st.text(alphabet=st.sampled_from("abcXYZ.,;" + MARKS + " \n\xa0"), min_size=1, max_size=80)
variant_of = {
    **{mark: st.sampled_from(SINGLE_QUOTES) for mark in SINGLE_QUOTES},
    **{mark: st.sampled_from(DOUBLE_QUOTES) for mark in DOUBLE_QUOTES},
    **{mark: st.sampled_from(DASHES) for mark in DASHES},
    **{space: st.sampled_from([" ", "  ", "\n", "\xa0", "\t "]) for space in " \n\xa0"},
}


@st.composite
def source_and_typed_slice(draw):
    """A text, a slice of it starting and ending on a non-space, and that slice retyped: each quote, apostrophe
    and dash swapped for another of its kind, each space for other whitespace, and the space beside a dash
    dropped or kept."""
    text = draw(texts)
    marks = [at for at, char in enumerate(text) if not char.isspace()]
    if not marks:
        text, marks = text + "a", [len(text)]
    start = draw(st.sampled_from(marks))
    end = draw(st.sampled_from([at for at in marks if at >= start])) + 1
    typed = "".join(draw(variant_of[char]) if char in variant_of else char for char in text[start:end])
    return text, start, end, typed


@given(source_and_typed_slice())
def test_a_retyped_slice_is_found_at_its_first_occurrence(case):
    text, start, end, typed = case
    found = find_verbatim(typed, text)
    assert found is not None
    assert typography_key(text[found[0] : found[1]]) == typography_key(text[start:end])
    assert found[0] <= start
    # Found where the text has it: a span that starts and ends on the quote's own characters.
    assert not text[found[0]].isspace() and not text[found[1] - 1].isspace()
