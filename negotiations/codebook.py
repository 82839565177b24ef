"""The codebook's words: what each stance, relation, date precision, date basis and wording means, and the rule for
choosing it. The About page shows them beside the vocabularies in models.py; a test checks that every value
there has its definition here."""

from negotiations.dates import DateBasis, DatePrecision
from negotiations.models import Relation, Stance, Wording

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
