"""A proposer the queue's tests control: the review queue's rules (accept, merge, reject, propose again) are tested
on proposals whose every field the test knows, so that a change in the real proposer's judgement (tested on its own,
test_intake_proposals.py) does not move them. The article and the curator's story also run on the real parts
(browser/test_intake.py, test_intake_queue.py's real-proposer test)."""

import re

from negotiations.intake import fetch, tasks
from negotiations.intake.proposals import Proposal

# --- the proposer: each sentence with a quotation and a reporting verb, its speaker the name before the verb ---

SPEAKERS = {
    "Putin": ("putin", "russia"),
    "Zelensky": ("zelenskyy", "ukraine"),
    "Russia": ("russia", "russia"),
    "Ukraine": ("ukraine", "ukraine"),
}
TOPICS = {"ceasefire": "ceasefire", "territor": "territory", "neutral": "alliances-neutrality-guarantees"}


def propose(document):
    proposals = []
    for found in re.finditer(r"[^.!?\n]*“[^”]+”[^.!?\n]*[.!?]?", document.text):
        sentence = found.group().strip()
        if not re.search(r"\b(said|demanded|insisted|rejected|proposed)\b", sentence):
            continue
        start = found.start() + found.group().index(sentence)
        speaker, party = next((who for name, who in SPEAKERS.items() if name in sentence), (None, None))
        topic = next((slug for word, slug in TOPICS.items() if word in sentence.lower()), None)
        proposals.append(proposal(sentence, start, speaker, party, topic, document))
    return proposals


def proposal(sentence, start, speaker, party, topic, document):
    return Proposal(
        quote=sentence,
        start=start,
        end=start + len(sentence),
        locator=f"sentence at {start}",
        speaker=speaker,
        party=party,
        reported_by=document.publisher,
        cited=None,
        stated_on=document.published_on,
        date_precision="day" if document.published_on else "unknown",
        date_basis="reported" if document.published_on else "none",
        date_note="the report's date: the text gives none" if document.published_on else "no date given",
        topic=topic,
        stance="demand",
        wording="own",
        cues=("said",),
    )


def candidates(document, on_progress=None):
    found = propose(document)
    for done in range(1, len(found) + 1):
        if on_progress is not None:
            on_progress(done, len(found))
    return [fetch.Candidate(proposal=proposal, counterparts=(), recorded=None) for proposal in found]


def use_standins(monkeypatch):
    """Installs the controlled proposer where the queue's task reads it."""
    monkeypatch.setattr(fetch, "candidates", candidates)
    assert tasks.fetch is fetch  # read through the module, so patched here


# An article as a curator saves it from the web: clear positions (quotation marks, "said", named actors of the
# curated records), page furniture around them. Written for the stand-ins and the real parts alike.
ARTICLE_TITLE = "Putin and Zelensky set out their terms"
ARTICLE_HTML = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{ARTICLE_TITLE}</title>
<meta property="og:site_name" content="Kyiv Post">
<meta property="article:published_time" content="2025-06-03T10:00:00+00:00">
<meta name="author" content="Anna Reporter">
<meta property="og:url" content="https://www.kyivpost.com/post/terms-2025-06-03">
</head><body>
<nav><ul><li>Home</li><li>World</li><li>Opinion</li></ul></nav>
<article>
<h1>{ARTICLE_TITLE}</h1>
<p>Russian President Vladimir Putin said on 2 June: “Ukraine must withdraw its troops from the four regions before \
any ceasefire.”</p>
<p>Ukrainian President Volodymyr Zelensky said Kyiv “will never recognise the occupied territories as Russian.”</p>
<p>Putin demanded that “Ukraine’s neutral status must be guaranteed by law.”</p>
<p>Zelensky insisted on “a full and unconditional ceasefire for at least 30 days.”</p>
<p class="furniture">Support us: become a member today.</p>
</article>
<aside><p>Related: Five things to know about the talks</p></aside>
<footer><p>Follow us on Telegram</p></footer>
</body></html>
"""
