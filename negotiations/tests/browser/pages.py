"""One URL of each page kind, shared by the accessibility and the HTML-validity tests.

The statement page is addressed by id; that entry names the statement by slug, which says which one it is,
and `resolve` turns it into the id once the curated records are in the database.
"""

from negotiations.models import Statement

PAGE_KINDS = {
    "home": "/",
    "compare": "/compare/",
    "compare, a date range side by side": "/compare/?from=2025-01-01&to=2025-12-31",
    "compare, a date range's topic": "/compare/?from=2025-01-01&to=2025-12-31&topic=territory",
    "grid": "/grid/",
    "grid, positions and differences": (
        "/grid/?docs=russia@2025-03-15,ukrainian-memorandum-2025-06-01,russia@2025-06-30,russian-memorandum-2025-06-02"
        "&differences=1"
    ),
    "demands explorer, filtered": "/demands/?from=2025-05-01&to=2025-06-30&party=russia",
    "timeline": "/timeline/",
    "timeline table": "/timeline/table/",
    "topics": "/topics/",
    "topic story": "/topics/territory/",
    "demands explorer, searched": "/demands/?q=30-day+ceasefire&said_by=russia",
    "demands explorer, nothing found": "/demands/?q=cesefire",
    "actor": "/actors/putin/",
    "statement": "/statements/{russian-memorandum-2025-06-02}/",
    "source": "/sources/euromaidan-2025-06-03-memoranda/",
    "demand provenance": "/demands/ru-memo-permanent-neutrality/",
    "about": "/about/",
    "changes": "/changes/",
    "data": "/data/",
    "feeds": "/feeds/?feed=%2Fdemands%2Ffeed%2F%3Fparty%3Drussia",
    "admin login": "/admin/login/",
}


def resolve(path):
    """'/statements/{slug}/' → '/statements/<id>/'; other paths unchanged."""
    if "{" not in path:
        return path
    prefix, rest = path.split("{", 1)
    slug, suffix = rest.split("}", 1)
    return f"{prefix}{Statement.objects.get(slug=slug).pk}{suffix}"
