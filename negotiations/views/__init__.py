"""Public pages, one module per page family: read-only, GET (and HEAD) only, each through `@public_page`
(pages.py), which parses the query string, picks page or fragment and serves the page cache."""

from .about import about
from .changes import change_list, changes_feed
from .compare import compare
from .data import data_page, data_table, datapackage_json
from .demands import demand_detail, demand_export, demand_feed, demand_list
from .records import actor_detail, actor_list, source_detail, source_list, statement_detail, statement_list
from .timeline import timeline_page, timeline_table
from .topics import topic_detail, topic_list

__all__ = [
    "about",
    "actor_detail",
    "actor_list",
    "change_list",
    "changes_feed",
    "compare",
    "data_page",
    "data_table",
    "datapackage_json",
    "demand_detail",
    "demand_export",
    "demand_feed",
    "demand_list",
    "source_detail",
    "source_list",
    "statement_detail",
    "statement_list",
    "timeline_page",
    "timeline_table",
    "topic_detail",
    "topic_list",
]
