"""PLACEHOLDER on branch `queue` (the interface only): helper "rank" builds the extraction; the lead takes theirs at
merge. HTML or text in, the main text and its metadata out, and what was cut."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str
    raw: str
    cut: tuple[str, ...]
    title: str
    publisher: str
    published_on: datetime.date | None
    author: str
    url: str


def extract(raw: str, *, is_html: bool) -> Extracted:
    raise NotImplementedError("issue 23: the extraction (helper rank)")
