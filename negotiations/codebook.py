"""The codebook's words: what each stance, term status, relation, date precision, date basis and wording means, and
the rule for choosing it. The About page shows them beside the vocabularies in models.py; a test checks that every value
there has its definition here."""

from negotiations.dates import DateBasis, DatePrecision
from negotiations.models import Relation, Stance, Wording
from negotiations.statuses import TermStatus

STANCES = {
    Stance.DEMAND: "A term the party asks of the other side or of others (“Ukraine must withdraw …”).",
    Stance.PRECONDITION: "A term the party says must be met before talks, a ceasefire or a settlement can happen.",
    Stance.PROPOSAL: "A term the party offers or puts on the table, including options it says it would accept.",
    Stance.SIGNAL: (
        "A willingness the party is said to have, short of a term on the table: an openness its officials claim, "
        "or a private signal others report (“may be willing to”). Never an offer, and never linked as one."
    ),
    Stance.RED_LINE: "A term the party says it will never accept or give up.",
    Stance.REJECTION: "The party's refusal of a term or a proposal put forward by someone else.",
    Stance.AGREED: "A term both parties agreed on, as the texts report it (an exchange of prisoners, say).",
}

STATUSES = {
    TermStatus.PUT_FORWARD: (
        "The term as its own statement states it: every term starts here, on its statement's date, and is never "
        "recorded as a change."
    ),
    TermStatus.RESTATED: "The same party states the same term again, in a later statement of its own.",
    TermStatus.COUNTERED: (
        "The other party answered it: refused it, or set a term of its own against it (Russia's rejection of the "
        "30-day ceasefire offer)."
    ),
    TermStatus.ACCEPTED_IN_PRINCIPLE: (
        "The other party says it accepts the term, or is ready to, without an agreement on it being reported."
    ),
    TermStatus.AGREED: "Both parties agreed on it, as the text reports it (the prisoner exchange agreed at Istanbul).",
    TermStatus.IMPLEMENTED: "A text reports that what was agreed or offered was carried out.",
    TermStatus.WITHDRAWN: "Its party drops it, or says it no longer holds it, without putting another in its place.",
    TermStatus.SUPERSEDED: (
        "Its party replaces it with a later term of its own on the same matter: the change names that term, and "
        "from then on the later term is the party's position, never this one."
    ),
}
STATUS_RULE = (
    "A status change is recorded on a term only when a text shows it, with the statement that evidences it and "
    "the words of that text that show it, quoted verbatim: restated needs the party's own later statement; "
    "countered needs the other party's answer to it (its statement, or the report or assessment that carries it, "
    "whose reading the note names); accepted in principle needs the other party's acceptance; agreed needs both "
    "parties' agreement as the text reports it; implemented needs a report that it was carried out; withdrawn "
    "needs the party's own word that it no longer holds it; superseded names the later term of the same party "
    "that replaces it. Where the text is vague, no change is recorded, or its note says how far the text goes. "
    "A change is dated by its evidence, under the date rule; a term's status on a day is its latest change known "
    "by then."
)
STATUS_AS_OF_RULE = (
    "A record counts from the day it is known to have happened: a date known to the day from that day, one known "
    "only to the month or the year from the last day of that month or year, an undated one from the date of the "
    "report that carries it. So a position “as of 15 October 2024” never takes in a term or a change dated only "
    "“October 2024”, which may have come on the 20th; and a term withdrawn or superseded by then is no longer part "
    "of its party's position."
)

RELATIONS = {
    Relation.OPPOSED: (
        "The two terms cannot both be met: meeting one defeats the other (recognition of annexed regions "
        "against territorial integrity)."
    ),
    Relation.PARTIAL: (
        "The terms overlap but differ in scope, sequence or conditions: part of one meets part of the other "
        "(both want a ceasefire, one first, one only after withdrawals)."
    ),
    Relation.COMPATIBLE: "Both terms can be met together as worded (both propose an all-for-all prisoner exchange).",
}
RELATION_RULE = (
    "A link joins a term of one party to a term of the other that answers it, judged on what the two texts say, "
    "not on what a party might later concede; the relation is the definition above that the wording meets, and "
    "the link's note says in one neutral line how the terms meet."
)

DATE_PRECISIONS = {
    DatePrecision.DAY: "The text pins down the day (“on 2 June”).",
    DatePrecision.MONTH: "Only the month is known (“in early October 2024”); shown as “October 2024”.",
    DatePrecision.YEAR: "Only the year is known; shown as “2024”.",
    DatePrecision.UNKNOWN: (
        "No date can be given: shown as “undated, reported by 15 March 2025” and placed at the date of the report "
        "that carries it in every list in date order (never as the date it was said), or as “date unknown” when "
        "the report is undated too; left out of every date range."
    ),
}

DATE_BASES = {
    DateBasis.EXPLICIT: "The text gives the day (or month) and the year for this statement.",
    DateBasis.INFERRED: "The text gives the day and month (“on 4 July”); the year is the article's.",
    DateBasis.RELATIVE: "The text dates it only relative to something (“last week”, “earlier”); shown as approximate.",
    DateBasis.REPORTED: (
        "The text gives no date of its own: the date of the nearest dated report that carries it is used as an "
        "upper bound, and shown as “date of report”, never as the day it was said."
    ),
    DateBasis.NONE: "No date at all, and no dated report to bound it.",
}

WORDINGS = {
    Wording.OWN: (
        "The speaker's own words: the quote stands inside quotation marks in the source as theirs, or the source is a "
        "text the speaker published, carried verbatim. Shown as “Russia: “…””, and credited to the speaker."
    ),
    Wording.REPORTED: (
        "The source's report of them: the publication's own sentence about what was said or written, however close to "
        "it. Shown as “Euromaidan Press, reporting Russian memorandum (Russia): “…””, and credited to the publication."
    ),
}
WORDING_RULE = (
    "Whose words a quote is decides whom every page, citation and data block credits with them. A quote is the "
    "speaker's own only when the text shows it is (quotation marks around it as theirs, or their own published "
    "text); anything else, and any doubt, is the source's report, which never credits a speaker with words that are "
    "not theirs. A term's quote is judged as the words of the statement's speaker."
)
# The provenance rule “Commentary is a statement”: commentary is a statement, never a party's term.
COMMENTARY_RULE = (
    "A term is what a party asks, offers, refuses or agreed. A reading of a party's intent (what it “intends”, "
    "“believes” or would use a ceasefire for), by an analyst or an anonymous source, is a statement of whoever "
    "reads it so, never a term. A term that only an analyst reports says whose assessment it is at the start of "
    "its paraphrase (“(ISW's assessment) …”), and is a demand, a precondition or a rejection: an offer, a signal, "
    "a red line or an agreed outcome is a party's own act, which an analyst can only read into it."
)
# What the rule allows a term voiced by an analyst's assessment to be.
ANALYST_STANCES = frozenset({Stance.DEMAND, Stance.PRECONDITION, Stance.REJECTION})
# Words that make a quote a reading of intent, not a term: no term voiced by an assessment or an anonymous source
# stands on them (“another Russian source assessed that …”, “Russia intends to conquer more territory”).
READING_OF_INTENT = ("intends", "believes", "would use", "is trying", "feign", "assessed")

# The grid's "differences only" (/grid/?…&differences=1), as grid/grid.py applies it (its docstring says the same).
GRID_DIFFERENCES_RULE = (
    "A topic is hidden when every column holds terms on it and every pair of neighbouring columns agrees: two "
    "parties' terms joined only by counterpart links marked compatible, or one party's columns holding the same "
    "terms. On the topics shown, each column is compared with the one on its left. A new term: for one party, a term "
    "the left column does not hold; for two parties, this column speaks where the left one is silent. A dropped "
    "term: for one party, a term of the left column not held here, or superseded here by a later term; for two "
    "parties, this column is silent where the left one speaks. A changed relation: from the third column on, where "
    "the columns alternate between the parties and all three hold terms, the relations linking this column to its "
    "left neighbour differ from those linking that neighbour to the column before it (no link at all counts as a "
    "relation of its own)."
)
