"""STAND-INS for the intake's parts other helpers build (extraction, typography, the proposer with its ranking),
so that the review queue's tests run before those parts are merged. Each is the least that honours the interface
in /tmp/common.md; the tests install them with `use_standins(monkeypatch)`.

AT MERGE: drop `use_standins` from the tests that should run against the real parts (the browser test is written
for both), and keep these only where a test needs proposals it controls.
"""

import datetime
import html
import re

from negotiations.intake import extraction, fetch, tasks, typography
from negotiations.intake.proposals import Proposal

# --- typography: curly and straight quotes and apostrophes, dashes, whitespace -----------------------------------

EVEN = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "\u00a0": " "})


def typography_key(text):
    return re.sub(r"\s+", " ", text.translate(EVEN)).strip()


def find_verbatim(needle, haystack):
    pattern = ""
    for char in typography_key(needle):
        if char == " ":
            pattern += r"\s+"
        elif char in "\"'-":
            pattern += "[" + re.escape({'"': '"“”„', "'": "'‘’", "-": "-–—"}[char]) + "]"
        else:
            pattern += re.escape(char)
    found = re.search(pattern, haystack) if pattern else None
    return (found.start(), found.end()) if found else None


# --- extraction: <p> blocks kept; <nav>, <aside>, <footer> and <p class="furniture"> cut --------------------------


def extract(raw, *, is_html):
    if not is_html:
        return extraction.Extracted(raw.strip(), raw, (), "", "", None, "", "")
    blocks = re.findall(r"<(p|li|h2)([^>]*)>(.*?)</\1>", raw, re.S)
    furniture = re.findall(r"<(nav|aside|footer)[^>]*>(.*?)</\1>", raw, re.S)
    inside = "".join(content for _, content in furniture)
    kept = [text for _, attrs, text in blocks if "furniture" not in attrs and text not in inside]
    cut = [text for _, attrs, text in blocks if "furniture" in attrs or text in inside]
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', raw))
    title = re.search(r"<title>(.*?)</title>", raw, re.S)
    published = meta.get("article:published_time", "")[:10]
    return extraction.Extracted(
        text="\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in kept),
        raw=raw,
        cut=tuple(html.unescape(re.sub(r"<[^>]+>", "", text)).strip() for text in cut),
        title=html.unescape(title.group(1)) if title else "",
        publisher=meta.get("og:site_name", ""),
        published_on=datetime.date.fromisoformat(published) if published else None,
        author=meta.get("author", ""),
        url=meta.get("og:url", ""),
    )


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


def candidates(document):
    return [fetch.Candidate(proposal=found, counterparts=(), recorded=None) for found in propose(document)]


def use_standins(monkeypatch, *, proposer=True):
    """Installs the stand-ins where the queue's code reads them (the proposer's only with `proposer`)."""
    monkeypatch.setattr(typography, "typography_key", typography_key)
    monkeypatch.setattr(typography, "find_verbatim", find_verbatim)
    monkeypatch.setattr(extraction, "extract", extract)
    if proposer:
        monkeypatch.setattr(fetch, "candidates", candidates)
    assert tasks.fetch is fetch and tasks.typography is typography  # read through the modules, so patched here


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
