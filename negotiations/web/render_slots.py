"""At most settings.RENDER_SLOTS pages rendered afresh at once on this machine, shared by every worker.

A flood of unique, expensive requests (every URL new, so the page cache cannot help) would otherwise take
every worker and both cores, and cached pages would queue behind it. Beyond the slots a fresh render is
refused at once with a 503 and Retry-After; cached pages and 304s need no slot and keep being served.
The slots are lock files (flock): the kernel frees a slot when its process dies, so none can leak.
"""

import contextlib
import fcntl
import os

from django.conf import settings


@contextlib.contextmanager
def render_slot():
    """True while holding a slot (always, with RENDER_SLOTS = 0: no limit); False when every slot is taken."""
    if not settings.RENDER_SLOTS:
        yield True
        return
    directory = settings.RENDER_SLOT_DIR
    os.makedirs(directory, exist_ok=True)
    for number in range(settings.RENDER_SLOTS):
        handle = open(os.path.join(directory, f"slot-{number}"), "a")  # noqa: SIM115 - held while rendering
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        try:
            yield True
        finally:
            handle.close()  # closing the file releases its lock
        return
    yield False
