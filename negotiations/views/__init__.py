"""Public pages, one module per page family: read-only, GET (and HEAD) only, each through `@public_page`
(pages.py), which parses the query string, picks page or fragment and serves the page cache."""

from .compare import compare
from .demands import demand_detail, demand_export, demand_list
from .records import actor_detail, actor_list, source_detail, source_list, statement_detail, statement_list
from .timeline import timeline_page

__all__ = [
    "actor_detail",
    "actor_list",
    "compare",
    "demand_detail",
    "demand_export",
    "demand_list",
    "source_detail",
    "source_list",
    "statement_detail",
    "statement_list",
    "timeline_page",
]
