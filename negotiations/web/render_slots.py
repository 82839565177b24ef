"""At most settings.RENDER_SLOTS pages rendered afresh at once on this machine, shared by every worker, and
shared fairly between clients.

A flood of unique, expensive requests (every URL new, so the page cache cannot help) would otherwise take
every worker and both cores, and cached pages would queue behind it. Beyond the slots a fresh render is
refused at once; cached pages and 304s need no slot and keep being served.

Fair, not first come: two clients looping on new pages would otherwise hold every slot, since each asks again
the moment its render ends, and everyone else's fresh pages (a curator's correction among them) would find
none free. So each client (client_ip.client_key) has a share: the render time it used lately (a sum decaying
over settings.RENDER_SHARE_WINDOW seconds), plus a little for each request refused. A client within its share
(settings.RENDER_SHARE_SECONDS) holding no slot already may take any slot; one over its share, or asking for
a second slot at once, only the shared slots, never the last one (kept for the others when there are two or
more: with one slot there is nothing to keep). Clients looping on new pages thus share what is left to them,
and other readers still find a slot. One refused for its share is told to come back when it will be within it
again (429); one refused because every slot is busy, in a moment (503).

The slots are lock files (flock): the kernel frees a slot when its process dies, so none can leak. A slot's
file names its holder while held. The shares are one file of fixed records, one per keyed hash of a client
modulo SHARE_RECORDS, so disk and memory stay bounded however many clients come; two clients meeting in one
record share it, which only ever makes them wait sooner.
"""

import contextlib
import fcntl
import hashlib
import logging
import math
import os
import struct
import time

from django.conf import settings

logger = logging.getLogger("negotiations")

# Slots kept for clients within their share, when there are more slots than this.
RESERVED_SLOTS = 1
# What a refused request counts against its client's share, in render seconds: more than it costs us, so that a
# client that asks again without waiting stays over its share however little it gets rendered.
REFUSAL_COST = 0.02
# Retry-After when every slot is busy: a render takes a second or so.
BUSY_RETRY_AFTER_SECONDS = 2
SHARE_RECORDS = 4096
RECORD = struct.Struct("dd")  # render seconds used, and when they were counted (time.time())
SHARES_FILE = "shares"


class Slot:
    """A render slot held (true); `release()` frees it and counts its time against its client's share.
    `over_share` and `retry_after` as for a Refusal: a client over its share got one of the shared slots."""

    def __init__(self, fd=None, tag="", over_share=False, retry_after=0):
        self.fd, self.tag, self.started = fd, tag, time.monotonic()
        self.over_share, self.retry_after = over_share, retry_after

    def __bool__(self):
        return True

    def __del__(self):
        # A slot whose holder was dropped without release() (a response never closed) must not stay taken for the
        # life of the process.
        if self.fd is not None:
            os.close(self.fd)

    def release(self):
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        try:
            os.ftruncate(fd, 0)  # no longer anyone's
        finally:
            os.close(fd)  # closing the file releases its lock
        charge(self.tag, time.monotonic() - self.started)


class Refusal:
    """No slot (false): `over_share` when the client has had its share lately (429), else every slot was busy
    (503); `retry_after` in seconds."""

    def __init__(self, over_share, retry_after):
        self.over_share, self.retry_after = over_share, retry_after

    def __bool__(self):
        return False

    def release(self):
        pass


def acquire(client=""):
    """A Slot for `client` (its client_key), or a Refusal. Every slot is free to all with RENDER_SLOTS = 0 (no
    limit)."""
    if not settings.RENDER_SLOTS:
        return Slot()
    os.makedirs(settings.RENDER_SLOT_DIR, exist_ok=True)
    tag = tag_of(client)
    used = share_used(tag)
    over_share = used > settings.RENDER_SHARE_SECONDS or holds_a_slot(tag)
    wait = retry_after(used) if over_share else BUSY_RETRY_AFTER_SECONDS
    for number in slots_open_to(over_share):
        fd = take(number, tag)
        if fd is not None:
            return Slot(fd, tag, over_share, wait)
    charge(tag, REFUSAL_COST)
    return Refusal(over_share, wait)


@contextlib.contextmanager
def render_slot(client=""):
    """The Slot (true) or Refusal (false) for `client`, the slot held while inside."""
    grant = acquire(client)
    try:
        yield grant
    finally:
        grant.release()


def slots_open_to(over_share):
    """The slots to try, the reserved ones first (so a client within its share leaves the shared ones to those
    who are not), the reserved ones left out for a client over its share."""
    count = settings.RENDER_SLOTS
    reserved = RESERVED_SLOTS if count > RESERVED_SLOTS else 0
    return range((count - reserved if over_share else count) - 1, -1, -1)


def slot_path(number):
    return os.path.join(settings.RENDER_SLOT_DIR, f"slot-{number}")


def take(number, tag):
    """The slot's file, locked and naming its holder; None when another process holds it."""
    fd = os.open(slot_path(number), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    os.ftruncate(fd, 0)
    os.pwrite(fd, tag.encode(), 0)
    return fd


def holds_a_slot(tag):
    """Whether this client renders something already. A name left by a process that died holding the slot is
    wiped when the slot turns out free."""
    for number in range(settings.RENDER_SLOTS):
        with contextlib.suppress(FileNotFoundError), open(slot_path(number), "r+b") as holder:
            if holder.read(64) != tag.encode():
                continue
            try:
                fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            os.ftruncate(holder.fileno(), 0)
    return False


def tag_of(client):
    """The client under a keyed hash: which share record it uses cannot be chosen from outside (nobody can pick
    an address that lands on someone else's record), and no address is written to disk."""
    key = settings.SECRET_KEY.encode()[:64]
    return hashlib.blake2b(client.encode(), key=key, digest_size=8).hexdigest()


def record_offset(tag):
    return int(tag, 16) % SHARE_RECORDS * RECORD.size


def decayed(used, counted_at, now):
    return used * math.exp(-max(0.0, now - counted_at) / settings.RENDER_SHARE_WINDOW)


def share_used(tag):
    """The render seconds this client used lately, as of now."""
    try:
        fd = os.open(os.path.join(settings.RENDER_SLOT_DIR, SHARES_FILE), os.O_RDONLY)
    except FileNotFoundError:
        return 0.0
    try:
        record = os.pread(fd, RECORD.size, record_offset(tag))
    finally:
        os.close(fd)
    return decayed(*RECORD.unpack(record), time.time()) if len(record) == RECORD.size else 0.0


def charge(tag, seconds):
    """Count `seconds` against the client's share. The record is locked (lockf, by byte range) while it is
    read and rewritten, so two workers finishing at once both count."""
    offset = record_offset(tag)
    fd = os.open(os.path.join(settings.RENDER_SLOT_DIR, SHARES_FILE), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX, RECORD.size, offset)
        record, now = os.pread(fd, RECORD.size, offset), time.time()
        used = decayed(*RECORD.unpack(record), now) if len(record) == RECORD.size else 0.0
        os.pwrite(fd, RECORD.pack(used + seconds, now), offset)
    finally:
        os.close(fd)  # closing the file releases its lock


def retry_after(used):
    """Seconds until a client who used `used` render seconds lately is within its share again."""
    share = settings.RENDER_SHARE_SECONDS
    wait = settings.RENDER_SHARE_WINDOW * math.log(used / share) if used > share > 0 else 0
    return min(60, max(1, math.ceil(wait)))


class Shedding:
    """Refusals are counted and said in the log at most once a SUMMARY_SECONDS per worker: under a flood a line
    per refusal (tens of thousands a minute) would cost more than the refusal, and bury what else is logged."""

    SUMMARY_SECONDS = 60
    since = time.monotonic()
    busy = over_share = 0

    @classmethod
    def count(cls, refusal):
        if refusal.over_share:
            cls.over_share += 1
        else:
            cls.busy += 1
        now = time.monotonic()
        if now - cls.since >= cls.SUMMARY_SECONDS:
            logger.warning(
                "refused %d fresh renders in the last %.0f s: %d over their client's share (429), %d with every "
                "render slot busy (503)",
                cls.over_share + cls.busy,
                now - cls.since,
                cls.over_share,
                cls.busy,
            )
            cls.since, cls.busy, cls.over_share = now, 0, 0


class NotRefusals(logging.Filter):
    """Keeps django.request from logging each refused render as an error (Shedding sums them up instead)."""

    def filter(self, record):
        return not getattr(getattr(record, "request", None), "render_refused", False)
