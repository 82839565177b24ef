"""`@public_stream`: `@public_page` for a body streamed from the database as it is sent (the explorer's exports).

Such a body is the costliest thing a reader can ask for (the whole record is 38 MB of CSV at 100,000 terms, two
seconds of a core), so it is rendered in a render slot like any fresh page, shared as fairly (render_slots.py),
and the slot is held until the last byte is sent, not only until the view returns. Its rows and the data
version they are stamped with are read in one snapshot (models.consistent_reads), opened before the response
is made, so the headers name the version the rows hold.

Kept per data version like a page when small (KEEP_STREAMED_BYTES: an export of a few hundred terms); a larger
body is streamed again each time, in flat memory. Kept whole it would sit in the worker's memory while read
and in Redis for a day per version and query, for what the ETag already gives: a reader's repeat download
is a 304, and a cache in front (Varnish, a CDN) can keep the big files by it.
"""

import functools

from django.db import connection, transaction
from django.utils.cache import get_conditional_response, patch_cache_control
from django.views.decorators.http import require_safe

from negotiations.models import DataVersion, consistent_reads
from negotiations.web import caching, edge
from negotiations.web.client_ip import client_key
from negotiations.web.pages import (
    look_up,
    origin_of,
    parse,
    query_form_of,
    refused,
    render,
    store_fresh,
    validators_of,
)
from negotiations.web.render_slots import acquire

KEEP_STREAMED_BYTES = 256 * 1024


def public_stream(view=None, *, query):
    """Decorate a view that returns a StreamingHttpResponse; `query` as for `@public_page`. The view reads
    inside the snapshot, at `request.data_version`."""
    if view is None:
        return functools.partial(public_stream, query=query)
    query_form = query_form_of(query)

    @functools.wraps(view)
    @require_safe
    def wrapper(request, *args, **kwargs):
        state = query_form().canonical_of(request.GET)
        key = request.page_key = caching.page_key("stream", origin_of(request), request.path, state.urlencode())
        entry, stamp = look_up(request, key)
        validators = validators_of(key, stamp, False)
        response = get_conditional_response(request, etag=validators.etag, last_modified=validators.timestamp)
        if response is None and entry is not None and entry.version == stamp.version:
            response = entry.response()
        if response is None:

            def rendered(parsed):
                return render(view, request, parsed, state, None, args, kwargs)

            response = streamed(request, key, state, query, rendered)
        patch_cache_control(response, no_cache=True)
        return edge.mark(request, response, validators.etag)

    return wrapper


def streamed(request, key, state, query, rendered):
    """The view's response, read in a snapshot and sent in a render slot; a refusal when there is none."""
    slot = acquire(client_key(request))
    if not slot:
        return refused(request, slot)
    snapshot = Snapshot(slot)
    try:
        row = DataVersion.current()
        stamp = request.data_version = DataVersion.stamp((row.version, row.changed_at))
        parsed = parse(query, request.GET, state)
        response = rendered(parsed)
    except BaseException:
        snapshot.close()
        raise
    validators = validators_of(key, stamp, False)
    store_fresh(key, stamp.version, response, validators, parsed)  # its validators; kept if not streamed
    if not response.streaming:
        snapshot.close()
        return response

    def keep(content):
        if not response.query_refused:  # store_fresh's decision
            caching.keep(key, stamp.version, content, response)

    response.streaming_content = Stream(response.streaming_content, snapshot.close, keep)
    return response


class Snapshot:
    """A render slot held and a consistent read open until `close()`, however the stream ends. Inside a
    transaction already (a test's), that transaction is the snapshot: a nested one left open by a response
    nobody reads to its end (the test client closes only those it reads whole) would outlive it."""

    def __init__(self, slot):
        self.slot, self.reads = slot, None
        if connection.in_atomic_block:
            return
        reads = consistent_reads()
        try:
            reads.__enter__()
        except BaseException:
            slot.release()
            raise
        self.reads = reads

    def close(self):
        reads, self.reads = self.reads, None
        try:
            if reads is not None:
                # Nothing was written: rolling back ends the snapshot even on a connection that broke
                # mid-stream (a failed rollback drops the connection, where a failed commit would raise).
                transaction.set_rollback(True)
                reads.__exit__(None, None, None)
        finally:
            self.slot.release()


class Stream:
    """A streamed body passed through as it is sent. When it ends (sent whole, cut off, or the reader gone)
    `finish` runs; a body sent whole and no larger than KEEP_STREAMED_BYTES is handed to `keep` first."""

    def __init__(self, chunks, finish, keep):
        self.chunks, self.finish, self.keep = iter(chunks), finish, keep
        self.kept, self.size = [], 0

    def __iter__(self):
        return self

    def __next__(self):
        try:
            chunk = next(self.chunks)
        except StopIteration:
            if self.kept is not None:
                self.keep(b"".join(self.kept))
                self.kept = None
            raise
        if self.kept is not None:
            self.size += len(chunk)
            if self.size <= KEEP_STREAMED_BYTES:
                self.kept.append(chunk)
            else:  # too large to keep: let go of what was gathered, and stream in flat memory
                self.kept = None
        return chunk

    def close(self):
        self.kept = None
        self.finish()
