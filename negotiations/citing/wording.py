"""Whose words a quote is (the provenance rule “Whose words”), decided here for every page, export, citation and
JSON-LD block. Pure: no request, no ORM.

A quote is either the speaker's own words (a direct quotation in its source, or a text the speaker published) or
its source's report of them. Own words are the speaker's: “Russia: “…””. Reported words are the publication's
that carries them, and it is named as their author, with what it reports: “Euromaidan Press, reporting Russian
memorandum (Russia): “…””. A reader must never take a newspaper's summary for a party's text.
"""

from dataclasses import dataclass
from typing import Protocol

# The values of models.Wording (this module does not import the models).
OWN = "own"
REPORTED = "reported"


class Linked(Protocol):
    @property
    def name(self) -> str: ...
    def get_absolute_url(self) -> str: ...


class Carrier(Protocol):
    @property
    def publisher(self) -> Linked: ...


class Voiced(Protocol):
    """A statement, as far as whose words are concerned: who said it, what it is, and the text that carries it."""

    @property
    def actor(self) -> Linked: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def source(self) -> Carrier: ...
    def get_absolute_url(self) -> str: ...


# A statement of this kind is a document; its words are reported as the document's, by its title.
DOCUMENT_KIND = "official_document"


def held_by(title: str, holder: str) -> str:
    """“Russian memorandum (Russia)”; never parentheses inside parentheses: a name that has its own (“Russian
    sources (Reuters, May 2024)”) follows after a comma instead."""
    return "".join(text for text, _ in held_by_parts(title, "", holder, ""))


type Part = tuple[str, str]  # a piece of text, and the address it links to ("" for none)


def held_by_parts(title: str, title_url: str, holder: str, holder_url: str) -> list[Part]:
    if "(" in holder:
        return [(title, title_url), (", by ", ""), (holder, holder_url)]
    return [(title, title_url), (" (", ""), (holder, holder_url), (")", "")]


@dataclass(frozen=True)
class Words:
    """Whose the words are: `author` wrote them (the speaker, or the publication that carries them); for reported
    words, `speaker` is who or what they report, `document` the statement when it is a document."""

    own: bool
    author: Linked
    speaker: Linked
    document: Voiced | None = None

    def parts(self) -> list[Part]:
        """The label in pieces, each with the page it links to: what a page shows (the `words` template tag)."""
        author = [(self.author.name, self.author.get_absolute_url())]
        if self.own:
            return author
        speaker = self.speaker.name, self.speaker.get_absolute_url()
        if self.document is None:
            return [*author, (", reporting ", ""), speaker]
        document = self.document.title, self.document.get_absolute_url()
        return [*author, (", reporting ", ""), *held_by_parts(*document, *speaker)]

    @property
    def label(self) -> str:
        """“Russia”, or “Euromaidan Press, reporting Russian memorandum (Russia)”."""
        return "".join(text for text, _ in self.parts())

    def says(self, quote: str) -> str:
        """The quote as a reader may repeat it: “Russia: “…””."""
        return f"{self.label}: {in_marks(quote)}"


# A quotation inside a quote takes single marks, as English print nests them: the quote “‘underscore the refusal’
# of the president” instead of ““underscore the refusal” of the president”. Only the marks change, never a word;
# the passage on the term's page shows the source's own marks. Apostrophes and single marks stay as they are.
INNER_MARKS = str.maketrans({"“": "‘", "”": "’"})


def in_marks(quote: str) -> str:
    """The quote as every page, citation and export shows it: in double marks, with its own double marks (curly,
    or straight, read as opening after a space or at the start) turned single."""
    pieces = quote.translate(INNER_MARKS).split('"')
    nested = pieces[0]
    for piece in pieces[1:]:
        nested += "‘" if not nested or nested[-1].isspace() or nested[-1] in "([" else "’"
        nested += piece
    return f"“{nested}”"


def whose_words(wording: str, statement: Voiced) -> Words:
    """`wording` is a statement's or a term's (models.Wording); `statement` the one that voiced it. Anything but
    own words is the source's report: a value this module does not know never credits a speaker."""
    speaker = statement.actor
    if wording == OWN:
        return Words(own=True, author=speaker, speaker=speaker)
    document = statement if statement.kind == DOCUMENT_KIND else None
    return Words(own=False, author=statement.source.publisher, speaker=speaker, document=document)
