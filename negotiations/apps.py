from django.apps import AppConfig


class NegotiationsConfig(AppConfig):
    name = "negotiations"
    verbose_name = "Ceasefire negotiations"

    def ready(self):
        from negotiations import signals
        from negotiations.web import caching  # noqa: F401  its receiver keeps the shared copy of the data version

        signals.connect()
