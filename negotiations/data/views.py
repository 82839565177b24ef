"""/data/: the whole record as a versioned Frictionless Data Package (datapackage.py)."""

import json

from django.http import Http404, HttpResponse, HttpResponseGone
from django.template.response import TemplateResponse

from negotiations.data import datapackage
from negotiations.models import DataVersion
from negotiations.web import caching
from negotiations.web.pages import public_page


def versioned(response, version):
    response["X-Data-Version"] = str(version.version)
    return response


@public_page
def data_page(request):
    version = request.data_version
    package = datapackage.descriptor(version, datapackage.held_sources())
    return TemplateResponse(request, "negotiations/data.html", {"package": package})


@public_page
def datapackage_json(request):
    version = request.data_version
    package = datapackage.descriptor(version, datapackage.held_sources())
    content = json.dumps(package, ensure_ascii=False, indent=1) + "\n"
    return versioned(HttpResponse(content, content_type="application/json"), version)


@public_page
def data_table(request, version, table):
    if table not in datapackage.TABLE_NAMES:
        raise Http404(f"No table “{table}”.")
    with datapackage.consistent_reads():
        current = DataVersion.current()
        if version != current.version:
            return HttpResponseGone(
                f"Data version {version} is not the current one ({current.version}): the record has changed since. "
                "Read /data/datapackage.json again for the current tables, and /changes/ for what changed.",
                content_type="text/plain; charset=utf-8",
            )
        content = datapackage.csv_text(datapackage.table_named(table))
    caching.keep_one_version(f"data-table:{table}", version, request.page_key)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}-v{version}-{table}.csv"'
    return versioned(response, current)
