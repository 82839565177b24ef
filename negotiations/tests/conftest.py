import pytest
from django.core.cache import cache
from django.core.management import call_command

from .factories import DemandFactory, StateFactory, StatementFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages are keyed by the data version, which every test database starts again at 1."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Production serves hashed files listed by `collectstatic`; tests have not run it, so use plain names."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def curated(db):
    """The curated records from the articles, loaded as `make run` loads them."""
    call_command("loaddata", "ceasefire", verbosity=0)


@pytest.fixture
def hx():
    """The headers htmx sends when it swaps part of a page."""
    return {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def russia(db):
    return StateFactory(slug="russia", name="Russia", side="russia")


@pytest.fixture
def ukraine(db):
    return StateFactory(slug="ukraine", name="Ukraine", side="ukraine")


@pytest.fixture
def demand_on(db):
    """`demand_on(day, precision="day", **demand_fields)`: a term voiced in a statement of that date."""

    def make(day, precision="day", **kwargs):
        statement = StatementFactory(stated_on=day, date_precision=precision if day else "unknown")
        return DemandFactory(statement=statement, **kwargs)

    return make
