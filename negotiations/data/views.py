"""/data/: the whole record as a versioned Frictionless Data Package (datapackage.py), at the current data version
or at any published one before it (past.py)."""

import json

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse

from negotiations.citing import versions
from negotiations.data import datapackage, past
from negotiations.models import DataVersion, Redaction
from negotiations.web import caching
from negotiations.web.pages import public_page


def versioned(response, version):
    response["X-Data-Version"] = str(version)
    return response


def refused(refusal):
    """A version that cannot be read, said plainly: the files' clients are programs as often as people."""
    return HttpResponse(refusal.message, status=refusal.status, content_type="text/plain; charset=utf-8")


def read_at(number, name, current, past_files):
    """What `current(version)` reads when `number` is the current version, read in one snapshot with the version
    itself; else `past_files(reading)` for a past one, kept under `name` for the past version last asked (one copy
    per name, not one per version: at 100,000 terms a table is about 25 MB). NotReadable when neither."""
    with datapackage.consistent_reads():
        version = DataVersion.current()
        if number == version.version:
            return current(version)
    reading = versions.Reading.of(number, version)
    # A version's files never change, but for a redaction, which withdraws text from every version there is.
    stamp = (number, Redaction.objects.last_made())
    return caching.per_version(f"past:{name}", stamp, lambda: past_files(reading))


def json_text(descriptor):
    return json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n"


@public_page
def data_page(request):
    version = request.data_version
    package = datapackage.descriptor(version, datapackage.held_sources())
    context = {"package": package, "first_logged": versions.first_logged_version()}
    return TemplateResponse(request, "negotiations/data.html", context)


@public_page
def datapackage_json(request):
    version = request.data_version
    package = datapackage.descriptor(version, datapackage.held_sources())
    return versioned(HttpResponse(json_text(package), content_type="application/json"), version.version)


def current_descriptor(current):
    return json_text(datapackage.descriptor(current, datapackage.held_sources()))


def past_descriptor(reading):
    return json_text(
        datapackage.descriptor(reading.stamp, past.Tables(reading.published_at, [], held=True).held_sources())
    )


@public_page
def versioned_datapackage_json(request, version):
    try:
        content = read_at(version, "datapackage.json", current_descriptor, past_descriptor)
    except versions.NotReadable as refusal:
        return refused(refusal)
    return versioned(HttpResponse(content, content_type="application/json"), version)


def past_zip(reading):
    return past.zipped(past.package(reading), reading.stamp)


def current_zip(current):
    _, files = datapackage.snapshot()
    return past.zipped(files, current)


@public_page
def datapackage_zip(request, version):
    try:
        content = read_at(version, "datapackage.zip", current_zip, past_zip)
    except versions.NotReadable as refusal:
        return refused(refusal)
    caching.keep_one_version("data-zip", version, request.page_key)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}-v{version}.zip"'
    return versioned(response, version)


@public_page
def data_table(request, version, table):
    if table not in datapackage.TABLE_NAMES:
        raise Http404(f"No table “{table}”.")
    chosen = datapackage.table_named(table)
    try:
        content = read_at(
            version,
            f"{table}.csv",
            lambda current: datapackage.csv_text(chosen),
            lambda reading: past.table_text(reading, chosen),
        )
    except versions.NotReadable as refusal:
        return refused(refusal)
    caching.keep_one_version(f"data-table:{table}", version, request.page_key)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{datapackage.NAME}-v{version}-{table}.csv"'
    return versioned(response, version)
