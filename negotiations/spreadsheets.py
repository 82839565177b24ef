"""Text written to a CSV file a spreadsheet may open: the explorer's exports and the data package's tables.

A cell that starts with one of FORMULA_STARTS is a formula to a spreadsheet (OWASP, "CSV injection"), so such a
text is written with an apostrophe in front, which a spreadsheet reads as "this is text". A text that starts with
an apostrophe already gets one more, so the rule can be undone exactly: a text cell that starts with an apostrophe
lost its first character to this rule, and nothing else did (`exact_text`).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARK = "'"

# What the data package's description says of every text cell (data/datapackage.py).
RULE = (
    "A text cell that would start with =, +, -, @, a tab, a carriage return or an apostrophe is written with one "
    "apostrophe (') in front, so that a spreadsheet opening the file shows it as text and never runs it; remove "
    "the first character of a text cell that starts with an apostrophe to read the exact text."
)


def spreadsheet_safe[T](value: T) -> T | str:
    """The text as a spreadsheet will show it and never run it (the rule above); any other value unchanged."""
    return MARK + value if isinstance(value, str) and value.startswith((*FORMULA_STARTS, MARK)) else value


def exact_text(cell: str) -> str:
    """The text a cell written by spreadsheet_safe holds."""
    return cell.removeprefix(MARK)
