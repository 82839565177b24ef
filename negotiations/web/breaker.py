"""A circuit breaker, per process, for a dependency that may stop answering (Redis, PostgreSQL).

A server that refuses connections fails at once; one that accepts them and never answers makes every call wait
its whole timeout, and a request that makes several calls waits for each. After a failure the dependency is left
alone for a cool-down: callers skip it at once (the page cache serves uncached pages, the database answers 503
or the last known version). Then one caller tries it again (the probe) while the others keep skipping; an answer
closes the breaker, a failure opens it for another cool-down (the database's breaker probes from a thread of its
own instead: web/postgresql). Said once in the log per outage, not per request.
"""

import logging
import time

logger = logging.getLogger("negotiations")


class Breaker:
    def __init__(self, name, meanwhile, cool_down):
        self.name = name  # what the log calls the dependency
        self.meanwhile = meanwhile  # what the site does without it, for the log
        self.cool_down = cool_down
        self.down = False
        self.retry_at = 0.0

    def allows(self):
        """May the dependency be called now? Yes while it answers; during an outage, once per cool-down: this
        caller is the probe, and the others skip until it has answered or failed."""
        if not self.down:
            return True
        now = time.monotonic()
        if now < self.retry_at:
            return False
        self.retry_at = now + self.cool_down
        return True

    def failed(self, error):
        if not self.down:
            logger.error("%s unavailable, %s: %s", self.name, self.meanwhile, error)
        self.down = True
        self.retry_at = time.monotonic() + self.cool_down

    def worked(self):
        if self.down:
            logger.warning("%s available again", self.name)
        self.down = False
