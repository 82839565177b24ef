"""Intake: bring a new article or document in, and review the positions it proposes (issue 23).

- `extraction` — HTML or text in, the main text and its metadata out, and what was cut (trafilatura). Pure.
- `proposals` — the proposer: sentences and clauses with locators, attribution, dates under the rule, topic,
  stance and wording cues. Pure: it reads plain data (ActorInfo, TopicInfo), never the ORM.
- `fetch` — the proposer's inputs read from the database, its candidates completed with what the record already
  holds (counterparts ranked by similarity, quotes already recorded).
"""
