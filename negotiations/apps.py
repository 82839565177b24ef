from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = "Ceasefire negotiations"

    def ready(self):
        from negotiations import signals
        from negotiations.models import data_version_changed
        from negotiations.web import (
            caching,  # noqa: F401  its receiver keeps the shared copy of the data version
            edge,
        )

        signals.connect()
        # After the page cache's receiver (connected when caching.py was imported): the shared copy of the version
        # is rewritten before the edge is told to forget the older pages (edge.purge).
        data_version_changed.connect(edge.purge, dispatch_uid="edge-purge")
