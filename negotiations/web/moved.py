"""A renamed record's old address answers 301 to where the record is now (models.FormerSlug), so that a
citation made before a correction still lands on the record. Asked only when a page was not found: a page
that is found costs nothing more.

The old addresses: a term's and a source's page (/demands/<slug>/, /sources/<slug>/) and a comparison that
names a statement by slug (/compare/?left=<slug>). A statement's own page is by its id, which a rename
leaves alone."""

from django.http import HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from negotiations.models import FormerSlug

# The pages whose address holds a record's slug, and which kind of record it names.
PATH_SLUGS = {"demand_detail": FormerSlug.Kind.DEMAND, "source_detail": FormerSlug.Kind.SOURCE}
# The pages whose query string names statements by slug.
STATEMENT_PARAMETERS = {"home": ("left", "right"), "compare": ("left", "right")}


class FormerSlugRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        moved = moved_to(request)
        return HttpResponsePermanentRedirect(moved) if moved else response


def moved_to(request):
    """Where the record an old address names is now, with the rest of the query string; None when no record
    had that address."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    query = request.GET.copy()
    if match.url_name in PATH_SLUGS:
        record = FormerSlug.objects.moved(PATH_SLUGS[match.url_name], match.kwargs["slug"])
        return with_query(record.get_absolute_url(), query) if record is not None else None
    renamed = False
    for name in STATEMENT_PARAMETERS.get(match.url_name, ()):
        statement = FormerSlug.objects.moved(FormerSlug.Kind.STATEMENT, query.get(name, "").strip())
        if statement is not None:
            query[name], renamed = statement.slug, True
    return with_query(request.path, query) if renamed else None


def with_query(path, query):
    return f"{path}?{query.urlencode()}" if query else path
